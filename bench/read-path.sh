#!/usr/bin/env bash
# Read-path benchmark: Portrait's photo reads side by side with nginx serving the same bytes, in one
# run on this machine (loopback only, bounded in time). Prints requests/s, latency and the ratio to
# nginx. Needs wrk and nginx (installed with apt-get when missing and running as root).
#   bench/read-path.sh                 10 s per target
#   DURATION=30 CONNECTIONS=32 bench/read-path.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${BENCH_PORT:-18180}
NGINX_PORT=$((PORT + 1))

source bench/need.sh
need wrk wrk
need nginx nginx-light

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "Starting Portrait on 127.0.0.1:$PORT (embedded database in $work) ..."
PORTRAIT_DATA="$work/data" PORT=$PORT PORTRAIT_CLUSTER_PORT=$((PORT % 1000 + 6000)) \
    bin/portrait run > "$work/portrait.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
    sleep 1
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" || { tail -40 "$work/portrait.log"; echo "bench: Portrait did not start" >&2; exit 1; }

token=$(PORTRAIT_DATA="$work/data" bin/portrait token)
api="http://127.0.0.1:$PORT/v1.0"
curl -fs -o /dev/null -X PUT "$api/me/photo/\$value" -H "Authorization: Bearer $token" \
    -H 'Content-Type: image/jpeg' --data-binary @docs/sample-photo.jpg
mkdir -p "$work/www"
etag=$(curl -fs -D - -o "$work/www/photo.jpg" "$api/me/photos/240x240/\$value" -H "Authorization: Bearer $token" \
    | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')

cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /photo.jpg { root $work/www; default_type image/jpeg; }
    }
}
NGINX
chmod -R a+rX "$work/www" && chmod a+x "$work" # nginx workers run as an unprivileged user
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
sleep 1

run() { # name url [header]
    local name=$1 url=$2 out
    shift 2
    wrk -t2 -c"$CONNECTIONS" -d3s "$@" "$url" > /dev/null # warm-up (JIT, pools)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
    p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
    p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
    local errors
    errors=$(awk '/Non-2xx or 3xx/ {print $5}' <<< "$out")
    printf '%-40s %10s %9s %9s %8s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
    echo "$name $rps" >> "$work/results"
}

size=$(stat -c %s "$work/www/photo.jpg")
echo
echo "Same $size-byte JPEG (240x240), wrk -t2 -c$CONNECTIONS, ${DURATION}s per target, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %10s %9s %9s %8s\n' target "req/s" p50 p99 non-2xx
run "nginx static file" "http://127.0.0.1:$NGINX_PORT/photo.jpg"
run "Portrait photos/240x240/\$value" "$api/me/photos/240x240/\$value" -H "Authorization: Bearer $token"
run "Portrait same, If-None-Match -> 304" "$api/me/photos/240x240/\$value" -H "Authorization: Bearer $token" -H "If-None-Match: $etag"
run "Portrait photo (metadata JSON)" "$api/me/photo" -H "Authorization: Bearer $token"
run "Portrait /health/live (no token, no DB)" "http://127.0.0.1:$PORT/health/live"

nginx_rps=$(awk '$1 == "nginx" {print $NF}' "$work/results")
value_rps=$(awk '/Portrait photos\/240x240/ {print $NF}' "$work/results")
echo
awk -v n="$nginx_rps" -v p="$value_rps" 'BEGIN { printf "Portrait $value reads run at %.1f%% of nginx (1 : %.0f)\n", 100 * p / n, n / p }'
