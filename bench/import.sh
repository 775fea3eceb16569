#!/usr/bin/env bash
# Bulk import throughput on 127.0.0.1: starts its own Portrait (embedded database in a temp dir,
# stopped by PID at the end), generates PHOTOS photo-like JPEGs of mixed sizes up to 12 MP
# (bench/GeneratePhotos.java), warms the server up, then measures side by side in one run:
#   - single uploads, one at a time (curl): the server's own service time per upload
#     (portrait_upload_seconds from /metrics) and its CPU per upload;
#   - bin/portrait import of all PHOTOS at the default concurrency: photos per second, the server's
#     CPU per photo (utime + stime of the Payara JVM from /proc/PID/stat), its mean service time per
#     upload while the import ran, and the import tool's own CPU;
#   - the same on SWEEP_PHOTOS fresh photos at each concurrency in SWEEP, to show where more
#     concurrency stops paying.
# Every import runs under `timeout` (IMPORT_TIMEOUT seconds each); the script fails if anything
# is refused or times out.
#   bench/import.sh
#   PHOTOS=500 SWEEP="1 2 4 8" BENCH_PORT=30092 bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PHOTOS=${PHOTOS:-2000}
SWEEP=${SWEEP:-"1 2 4"}
SWEEP_PHOTOS=${SWEEP_PHOTOS:-300}
WARMUP_PHOTOS=${WARMUP_PHOTOS:-200}
SINGLE_UPLOADS=${SINGLE_UPLOADS:-40}
PORT=${BENCH_PORT:-18480}
CLUSTER_PORT=${BENCH_CLUSTER_PORT:-7480}
HEAP=${BENCH_HEAP:-512m}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-1800}

source bench/need.sh
need curl curl
need timeout coreutils

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
echo "Starting Portrait on 127.0.0.1:$PORT (-Xmx$HEAP, embedded database in $work) ..."
# bin/portrait execs Java: $! is the Payara JVM's pid.
JAVA_OPTS="-Xmx$HEAP" PORTRAIT_DATA="$work/data" PORT=$PORT PORTRAIT_CLUSTER_PORT=$CLUSTER_PORT \
    bin/portrait run > "$work/portrait.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do
    curl -fs -o /dev/null "$base/health/ready" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
done
curl -fs -o /dev/null "$base/health/ready" \
    || { tail -40 "$work/portrait.log"; echo "bench: Portrait did not start" >&2; exit 1; }
PORTRAIT_TOKEN=$(PORTRAIT_DATA="$work/data" bin/portrait token)
export PORTRAIT_TOKEN

echo "Generating photos ..."
generated=$(java bench/GeneratePhotos.java "$work/photos" "$PHOTOS" bench.example.com)
echo "$generated"
java bench/GeneratePhotos.java "$work/warmup" "$WARMUP_PHOTOS" warmup.example.com > /dev/null
for c in $SWEEP; do
    java bench/GeneratePhotos.java "$work/sweep-$c" "$SWEEP_PHOTOS" "sweep$c.example.com" > /dev/null
done

ticks_per_second=$(getconf CLK_TCK)
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
metric() { # the value of one application metric sample, e.g. metric portrait_upload_seconds_count
    curl -fs "$base/metrics?scope=application" | awk -v name="$1" 'index($1, name "{") == 1 || $1 == name { print $2; exit }'
}
stored() { curl -fs "$base/metrics?scope=application" | awk '/^portrait_uploads_total\{.*result="stored"/ { print $2 }'; }

