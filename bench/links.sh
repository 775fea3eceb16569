#!/usr/bin/env bash
# Photo links next to bearer reads: the same 240x240 JPEG fetched as $value with a token and through
# its signed link without one, on one Portrait on this machine (loopback only, bounded in time).
# Also a delta round of the change feed. Prints requests/s and latency per target. Needs wrk.
#   bench/links.sh                     10 s per target
#   DURATION=30 CONNECTIONS=32 bench/links.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${BENCH_PORT:-18380}

source bench/need.sh
need wrk wrk

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
link=$(curl -fs "$api/me/photos/240x240/link" -H "Authorization: Bearer $token" | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
[[ -n "$link" ]] || { echo "bench: no link" >&2; exit 1; }
etag=$(curl -fs -D - -o /dev/null "$link" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')

echo
echo "A link's answer:"
curl -s -D - -o /dev/null "$link" | tr -d '\r' | grep -iE '^(HTTP|etag|cache-control|content-type|content-length)'
echo "A delta round:"
curl -fs "$api/users/delta" -H "Authorization: Bearer $token"
echo

run() { # name url [header...]
    local name=$1 url=$2 out
    shift 2
    wrk -t2 -c"$CONNECTIONS" -d3s "$@" "$url" > /dev/null # warm-up (JIT, pools)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
    p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
    p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
    errors=$(awk '/Non-2xx or 3xx/ {print $5}' <<< "$out")
    printf '%-44s %10s %9s %9s %8s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo
echo "240x240 JPEG, wrk -t2 -c$CONNECTIONS, ${DURATION}s per target, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %9s %9s %8s\n' target "req/s" p50 p99 non-2xx
run "bearer photos/240x240/\$value" "$api/me/photos/240x240/\$value" -H "Authorization: Bearer $token"
run "signed link, no token" "$link"
run "signed link, If-None-Match -> 304" "$link" -H "If-None-Match: $etag"
run "photos/240x240/link (minting, bearer)" "$api/me/photos/240x240/link" -H "Authorization: Bearer $token"
run "users/delta (first round, 1 user)" "$api/users/delta" -H "Authorization: Bearer $token"
