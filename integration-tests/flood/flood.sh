#!/usr/bin/env bash
# Flood figures for audit aggregation: starts the bookstore (H2) with the agent in block mode, once with
# audit.aggregate_repeats on and once off, sends 10,000 identical SQL injections from 8 clients
# (one client IP: the worst case for the log), and reports the audit events written, the log's size,
# and the latency of benign requests during the flood against the same requests without it.
# Needs the agent jar and the bookstore jar (mvn -q -pl agent,demo-apps/jakarta-bookstore -am package
# -Dmaven.test.skip=true). On a shared 2-core machine the absolute numbers are noisy; the ratios matter.
set -euo pipefail
cd "$(dirname "$0")/../.."
AGENT=agent/target/palisade-agent.jar
APP=demo-apps/jakarta-bookstore/target/jakarta-bookstore.jar
COUNT=${COUNT:-10000}
THREADS=${THREADS:-8}
WORK=$(mktemp -d /tmp/palisade-flood.XXXX)

run() {
  local aggregate=$1 dir="$WORK/aggregate-$1"
  mkdir -p "$dir"
  printf '{"version":1,"name":"flood","mode":"block","audit":{"path":"%s/audit.jsonl","aggregate_repeats":%s}}' \
    "$dir" "$aggregate" > "$dir/policy.json"
  java -javaagent:$AGENT=policy=$dir/policy.json -jar $APP --port=0 --threads=20 > "$dir/stdout.log" 2> "$dir/stderr.log" &
  local pid=$!
  local port=""
  for _ in $(seq 1 60); do
    port=$(grep -o 'listening on port [0-9]*' "$dir/stdout.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 1
  done
  local base="http://127.0.0.1:$port"
  java integration-tests/flood/Flood.java "$base" benign 2000 2 > /dev/null   # warm-up
  java integration-tests/flood/Flood.java "$base" attack 2000 "$THREADS" > /dev/null   # warm-up
  sleep 2
  local before=$(wc -l < "$dir/audit.jsonl") bytes_before=$(stat -c %s "$dir/audit.jsonl")
  local quiet=$(java integration-tests/flood/Flood.java "$base" benign 2000 2)
  java integration-tests/flood/Flood.java "$base" attack "$COUNT" "$THREADS" > "$dir/attack.txt" &
  local flood=$!
  sleep 0.5
  local loaded=$(java integration-tests/flood/Flood.java "$base" benign 2000 2)
  wait $flood
  sleep 2   # the last second's aggregate is written by the 200 ms flush
  local after=$(wc -l < "$dir/audit.jsonl") bytes_after=$(stat -c %s "$dir/audit.jsonl")
  kill $pid; wait $pid 2>/dev/null || true
  echo "aggregate_repeats=$aggregate"
  echo "  flood:            $(cat "$dir/attack.txt")"
  echo "  events written:   $((after - before)) lines, $((bytes_after - bytes_before)) bytes for $COUNT attacks (plus the benign runs: none)"
  echo "  benign, quiet:    $quiet"
  echo "  benign, flooded:  $loaded"
  grep -h "stopping:" "$dir/stderr.log" | sed 's/^/  /'
}

run true
run false
echo "work directory: $WORK"
