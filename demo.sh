#!/usr/bin/env bash
# The ipsync demo: a web process and a worker process of the sample shop share a RAM-disk
# directory; orders flow from one to the other through an ipsync queue, settings through a data
# event, a reload through an event. Builds what it needs, runs both processes, shows the flow,
# and stops both cleanly. Needs only a JDK 17+ and curl.
set -euo pipefail
cd "$(dirname "$0")"

echo "== Building (first run downloads Maven and the dependencies) ..."
./mvnw -q -B -DskipTests package

JAR=ipsync-sample-app/target/ipsync-sample-app.jar
SHOP_DIR=$(mktemp -d /dev/shm/ipsync-shop.XXXXXX 2>/dev/null || mktemp -d)
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 8080)}
BASE="http://localhost:$PORT"
WORKER_LOG="$SHOP_DIR/worker.log"
WEB_LOG="$SHOP_DIR/web.log"
export SHOP_DIR

cleanup() {
  for pid in ${WEB_PID:-} ${WORKER_PID:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${WEB_PID:-} ${WORKER_PID:-}; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# Waits up to $2 seconds for the command in $1 to succeed.
wait_for() {
  local deadline=$((SECONDS + $2))
  until eval "$1" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "!! timed out waiting for: $1" >&2; tail -n 30 "$WORKER_LOG" "$WEB_LOG" >&2; exit 1; fi
    sleep 0.2
  done
}

echo "== Shop directory: $SHOP_DIR"
echo "== Starting the worker (profile 'worker') and the web process (profile 'web', port $PORT)"
java -jar "$JAR" --spring.profiles.active=worker >"$WORKER_LOG" 2>&1 &
WORKER_PID=$!
java -jar "$JAR" --spring.profiles.active=web --server.port="$PORT" >"$WEB_LOG" 2>&1 &
WEB_PID=$!
wait_for "grep -q 'Started ShopApplication' '$WORKER_LOG'" 120
wait_for "curl -fs $BASE/actuator/health" 120

echo "== Publishing settings (data event 'settings')"
curl -fsS -X POST "$BASE/settings" -H 'Content-Type: application/json' -d '{"currency":"CHF","shippingDelayMillis":50}'
echo
wait_for "grep -q 'Settings now: ShopSettings\[currency=CHF' '$WORKER_LOG'" 30

echo "== Placing 10 orders (queue 'orders')"
for i in $(seq 1 10); do
  curl -fsS -X POST "$BASE/orders" -H 'Content-Type: application/json' \
    -d "{\"customer\":\"customer-$i\",\"lines\":[{\"item\":\"tea\",\"quantity\":$i}]}"
  echo
done
echo "== Placing one bad order (quantity 0): retried, then dead-lettered"
curl -fsS -X POST "$BASE/orders" -H 'Content-Type: application/json' \
  -d '{"customer":"mallory","lines":[{"item":"tea","quantity":0}]}'
echo
wait_for "[ \$(grep -c 'Shipped order' '$WORKER_LOG') -ge 10 ]" 60
wait_for "ls '$SHOP_DIR/orders/.ipsync/dead/' | grep -q '^reason-'" 60

echo "== Signalling a catalogue reload (event 'reload')"
curl -fsS -X POST "$BASE/reload"
wait_for "grep -q 'Reloaded the catalogue: now v2' '$WORKER_LOG'" 30

echo
echo "== What the worker did:"
grep -E 'Shipped order|Settings now|Reloaded the catalogue|Dead-lettered' "$WORKER_LOG" | sed -E 's/^.*(INFO|WARN)[^:]*: /  /' | cut -c1-160
echo
echo "== The ipsync actuator endpoint of the web process ($BASE/actuator/ipsync):"
curl -fsS "$BASE/actuator/ipsync"
echo
echo
echo "== The dead letter's reason:"
cat "$SHOP_DIR"/orders/.ipsync/dead/reason-*.json
echo
echo "== Stopping both processes (graceful: handling in progress finishes, nothing is lost)"
cleanup
trap - EXIT
if [[ "${KEEP_DEMO_FILES:-}" == 1 ]]; then
  echo "== Demo finished. Logs and files are in $SHOP_DIR"
else
  rm -rf "$SHOP_DIR"
  echo "== Demo finished (KEEP_DEMO_FILES=1 keeps the logs and files)"
fi