# Runs one import; sets wall, cpu_ms (server, per photo), service_ms (server, mean per upload),
# rate (photos/s), client_ms (the import tool's CPU per photo).
measure_import() {
    local source="$1" concurrency="$2" count="$3" ticks0 ticks1 sum0 sum1 n0 n1 stored0 stored1 start end client
    ticks0=$(server_ticks); sum0=$(metric portrait_upload_seconds_sum); n0=$(metric portrait_upload_seconds_count)
    stored0=$(stored)
    start=$(date +%s.%N)
    client=$( { TIMEFORMAT='%U %S'; time timeout "$IMPORT_TIMEOUT" bin/portrait import "$source" --url "$base" \
        --create-missing --concurrency "$concurrency" --state "$work/state-$concurrency-$count" \
        --report "$work/failures-$concurrency-$count.csv" --progress-every 30 > "$work/import-$concurrency-$count.out" 2>&1; } 2>&1 ) \
        || { tail -20 "$work/import-$concurrency-$count.out"; echo "bench: the import failed or timed out" >&2; exit 1; }
    end=$(date +%s.%N)
    ticks1=$(server_ticks); sum1=$(metric portrait_upload_seconds_sum); n1=$(metric portrait_upload_seconds_count)
    stored1=$(stored)
    [[ $(awk -v a="$stored0" -v b="$stored1" 'BEGIN { print b - a }') == "$count" ]] \
        || { cat "$work/import-$concurrency-$count.out"; echo "bench: the server stored $stored0 -> $stored1, not $count" >&2; exit 1; }
    read -r wall rate cpu_ms service_ms client_ms < <(awk -v s="$start" -v e="$end" -v n="$count" -v t0="$ticks0" -v t1="$ticks1" \
        -v hz="$ticks_per_second" -v s0="$sum0" -v s1="$sum1" -v c0="$n0" -v c1="$n1" -v cl="$client" 'BEGIN {
            split(cl, c, " ");
            printf "%.1f %.2f %.1f %.1f %.1f\n", e - s, n / (e - s), (t1 - t0) * 1000 / hz / n, (s1 - s0) * 1000 / (c1 - c0), (c[1] + c[2]) * 1000 / n }')
}

echo "Warm-up: importing $WARMUP_PHOTOS photos (not measured) ..."
measure_import "$work/warmup" 2 "$WARMUP_PHOTOS"

echo "Single uploads: $SINGLE_UPLOADS photos of the same mix, one at a time with curl ..."
curl -fs -o /dev/null -X POST "$base/v1.0/users" -H "Authorization: Bearer $PORTRAIT_TOKEN" \
    -H 'Content-Type: application/json' -d '{"displayName":"Single","userPrincipalName":"single@bench.example.com"}'
ticks0=$(server_ticks); sum0=$(metric portrait_upload_seconds_sum); n0=$(metric portrait_upload_seconds_count)
latencies=()
for f in $(ls "$work/photos" | head -n "$SINGLE_UPLOADS"); do
    latencies+=("$(curl -fs -o /dev/null -w '%{time_total}' -X PUT "$base/v1.0/users/single@bench.example.com/photo/\$value" \
        -H "Authorization: Bearer $PORTRAIT_TOKEN" -H 'Content-Type: image/jpeg' --data-binary "@$work/photos/$f")")
done
ticks1=$(server_ticks); sum1=$(metric portrait_upload_seconds_sum); n1=$(metric portrait_upload_seconds_count)
read -r single_service single_cpu single_latency < <(printf '%s\n' "${latencies[@]}" | awk -v t0="$ticks0" -v t1="$ticks1" \
    -v hz="$ticks_per_second" -v s0="$sum0" -v s1="$sum1" -v c0="$n0" -v c1="$n1" -v n="$SINGLE_UPLOADS" \
    '{ total += $1 } END { printf "%.1f %.1f %.1f\n", (s1 - s0) * 1000 / (c1 - c0), (t1 - t0) * 1000 / hz / n, total * 1000 / n }')

echo "Import of $PHOTOS photos at the default concurrency (2) ..."
measure_import "$work/photos" 2 "$PHOTOS"
main=("$wall" "$rate" "$cpu_ms" "$service_ms" "$client_ms")
sed -n '/^Done/,$p' "$work/import-2-$PHOTOS.out"

sweep_rows=()
for c in $SWEEP; do
    echo "Import of $SWEEP_PHOTOS fresh photos at concurrency $c ..."
    measure_import "$work/sweep-$c" "$c" "$SWEEP_PHOTOS"
    sweep_rows+=("$(printf '%-36s %10s %12s %14s %16s' "import, concurrency $c" "$rate" "$cpu_ms" "$service_ms" "$wall s")")
done

echo
echo "Results ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; server -Xmx$HEAP, embedded H2)"
echo "source: $generated"
printf '%-36s %10s %12s %14s %16s\n' "" "photos/s" "server CPU" "server service" "wall"
printf '%-36s %10s %12s %14s %16s\n' "" "" "ms/photo" "ms/upload" ""
printf '%-36s %10s %12s %14s %16s\n' "single uploads (curl, 1 at a time)" \
    "$(awk -v l="$single_latency" 'BEGIN { printf "%.2f", 1000 / l }')" "$single_cpu" "$single_service" "${single_latency} ms each"
printf '%-36s %10s %12s %14s %16s\n' "import of $PHOTOS, concurrency 2" "${main[1]}" "${main[2]}" "${main[3]}" "${main[0]} s"
printf '%s\n' "${sweep_rows[@]}"
echo "import tool CPU: ${main[4]} ms per photo (checks, SHA-256, HTTP)"
