#!/usr/bin/env bash
# Bounded mixed load on 127.0.0.1: starts its own Portrait (embedded database in a temp dir), then
# for DURATION seconds wrk sends a mix of cached reads (If-None-Match -> 304), $value reads,
# metadata reads and uploads, while heap and RSS of the Payara JVM are sampled. Prints request
# counts, errors (must be 0), latency percentiles and the memory samples; stops the server by PID.
# Needs wrk (installed with apt-get when missing and running as root), jstat/jcmd from the JDK.
#   bench/load.sh                          60 s, 16 connections, the launcher's JVM options
#   BENCH_HEAP=512m bench/load.sh          the same with JAVA_OPTS=-Xmx512m
#   DURATION=120 CONNECTIONS=32 BENCH_PORT=18290 bench/load.sh
#   BENCH_JAVA_OPTS=-XX:NativeMemoryTracking=summary bench/load.sh
#       extra JVM options after the launcher's; with Native Memory Tracking on, also prints the JVM's
#       own account of its memory (jcmd VM.native_memory summary) at the highest RSS sample
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${BENCH_PORT:-18280}
HEAP=${BENCH_HEAP:-} # empty: the launcher's default heap (docs/performance.md)
heap_opts=${HEAP:+-Xmx$HEAP}
heap_opts="$heap_opts${BENCH_JAVA_OPTS:+ $BENCH_JAVA_OPTS}"
heap_opts=${heap_opts# }
nmt=""
[[ "$heap_opts" =~ -XX:NativeMemoryTracking=(summary|detail) ]] && nmt=1
SAMPLE_EVERY=${SAMPLE_EVERY:-5}

source bench/need.sh
need wrk wrk
need jstat openjdk-17-jdk-headless

work=$(mktemp -d)
server_pid=""
sampler_pid=""
cleanup() {
    [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "Starting Portrait on 127.0.0.1:$PORT (${heap_opts:-launcher defaults}, embedded database in $work) ..."
# bin/portrait execs Java: $! is the Payara JVM's pid.
JAVA_OPTS="$heap_opts" PORTRAIT_DATA="$work/data" PORT=$PORT HTTPS_PORT=$((PORT + 1)) \
    PORTRAIT_CLUSTER_PORT=${BENCH_CLUSTER_PORT:-$((PORT % 1000 + 6000))} bin/portrait run > "$work/portrait.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" \
    || { tail -40 "$work/portrait.log"; echo "bench: Portrait did not start" >&2; exit 1; }

token=$(PORTRAIT_DATA="$work/data" bin/portrait token)
api="http://127.0.0.1:$PORT/v1.0"
auth="Authorization: Bearer $token"
# Reads hit /me, whose photo never changes (so cached reads stay 304); uploads go to another user.
curl -fs -o /dev/null -X PUT "$api/me/photo/\$value" -H "$auth" -H 'Content-Type: image/jpeg' \
    --data-binary @docs/sample-photo.jpg
etag=$(curl -fs -D - -o /dev/null "$api/me/photos/240x240/\$value" -H "$auth" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
uploader=$(curl -fs -X POST "$api/users" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"displayName":"Load Target","userPrincipalName":"load@contoso.com"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[[ -n "$etag" && -n "$uploader" ]] || { echo "bench: setup failed" >&2; exit 1; }

cat > "$work/mix.lua" <<LUA
-- One request in 100: 45 cached reads (304), 25 \$value reads, 28 metadata reads, 2 uploads.
local auth = "Bearer $token"
local etag = '$etag'
local f = assert(io.open("$PWD/docs/sample-photo.jpg", "rb"))
local photo = f:read("*a")
f:close()
local threads = {}
local n = 0
counts = { cached = 0, value = 0, metadata = 0, upload = 0 }
statuses = {}

function setup(thread)
    table.insert(threads, thread)
end

function request()
    n = n + 1
    local slot = n % 100
    if slot < 45 then
        counts.cached = counts.cached + 1
        return wrk.format("GET", "/v1.0/me/photos/240x240/\$value", { ["Authorization"] = auth, ["If-None-Match"] = etag })
    elseif slot < 70 then
        counts.value = counts.value + 1
        return wrk.format("GET", "/v1.0/me/photo/\$value", { ["Authorization"] = auth })
    elseif slot < 98 then
        counts.metadata = counts.metadata + 1
        return wrk.format("GET", "/v1.0/me/photo", { ["Authorization"] = auth })
    else
        counts.upload = counts.upload + 1
        return wrk.format("PUT", "/v1.0/users/$uploader/photo/\$value",
            { ["Authorization"] = auth, ["Content-Type"] = "image/jpeg" }, photo)
    end
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local total = { cached = 0, value = 0, metadata = 0, upload = 0 }
    local by_status = {}
    for _, thread in ipairs(threads) do
        local c = thread:get("counts")
        for k, v in pairs(c) do total[k] = total[k] + v end
        for s, v in pairs(thread:get("statuses")) do by_status[s] = (by_status[s] or 0) + v end
    end
    io.write(string.format("sent: cached(304) %d, \$value %d, metadata %d, uploads %d\n",
        total.cached, total.value, total.metadata, total.upload))
    local errors = 0
    for s, v in pairs(by_status) do
        io.write(string.format("status %d: %d\n", s, v))
        if s ~= 200 and s ~= 304 then errors = errors + v end
    end
    errors = errors + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("errors: %d (socket: connect %d, read %d, write %d, timeout %d)\n", errors,
        summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
    io.write(string.format("requests: %d in %.1f s = %.0f req/s\n", summary.requests,
        summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
    for _, p in ipairs({ 50, 90, 99, 99.9 }) do
        io.write(string.format("latency p%s: %.1f ms\n", p, latency:percentile(p) / 1000))
    end
    io.write(string.format("latency max: %.1f ms\n", latency.max / 1000))
end
LUA

heap_mb() { # used heap (survivors + eden + old) in MB, from jstat
    jstat -gc "$server_pid" 2>/dev/null | awk 'NR == 2 { printf "%.0f", ($3 + $4 + $6 + $8) / 1024 }'
}
rss_mb() {
    awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"
}
live_heap_mb() { # heap in use right after a full GC: what the server really keeps
    jcmd "$server_pid" GC.run > /dev/null 2>&1 || true
    heap_mb
}

threads_of() { awk '/^Threads/ { print $2 }' "/proc/$server_pid/status"; }

# warm-up (JIT, pools), then a live-heap baseline
wrk -t2 -c"$CONNECTIONS" -d5s -s "$work/mix.lua" "http://127.0.0.1:$PORT" > /dev/null
live_start=$(live_heap_mb)
rss_start=$(rss_mb)

(
    start=$(date +%s) n=0 nmt_rss=0
    while kill -0 "$server_pid" 2>/dev/null; do
        rss=$(rss_mb)
        printf '%5d s  heap %5s MB  rss %5s MB  threads %4s\n' $(( $(date +%s) - start )) "$(heap_mb)" "$rss" "$(threads_of)"
        # The JVM's own account at the highest RSS so far (an attach costs a little CPU: every 3rd sample).
        if [[ -n "$nmt" ]] && (( ++n % 3 == 1 && rss > nmt_rss )); then
            nmt_rss=$rss
            { echo "at RSS $rss MB, $(threads_of) threads:"; jcmd "$server_pid" VM.native_memory summary scale=MB; } \
                > "$work/nmt.tmp" 2>&1 && mv "$work/nmt.tmp" "$work/nmt"
            pmap -x "$server_pid" > "$work/pmap" 2>/dev/null || true
        fi
        sleep "$SAMPLE_EVERY"
    done
) > "$work/samples" &
sampler_pid=$!

echo "Mixed load: wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$work/mix.lua" "http://127.0.0.1:$PORT" > "$work/wrk.out"
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
sed -n '/^sent:/,$p' "$work/wrk.out"

live_end=$(live_heap_mb)
rss_end=$(rss_mb)
echo
echo "Memory of the Payara JVM (pid $server_pid, ${heap_opts:-launcher defaults}), sampled every ${SAMPLE_EVERY}s during the load:"
cat "$work/samples"
echo "live heap after full GC: before load $live_start MB, after load $live_end MB"
echo "RSS: before load $rss_start MB, after load $rss_end MB, highest sample during the load $(awk '{ for (i = 1; i < NF; i++) if ($i == "rss" && $(i + 1) > m) m = $(i + 1) } END { print m + 0 }' "$work/samples") MB"
curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/live" && echo "health/live: 200 after the load"
if [[ -n "$nmt" && -f "$work/nmt" ]]; then
    echo
    echo "Native Memory Tracking (committed MB by category; NMT itself adds its own), during the load $(head -1 "$work/nmt")"
    awk '/^-/ { name = $2; for (i = 3; i <= NF && $i !~ /^\(reserved=/; i++) name = name " " $i }
        /committed=/ { match($0, /committed=[0-9]+MB/); v = substr($0, RSTART + 10, RLENGTH - 12) }
        /^-/ && /committed=/ { printf "  %-28s %5s MB\n", name, v }
        /^Total:/ { match($0, /committed=[0-9]+MB/); printf "  %-28s %5s MB\n", "Total", substr($0, RSTART + 10, RLENGTH - 12) }' "$work/nmt"
    grep -E '^ +\(thread #|^ +\(stack:' "$work/nmt" | sed 's/^ */  /' | head -2
    echo "  after the load, the same (MB committed):"
    jcmd "$server_pid" VM.native_memory summary scale=MB 2>/dev/null | awk '
        /^-/ && /committed=/ { name = $2; match($0, /committed=[0-9]+MB/); printf "    %s %s", name, substr($0, RSTART + 10, RLENGTH - 12) }
        /^Total:/ { match($0, /committed=[0-9]+MB/); printf "    Total %s", substr($0, RSTART + 10, RLENGTH - 12) }
        END { print "" }'
    if [[ -n "${BENCH_KEEP:-}" ]]; then mkdir -p "$BENCH_KEEP" && cp "$work/nmt" "$work/pmap" "$work/samples" "$BENCH_KEEP"/; fi
fi

errors=$(awk '/^errors:/ { print $2 }' "$work/wrk.out")
[[ "$errors" == 0 ]] || { echo "bench: $errors errors" >&2; tail -40 "$work/portrait.log" >&2; exit 1; }
