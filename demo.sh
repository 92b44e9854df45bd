#!/usr/bin/env bash
# The ipsync demo: a web process and a worker process of the sample shop share a RAM-disk
# directory; orders flow from one to the other through an ipsync queue, settings through a data
# event, a reload through an event. Builds what it needs, runs both processes, shows the flow,
# and stops both cleanly. Needs only a JDK 17+ and curl.
#
# ./demo.sh --redis runs the same shop over Redis: a redis-server of its own on a free port in a
# temporary directory (stopped at the end), and web and worker processes with separate base
# directories, so that they can meet only through Redis, as on two hosts. Needs redis-server.
set -euo pipefail
cd "$(dirname "$0")"

REDIS=0
for argument in "$@"; do
  case "$argument" in
    --redis) REDIS=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $argument (usage: ./demo.sh [--redis])" >&2; exit 2 ;;
  esac
done

if ((REDIS)) && ! command -v redis-server >/dev/null 2>&1; then
  cat >&2 <<'MISSING'
!! ./demo.sh --redis needs redis-server (Redis 6.2 or later, or Valkey), which is not installed.
   On Debian or Ubuntu:  sudo apt-get install redis-server
   On Fedora:            sudo dnf install redis
   On macOS (Homebrew):  brew install redis
   The demo starts its own server on a free port; the system's service need not run.
MISSING
  exit 1
fi

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
  # The server last: the processes give their claims back to it as they stop.
  if [[ -n "${REDIS_PID:-}" ]]; then kill -TERM "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
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

# Sends one command to the demo's Redis server; redis-cli where it is installed (it comes with
# Debian's redis-server), otherwise plain RESP over bash's /dev/tcp.
redis_command() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"
  else
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT"
    printf '*%d\r\n' "$#" >&3
    for word in "$@"; do printf '$%d\r\n%s\r\n' "${#word}" "$word" >&3; done
    timeout 2 cat <&3 | tr -d '\r' | grep -v '^[*$]' || true
    exec 3<&-
  fi
}

echo "== Shop directory: $SHOP_DIR"
if ((REDIS)); then
  # Separate base directories: the processes share no folder, only the server.
  WEB_DIR="$SHOP_DIR/web-host"
  WORKER_DIR="$SHOP_DIR/worker-host"
  REDIS_DIR="$SHOP_DIR/redis"
  mkdir -p "$WEB_DIR" "$WORKER_DIR" "$REDIS_DIR"
  REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || shuf -i 20000-60000 -n 1)
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  echo "== Starting redis-server on $REDIS_URL (data and log in $REDIS_DIR; append-only file, fsync every second)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --appendonly yes --appendfsync everysec \
    --save "" --daemonize no --logfile "$REDIS_DIR/redis.log" &
  REDIS_PID=$!
  wait_for "redis_command PING | grep -q PONG" 15
  echo "== Starting the worker (profiles 'worker,redis', base dir $WORKER_DIR)"
  echo "   and the web process (profiles 'web,redis', base dir $WEB_DIR, port $PORT)"
  java -jar "$JAR" --spring.profiles.active=worker,redis --spring.data.redis.url="$REDIS_URL" \
    --ipsync.base-dir="$WORKER_DIR" >"$WORKER_LOG" 2>&1 &
  WORKER_PID=$!
  java -jar "$JAR" --spring.profiles.active=web,redis --spring.data.redis.url="$REDIS_URL" \
    --ipsync.base-dir="$WEB_DIR" --server.port="$PORT" >"$WEB_LOG" 2>&1 &
  WEB_PID=$!
else
echo "== Starting the worker (profile 'worker') and the web process (profile 'web', port $PORT)"
java -jar "$JAR" --spring.profiles.active=worker >"$WORKER_LOG" 2>&1 &
WORKER_PID=$!
java -jar "$JAR" --spring.profiles.active=web --server.port="$PORT" >"$WEB_LOG" 2>&1 &
WEB_PID=$!
fi
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
echo "== Placing one bad order (quantity 0): not retryable, dead-lettered on its first attempt"
curl -fsS -X POST "$BASE/orders" -H 'Content-Type: application/json' \
  -d '{"customer":"mallory","lines":[{"item":"tea","quantity":0}]}'
echo
wait_for "[ \$(grep -c 'Shipped order' '$WORKER_LOG') -ge 10 ]" 60
if ((REDIS)); then
  wait_for "curl -fs $BASE/actuator/ipsync/orders | grep -q '\"deadLetters\":1'" 60
else
wait_for "ls '$SHOP_DIR/orders/.ipsync/dead/' | grep -q '^reason-'" 60
fi

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
if ((REDIS)); then
  echo "== The dead letter, as the server keeps it (XRANGE {ipsync:orders}:dead - +):"
  redis_command XRANGE '{ipsync:orders}:dead' - + | { read -r id; echo "  entry $id"; paste -d ' ' - - | sed 's/^/    /'; }
  echo
  echo "== What each base directory holds (nothing: the processes met only through Redis):"
  for dir in "$WEB_DIR" "$WORKER_DIR"; do echo "  $dir: $(ls -A "$dir" | wc -l) entries"; done
else
echo "== The dead letter's reason:"
cat "$SHOP_DIR"/orders/.ipsync/dead/reason-*.json
echo
fi
echo "== Stopping both processes (graceful: handling in progress finishes, nothing is lost)"
((REDIS)) && echo "   and then redis-server"
cleanup
trap - EXIT
if [[ "${KEEP_DEMO_FILES:-}" == 1 ]]; then
  echo "== Demo finished. Logs and files are in $SHOP_DIR"
else
  rm -rf "$SHOP_DIR"
  echo "== Demo finished (KEEP_DEMO_FILES=1 keeps the logs and files)"
fi
