#!/usr/bin/env bash
# Start-up time of the Spring Boot shop with and without the Palisade agent: RUNS (default 5) runs of
# each, alternating (without, with, without, ...) so that a machine getting busier or quieter affects
# both alike; prints every run and the medians. Time = from launching the JVM to the shop's
# "Shop listening on port N" line (Spring context, Hikari pool, schema and seed data, Tomcat started).
# Needs the jars: mvn -q -DskipTests package (from the repository root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
AGENT_JAR="$ROOT/agent/target/palisade-agent.jar"
APP_JAR="$ROOT/demo-apps/spring-boot-shop/target/spring-boot-shop.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
RUNS="${RUNS:-5}"
for jar in "$AGENT_JAR" "$APP_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build with mvn -q -DskipTests package" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/palisade-startup.XXXXXX")"
cat > "$WORK/policy.json" <<JSON
{"version":1,"name":"startup-time","mode":"block","audit":{"path":"$WORK/palisade-audit.jsonl"}}
JSON
APP_PID=""
trap '[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; true' EXIT

# Prints the milliseconds until the listening line; $1 = "agent" or "plain".
one_run() {
  local agent_args=()
  [ "$1" = "agent" ] && agent_args=("-javaagent:$AGENT_JAR=policy=$WORK/policy.json")
  : >"$WORK/out"
  local start end
  start=$(date +%s%N)
  "$JAVA" "${agent_args[@]}" -jar "$APP_JAR" --port=0 --db=h2 >"$WORK/out" 2>"$WORK/err" &
  APP_PID=$!
  until grep -q '^Shop listening on port' "$WORK/out"; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "the shop exited before listening:" >&2; cat "$WORK/out" "$WORK/err" >&2; exit 1
    fi
    sleep 0.02
  done
  end=$(date +%s%N)
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }

plain=(); agent=()
for i in $(seq 1 "$RUNS"); do
  p=$(one_run plain); a=$(one_run agent)
  plain+=("$p"); agent+=("$a")
  echo "run $i: without agent ${p} ms, with agent ${a} ms"
done
mp=$(printf '%s\n' "${plain[@]}" | median)
ma=$(printf '%s\n' "${agent[@]}" | median)
echo "median of $RUNS: without agent ${mp} ms, with agent ${ma} ms (+$((ma - mp)) ms)"
echo "java: $("$JAVA" -version 2>&1 | head -n1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
