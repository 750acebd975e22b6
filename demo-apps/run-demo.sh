#!/usr/bin/env bash
# Palisade demo: starts a deliberately vulnerable service with the agent attached in block mode,
# sends one benign request and one SQL injection, and shows the responses and the audit event.
#   run-demo.sh                 the Jakarta bookstore (embedded Tomcat 11, servlets, plain JDBC)
#   run-demo.sh --spring-boot   the Spring Boot shop (Spring MVC, JSON bodies, JdbcTemplate)
# DEMO_DB=postgresql|mariadb picks another database than the embedded H2.
# Works from any directory. Builds the jars first (from the repository root) only if one is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENT_JAR="$ROOT/agent/target/palisade-agent.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DB="${DEMO_DB:-h2}"
APP="bookstore"
case "${1:-}" in
  "") ;;
  --spring-boot) APP="shop" ;;
  *) echo "usage: $0 [--spring-boot]" >&2; exit 2 ;;
esac
if [ "$APP" = "shop" ]; then
  APP_JAR="$ROOT/demo-apps/spring-boot-shop/target/spring-boot-shop.jar"
  APP_TITLE="Spring Boot shop"
  LISTENING_LINE="Shop listening on port"
else
  APP_JAR="$ROOT/demo-apps/jakarta-bookstore/target/jakarta-bookstore.jar"
  APP_TITLE="bookstore"
  LISTENING_LINE="Bookstore listening on port"
fi

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

echo "== Starting the $APP_TITLE ($DB) with -javaagent:$AGENT_JAR=policy=$POLICY"
: >"$WORK/app.out"
: >"$WORK/app.err"
cd "$WORK"   # the app's working directory; every path below is absolute
"$JAVA" "-javaagent:$AGENT_JAR=policy=$POLICY" -jar "$APP_JAR" --port=0 "--db=$DB" >"$WORK/app.out" 2>"$WORK/app.err" &
APP_PID=$!

PORT=""
for _ in $(seq 1 1200); do
  PORT="$(sed -n "s/^$LISTENING_LINE \([0-9][0-9]*\)\$/\1/p" "$WORK/app.out" | head -n1 || true)"
  [ -n "$PORT" ] && break
  if ! kill -0 "$APP_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$PORT" ]; then
  echo "The $APP_TITLE did not start. stdout:"; cat "$WORK/app.out"
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

# A JSON POST: label, URL, body.
post_json() {
  local label="$1" url="$2" body="$3"
  echo
  echo "== $label"
  local q="'" shown
  shown="'${body//$q/$q\\$q$q}'"   # single-quoted for the shell, each ' written as '\''
  echo "\$ curl -H 'Accept: application/json' -H 'Content-Type: application/json' -d $shown '$url'"
  curl -sS -H 'Accept: application/json' -H 'Content-Type: application/json' --data-binary "$body" \
    -w '\nHTTP status: %{http_code}\n' "$url"
}

# An HTML page with one request header: label, URL, header name, header value.
header_request() {
  local label="$1" url="$2" name="$3" value="$4"
  echo
  echo "== $label"
  echo "\$ curl -H 'Accept: text/html' -H \"$name: $value\" '$url'"
  curl -sS -H 'Accept: text/html' -H "$name: $value" -w '\nHTTP status: %{http_code}\n' "$url"
}

if [ "$APP" = "shop" ]; then
  post_json "Benign request: search products for \"desk\"" "$BASE/api/products/search" '{"query":"desk"}'
  post_json "SQL injection in a JSON field: x%' OR 1=1 -- (would return every product)" \
    "$BASE/api/products/search" "{\"query\":\"x%' OR 1=1 --\"}"
  header_request "Template injection: a header that becomes a Thymeleaf fragment selector (Thymeleaf's own guard does not look at headers)" \
    "$BASE/thymeleaf/fragments/by-header" "X-Section" "__\${'foo'+'ter'}__"
else
  request "Benign request: book 1" "$BASE/books?id=1"
  request "SQL injection: id=1 OR 1=1 (would return every book)" "$BASE/books?id=1%20OR%201=1"
fi

# The agent may write its audit log asynchronously: wait (at most 10 s) for the finding to land.
for _ in $(seq 1 100); do
  grep -q '"sql_injection"' "$AUDIT" 2>/dev/null && { [ "$APP" != "shop" ] || grep -q '"template_injection"' "$AUDIT"; } && break
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
if [ "$APP" = "shop" ]; then
  echo
  echo "== The shop's @RestControllerAdvice caught the block and tried to answer with its JSON 500; the client still got the 403:"
  grep 'request failed: io.palisade.bootstrap.PalisadeBlockedException' "$WORK/app.out" || echo "(no line)"
fi
echo
echo "== Files kept in $WORK (policy.json, palisade-audit.jsonl, app.out, app.err)"
