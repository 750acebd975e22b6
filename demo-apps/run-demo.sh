#!/usr/bin/env bash
# Palisade demo: starts the deliberately vulnerable bookstore with the agent attached in block mode,
# sends one benign request and one SQL injection, and shows the responses and the audit event.
# Works from any directory. Builds the jars first (from the repository root) only if one is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENT_JAR="$ROOT/agent/target/palisade-agent.jar"
APP_JAR="$ROOT/demo-apps/jakarta-bookstore/target/jakarta-bookstore.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DB="${DEMO_DB:-h2}"

if [ ! -f "$AGENT_JAR" ] || [ ! -f "$APP_JAR" ]; then
  echo "== Building Palisade and the demo app (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -q -DskipTests package)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/palisade-demo.XXXXXX")"
POLICY="$WORK/policy.json"
AUDIT="$WORK/palisade-audit.jsonl"
cat > "$POLICY" <<JSON
{"version":1,"name":"demo","mode":"block","audit":{"path":"$AUDIT"}}
JSON

APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

echo "== Starting the bookstore ($DB) with -javaagent:$AGENT_JAR=policy=$POLICY"
: >"$WORK/app.out"
: >"$WORK/app.err"
cd "$WORK"   # the app's working directory; every path below is absolute
"$JAVA" "-javaagent:$AGENT_JAR=policy=$POLICY" -jar "$APP_JAR" --port=0 "--db=$DB" >"$WORK/app.out" 2>"$WORK/app.err" &
APP_PID=$!

PORT=""
for _ in $(seq 1 600); do
  PORT="$(sed -n 's/^Bookstore listening on port \([0-9][0-9]*\)$/\1/p' "$WORK/app.out" | head -n1 || true)"
  [ -n "$PORT" ] && break
  if ! kill -0 "$APP_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$PORT" ]; then
  echo "The bookstore did not start. stdout:"; cat "$WORK/app.out"
  echo "stderr:"; cat "$WORK/app.err"
  exit 1
fi
BASE="http://127.0.0.1:$PORT"
echo "== Listening on $BASE; agent start-up lines:"
grep -i palisade "$WORK/app.err" || true

request() {
  local label="$1" url="$2"
  echo
  echo "== $label"
  echo "\$ curl -H 'Accept: application/json' '$url'"
  curl -sS -H 'Accept: application/json' -w '\nHTTP status: %{http_code}\n' "$url"
}

request "Benign request: book 1" "$BASE/books?id=1"
request "SQL injection: id=1 OR 1=1 (would return every book)" "$BASE/books?id=1%20OR%201=1"

# The agent may write its audit log asynchronously: wait (at most 10 s) for the finding to land.
for _ in $(seq 1 100); do
  grep -q '"sql_injection"' "$AUDIT" 2>/dev/null && break
  sleep 0.1
done
echo
echo "== Audit log $AUDIT"
if [ -s "$AUDIT" ]; then
  while IFS= read -r line; do
    if command -v jq >/dev/null 2>&1; then
      printf '%s\n' "$line" | jq .
    else
      printf '%s\n' "$line" | python3 -m json.tool
    fi
  done < "$AUDIT"
else
  echo "(empty)"
fi
echo
echo "== Files kept in $WORK (policy.json, palisade-audit.jsonl, app.out, app.err)"
