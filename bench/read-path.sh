#!/usr/bin/env bash
# Read-path benchmark (docs/performance.md): Portrait's photo reads side by side with nginx serving the
# same bytes, in one run on this machine, loopback only, every phase bounded in time. Boots bin/portrait
# with the launcher's defaults (embedded database in a temp dir), uploads docs/sample-photo.jpg for the
# development token's user, then:
#   1. cold: $value for the first COLD seconds after the server is ready (a rolling restart's instance);
#   2. warm-up: each target in WARM_WINDOW-second wrk windows until req/s stops rising (a window less
#      than 3% above the best one so far, twice in a row), at most WARM_MAX (first target) or
#      WARM_MAX_NEXT (the others) seconds; prints how long each took;
#   3. measure: DURATION seconds each of nginx, $value, 304 (If-None-Match), metadata, /health/live:
#      req/s, p50, p99, ratio to nginx;
#   4. exceptions per request on $value, 304 and metadata, from a JFR recording (every exception thrown
#      on a request thread, with the frame that threw it) of JFR_WINDOW seconds each;
#   5. RSS of the Payara JVM: idle, under load (highest sample), after the load.
# Also, after step 3 and warmed the same way: a POST /v1.0/$batch of BATCH_SIZE photo $value requests
# (20 users' 240x240 photos) next to the same photos as single requests: photos per second at CONNECTIONS
# connections, and on one connection the latency of one batch next to that of BATCH_SIZE singles in a row.
# Needs wrk and nginx (installed with apt-get when missing and running as root) and the JDK's jcmd/jfr.
#   bench/read-path.sh
#   DURATION=30 CONNECTIONS=32 BENCH_PORT=18580 bench/read-path.sh
#   BENCH_KEEP=/tmp/rp bench/read-path.sh      keep the log, RSS samples and JFR recordings there
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
COLD=${COLD:-10}
WARM_WINDOW=${WARM_WINDOW:-10}
WARM_MAX=${WARM_MAX:-300}
WARM_MAX_NEXT=${WARM_MAX_NEXT:-60}
JFR_WINDOW=${JFR_WINDOW:-5}
PORT=${BENCH_PORT:-18580}
NGINX_PORT=$((PORT + 1))
HTTPS_PORT=$((PORT + 2)) # the launcher's HTTPS listener, on by default, off the usual 8443
BATCH_SIZE=20 # Graph's limit for one $batch
CLUSTER_PORT=${BENCH_CLUSTER_PORT:-7381}
LAUNCHER=${BENCH_LAUNCHER:-bin/portrait} # another checkout's launcher, to compare builds

source bench/need.sh
need wrk wrk
need nginx nginx-light
need jfr openjdk-17-jdk-headless

work=$(mktemp -d)
server_pid=""
nginx_pid=""
sampler_pid=""
cleanup() {
    [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    if [[ -n "${BENCH_KEEP:-}" ]]; then
        mkdir -p "$BENCH_KEEP" && cp -r "$work"/. "$BENCH_KEEP"/ 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

t0=$(date +%s)
elapsed() { echo $(( $(date +%s) - t0 )); }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "?"; }

echo "Starting Portrait on 127.0.0.1:$PORT with the launcher's JVM options (embedded database in $work) ..."
# bin/portrait execs Java: $! is the Payara JVM's pid. JAVA_OPTS unset: the launcher's defaults are measured.
env -u JAVA_OPTS PORTRAIT_DATA="$work/data" PORT=$PORT HTTPS_PORT=$HTTPS_PORT PORTRAIT_CLUSTER_PORT=$CLUSTER_PORT \
    "$LAUNCHER" run > "$work/portrait.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
    curl -fs --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
done
curl -fs --max-time 5 -o /dev/null "http://127.0.0.1:$PORT/health/ready" \
    || { tail -40 "$work/portrait.log"; echo "bench: Portrait did not start" >&2; exit 1; }
boot_s=$(elapsed)
jvm_options=$(tr '\0' ' ' < "/proc/$server_pid/cmdline" | sed 's/ -jar .*//; s/^[^ ]* //')

token=$(PORTRAIT_DATA="$work/data" "$LAUNCHER" token)
api="http://127.0.0.1:$PORT/v1.0"
auth="Authorization: Bearer $token"
curl -fs --max-time 60 -o /dev/null -X PUT "$api/me/photo/\$value" -H "$auth" \
    -H 'Content-Type: image/jpeg' --data-binary @docs/sample-photo.jpg
mkdir -p "$work/www"
etag=$(curl -fs --max-time 30 -D - -o "$work/www/photo.jpg" "$api/me/photos/240x240/\$value" -H "$auth" \
    | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
[[ -n "$etag" && -s "$work/www/photo.jpg" ]] || { echo "bench: setup failed (no photo or ETag)" >&2; exit 1; }
sleep 5 # let the upload's work settle before reading "idle"
rss_idle=$(rss_mb)

# RSS samples every 2 s from here to the end of the load.
( while kill -0 "$server_pid" 2>/dev/null; do rss_mb; echo; sleep 2; done ) > "$work/rss" &
sampler_pid=$!

source bench/wrk.sh

declare -A url header
targets=(value 304 metadata live)
url[value]="$api/me/photos/240x240/\$value"
url[304]="$api/me/photos/240x240/\$value"
url[metadata]="$api/me/photo"
url[live]="http://127.0.0.1:$PORT/health/live"
url[nginx]="http://127.0.0.1:$NGINX_PORT/photo.jpg"
url[singles]="http://127.0.0.1:$PORT" # the paths come from the Lua scripts
url[batch]="http://127.0.0.1:$PORT"
declare -A label=([nginx]="nginx, same file" [value]="photos/240x240/\$value" [304]="same, If-None-Match -> 304"
    [metadata]="photo (metadata JSON)" [live]="/health/live (no token)"
    [singles]="$BATCH_SIZE users' \$value, one request each" [batch]="\$batch of those $BATCH_SIZE")
opts() { # wrk options of a target
    case $1 in
        value | metadata) printf '%s\0' -H "$auth" ;;
        304) printf '%s\0' -H "$auth" -H "If-None-Match: $etag" ;;
        singles | batch) printf '%s\0' -s "$work/$1.lua" ;;
        *) ;;
    esac
}
wrk_opts() { mapfile -d '' -t target_opts < <(opts "$1"); }

echo "Portrait ready in ${boot_s}s; JVM: $jvm_options"
echo "Same $(stat -c %s "$work/www/photo.jpg")-byte JPEG (240x240), wrk -t2 -c$CONNECTIONS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- 1. cold -------------------------------------------------------------------------------------------
wrk_opts value
read -r cold_rps cold_p50 cold_p99 cold_err _ < <(wrk_window "$COLD" "${url[value]}" "${target_opts[@]}")
echo "  [$(elapsed) s] cold \$value: $cold_rps req/s, p50 $cold_p50 ms, p99 $cold_p99 ms, errors $cold_err (RSS idle before it: $rss_idle MB)"

# Set up after the cold phase, so that it and the idle RSS are measured as before.
batch_setup() {
# $BATCH_SIZE users with the same photo, for the $batch next to single requests: a people list's photos.
batch_users=()
for i in $(seq -w 1 "$BATCH_SIZE"); do
    id=$(curl -fs --max-time 30 -X POST "$api/users" -H "$auth" -H 'Content-Type: application/json' \
        -d "{\"displayName\":\"Batch $i\",\"userPrincipalName\":\"batch$i@contoso.com\"}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    [[ -n "$id" ]] || { echo "bench: setup failed (user batch$i)" >&2; exit 1; }
    curl -fs --max-time 60 -o /dev/null -X PUT "$api/users/$id/photo/\$value" -H "$auth" \
        -H 'Content-Type: image/jpeg' --data-binary @docs/sample-photo.jpg
    batch_users+=("$id")
done
{
    echo "local auth = \"Bearer $token\""
    echo "local paths = {"
    for id in "${batch_users[@]}"; do echo "  \"/v1.0/users/$id/photos/240x240/\$value\","; done
    echo "}"
} > "$work/photos.lua"
# One connection after another cycles through the $BATCH_SIZE photos...
cat "$work/photos.lua" - > "$work/singles.lua" <<'LUA'
local n = 0
function request()
    n = n % #paths + 1
    return wrk.format("GET", paths[n], { ["Authorization"] = auth })
end
LUA
# ... or asks for all of them in one $batch (docs/api.md §9).
cat "$work/photos.lua" - > "$work/batch.lua" <<'LUA'
local items = {}
for i, path in ipairs(paths) do
    items[i] = string.format('{"id":"%d","method":"GET","url":"%s"}', i, string.sub(path, 6))
end
local body = '{"requests":[' .. table.concat(items, ",") .. ']}'
function request()
    return wrk.format("POST", "/v1.0/$batch", { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
LUA
# The batch answers every photo: $BATCH_SIZE inner 200s, each with the photo's bytes.
batch_body=$(printf '{"requests":['; for i in "${!batch_users[@]}"; do (( i == 0 )) || printf ','
    printf '{"id":"%d","method":"GET","url":"/users/%s/photos/240x240/$value"}' $((i + 1)) "${batch_users[$i]}"; done; printf ']}')
curl -fs --max-time 30 -o "$work/batch.json" -X POST "$api/\$batch" -H "$auth" -H 'Content-Type: application/json' -d "$batch_body"
inner_ok=$(grep -o '"status":200' "$work/batch.json" | wc -l)
[[ "$inner_ok" == "$BATCH_SIZE" ]] || { echo "bench: setup failed (the batch answered $inner_ok of $BATCH_SIZE photos)" >&2; exit 1; }
}
batch_setup
echo "  [$(elapsed) s] $BATCH_SIZE users with a photo each for the \$batch"

# --- 2. warm-up ----------------------------------------------------------------------------------------
declare -A warmed_in warm_trace
warm() { # target max_seconds
    local t=$1 spent flat trace
    wrk_opts "$t"
    read -r spent flat trace < <(warm_until_flat "$2" "${url[$t]}" "${target_opts[@]}")
    warm_trace[$t]="$trace "
    warmed_in[$t]=$spent
    if (( flat == 0 )); then warmed_in[$t]="$spent (cap)"; fi
    echo "  [$(elapsed) s] warmed ${label[$t]} in ${warmed_in[$t]} s: ${warm_trace[$t]}"
}
warm value "$WARM_MAX"
for t in 304 metadata live singles batch; do warm "$t" "$WARM_MAX_NEXT"; done

# --- 3. measure, nginx in the same run -----------------------------------------------------------------
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
nginx -c "$work/nginx.conf" -p "$work" > "$work/nginx.out" 2>&1 &
nginx_pid=$!
for _ in $(seq 1 20); do curl -fs --max-time 2 -o /dev/null "${url[nginx]}" && break; sleep 0.5; done
wrk_window 3 "${url[nginx]}" > /dev/null

declare -A rps p50 p99 err
for t in nginx "${targets[@]}"; do
    wrk_opts "$t"
    read -r rps[$t] p50[$t] p99[$t] err[$t] _ < <(wrk_window "$DURATION" "${url[$t]}" ${target_opts[@]+"${target_opts[@]}"})
    echo "  [$(elapsed) s] measured ${label[$t]}: ${rps[$t]} req/s, p50 ${p50[$t]} ms, p99 ${p99[$t]} ms, errors ${err[$t]}"
done
kill "$nginx_pid" 2>/dev/null || true
nginx_pid=""

# --- 3b. $batch of BATCH_SIZE photos next to the same photos as single requests ------------------------
# At CONNECTIONS connections (photos per second both ways), then on one connection (the latency of one
# batch next to BATCH_SIZE singles in a row, as one client without parallel requests would see it).
for c in "$CONNECTIONS" 1; do
    for t in singles batch; do
        wrk_opts "$t"
        read -r rps[$t,$c] p50[$t,$c] p99[$t,$c] err[$t,$c] _ < <(WRK_CONNECTIONS=$c wrk_window "$DURATION" "${url[$t]}" "${target_opts[@]}")
        echo "  [$(elapsed) s] measured ${label[$t]} at $c connections: ${rps[$t,$c]} req/s, p50 ${p50[$t,$c]} ms, p99 ${p99[$t,$c]} ms, errors ${err[$t,$c]}"
    done
done

# --- 4. exceptions per request (JFR) -------------------------------------------------------------------
jfc="$work/exceptions.jfc"
sed '/<event name="jdk.JavaExceptionThrow">/,/<\/event>/ s/>false</>true</' \
    "$(dirname "$(dirname "$(readlink -f "$(command -v jfr)")")")/lib/jfr/profile.jfc" > "$jfc"
declare -A exc_per_request exc_top
for t in value 304 metadata batch; do
    wrk_opts "$t"
    jcmd "$server_pid" JFR.start name="bench-$t" settings="$jfc" filename="$work/$t.jfr" > /dev/null
    read -r _ _ _ _ requests < <(wrk_window "$JFR_WINDOW" "${url[$t]}" "${target_opts[@]}")
    jcmd "$server_pid" JFR.stop name="bench-$t" > /dev/null
    jfr print --events jdk.JavaExceptionThrow,jdk.JavaErrorThrow --stack-depth 16 "$work/$t.jfr" \
        | awk '
            /^jdk\.Java(Exception|Error)Throw/ { cls = ""; frame = ""; first = ""; stack = 0; kind = "background" }
            /thrownClass = / { cls = $3 }
            /eventThread = .*http-(thread-pool|listener)/ { kind = "request" }
            /stackTrace = \[/ { stack = 1; next }
            stack && /^ *\]/ { stack = 0 }
            stack && $1 == "..." { next }
            stack && first == "" && $0 !~ /<init>/ { first = $0; sub(/^ +/, "", first); sub(/ +line:.*/, "", first) }
            stack && frame == "" && $1 !~ /^(java|javax|jdk|sun)\./ { frame = $0; sub(/^ +/, "", frame); sub(/ +line:.*/, "", frame) }
            /^}/ && cls != "" { count[kind "\t" cls " from " (frame == "" ? first : frame)]++; cls = "" }
            END { for (k in count) printf "%d\t%s\n", count[k], k }' | sort -rn > "$work/$t.exceptions"
    # Counted per request: those thrown on the server's request threads, but not the socket exceptions
    # of wrk closing its connections at the end of the window (per connection). Payara's background
    # threads (timers, the JFR recording's own management calls) are counted apart.
    # (Thrown by Grizzly: an IOException from anywhere else, such as a PrintWriter, is counted.)
    closing='^(java.io.EOFException|java.net.SocketException|sun.net.ConnectionResetException|java.io.IOException) from org[.]glassfish[.]grizzly[.]'
    total=$(awk -F '\t' -v c="$closing" '$2 == "request" && $3 !~ c { s += $1 } END { print s + 0 }' "$work/$t.exceptions")
    closed=$(awk -F '\t' -v c="$closing" '$2 == "request" && $3 ~ c { s += $1 } END { print s + 0 }' "$work/$t.exceptions")
    background=$(awk -F '\t' '$2 == "background" { s += $1 } END { print s + 0 }' "$work/$t.exceptions")
    exc_per_request[$t]=$(awk -v e="$total" -v r="$requests" 'BEGIN { printf "%.3f", (r > 0 ? e / r : -1) }')
    echo "  [$(elapsed) s] JFR ${label[$t]}: $total exceptions in $requests requests; $closed as $CONNECTIONS connections closed, $background on background threads"
    exc_top[$t]=$(awk -F '\t' -v c="$closing" -v r="$requests" '$2 == "request" && $3 !~ c && n++ < 3 { printf "      %.3f/request  %s\n", (r > 0 ? $1 / r : 0), $3 }' "$work/$t.exceptions")
done
# Where the warm $value CPU goes: share of the request threads' samples with service loading or
# reflection on the stack.
jfr print --events jdk.ExecutionSample --stack-depth 200 "$work/value.jfr" | awk '
    /^jdk\.ExecutionSample/ { request = 0; sl = 0; rf = 0 }
    /sampledThread = .*http-(thread-pool|listener)/ { request = 1; n++ }
    /java\.util\.ServiceLoader|jakarta\.json\.spi\.JsonProvider\.provider/ { sl = 1 }
    /java\.lang\.reflect\.|jdk\.internal\.reflect\.|java\.lang\.Class\.forName/ { rf = 1 }
    /^}/ && request { s += sl; r += rf }
    END { printf "%d %d %d\n", n, s, r }' > "$work/value.samples"
read -r samples sl_samples rf_samples < "$work/value.samples"

# --- 5. memory after the load --------------------------------------------------------------------------
sleep 10
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
rss_load=$(sort -n "$work/rss" | tail -1)
rss_after=$(rss_mb)
# What the RSS is made of, roughly: compiled code, class metadata, the heap.
code_cache=$(jcmd "$server_pid" Compiler.codecache 2>/dev/null | awk '/^Code(Heap|Cache)/ { for (i = 1; i <= NF; i++)
    if ($i ~ /^used=/) { v = $i; gsub(/[^0-9]/, "", v); s += v } } END { printf "%.0f", s / 1024 }') || code_cache="?"
heap_info=$(jcmd "$server_pid" GC.heap_info 2>/dev/null | awk '
    /total [0-9]+K, used [0-9]+K/ { for (i = 1; i <= NF; i++) { if ($i == "total") t += $(i + 1); if ($i == "used") u += $(i + 1) } }
    /^ *Metaspace/ { for (i = 1; i <= NF; i++) if ($i == "committed") m = $(i + 1) + 0 }
    END { printf "heap %.0f MB used of %.0f MB committed, metaspace %.0f MB committed", u / 1024, t / 1024, m / 1024 }') \
    || heap_info="?"

# --- report --------------------------------------------------------------------------------------------
echo
echo "Cold, the first ${COLD}s after ready: \$value $cold_rps req/s, p50 $cold_p50 ms, p99 $cold_p99 ms, errors $cold_err"
echo
echo "Warm-up (${WARM_WINDOW}s windows, req/s each):"
for t in "${targets[@]}" singles batch; do
    printf '  %-28s %4s s: %s\n' "${label[$t]}" "${warmed_in[$t]}" "${warm_trace[$t]}"
done
echo
echo "Warm, ${DURATION}s each:"
printf '  %-28s %9s %8s %8s %7s %7s\n' target "req/s" "p50 ms" "p99 ms" errors "nginx x"
for t in nginx "${targets[@]}"; do
    ratio=$(awk -v a="${rps[$t]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
    printf '  %-28s %9s %8s %8s %7s %7s\n' "${label[$t]}" "${rps[$t]}" "${p50[$t]}" "${p99[$t]}" "${err[$t]}" "$ratio"
done
echo
photos_per_s() { awk -v r="$1" -v n="$2" 'BEGIN { printf "%.0f", r * n }'; }
echo "\$batch of $BATCH_SIZE photo \$value requests (240x240, $BATCH_SIZE users; one answer of $(stat -c %s "$work/batch.json") bytes,"
echo "the photos base64 in JSON) next to the same $BATCH_SIZE photos as single requests, ${DURATION}s each:"
printf '  %-44s %9s %9s %8s %8s %7s\n' "" "photos/s" "req/s" "p50 ms" "p99 ms" errors
for c in "$CONNECTIONS" 1; do
    printf '  %-44s %9s %9s %8s %8s %7s\n' "single requests, $c connection(s)" "$(photos_per_s "${rps[singles,$c]}" 1)" \
        "${rps[singles,$c]}" "${p50[singles,$c]}" "${p99[singles,$c]}" "${err[singles,$c]}"
    printf '  %-44s %9s %9s %8s %8s %7s\n' "\$batch of $BATCH_SIZE, $c connection(s)" "$(photos_per_s "${rps[batch,$c]}" "$BATCH_SIZE")" \
        "${rps[batch,$c]}" "${p50[batch,$c]}" "${p99[batch,$c]}" "${err[batch,$c]}"
done
awk -v n="$BATCH_SIZE" -v s="${rps[singles,1]}" -v b="${rps[batch,1]}" -v sc="${rps[singles,$CONNECTIONS]}" \
    -v bc="${rps[batch,$CONNECTIONS]}" -v c="$CONNECTIONS" 'BEGIN {
    if (s > 0 && b > 0) printf "  one connection: %d singles in a row %.2f ms (mean), one $batch %.2f ms (mean): batch/singles %.2f\n", n, 1000 * n / s, 1000 / b, (1000 / b) / (1000 * n / s)
    if (sc > 0) printf "  %d connections: photos/s of $batch / singles %.2f\n", c, bc * n / sc }'
echo
echo "Exceptions per request (JFR, ${JFR_WINDOW}s each, on request threads, not counting the socket exceptions"
echo "of wrk closing its connections at the end), most frequent first; for the \$batch, per batch:"
for t in value 304 metadata batch; do
    echo "  ${label[$t]}: ${exc_per_request[$t]}"
    if [[ -n "${exc_top[$t]}" ]]; then echo "${exc_top[$t]}"; fi
done
awk -v n="$samples" -v s="$sl_samples" -v r="$rf_samples" 'BEGIN {
    printf "  $value CPU samples of request threads with service loading on the stack: %d of %d; with reflection: %d\n", s, n, r }'
echo
echo "RSS of the Payara JVM: idle ${rss_idle} MB, under load ${rss_load} MB (highest sample), after ${rss_after} MB"
echo "  after the load: code cache ${code_cache} MB used, ${heap_info}"
echo
check() { # name ok detail
    printf '  %-62s %-8s %s\n' "$1" "$([[ $2 == 1 ]] && echo met || echo 'NOT met')" "$3"
}
ratio_ok() { awk -v a="${rps[$1]}" -v b="${rps[nginx]}" -v m="$2" 'BEGIN { print ((b > 0 && a / b >= m) ? 1 : 0) }'; }
echo "Targets (docs/performance.md):"
check "warm \$value >= 0.25x nginx" "$(ratio_ok value 0.25)" "${rps[value]} / ${rps[nginx]}"
check "304 >= 0.3x nginx" "$(ratio_ok 304 0.3)" "${rps[304]} / ${rps[nginx]}"
check "metadata >= 0.1x nginx" "$(ratio_ok metadata 0.1)" "${rps[metadata]} / ${rps[nginx]}"
check "p99 <= 20 ms at $CONNECTIONS connections (\$value, 304, metadata)" \
    "$(awk -v a="${p99[value]}" -v b="${p99[304]}" -v c="${p99[metadata]}" 'BEGIN { print ((a <= 20 && b <= 20 && c <= 20) ? 1 : 0) }')" \
    "${p99[value]} / ${p99[304]} / ${p99[metadata]} ms"
check "no exceptions on a warm request" \
    "$(awk -v a="${exc_per_request[value]}" -v b="${exc_per_request[304]}" -v c="${exc_per_request[metadata]}" 'BEGIN { print ((a >= 0 && a < 0.01 && b >= 0 && b < 0.01 && c >= 0 && c < 0.01) ? 1 : 0) }')" \
    "${exc_per_request[value]} / ${exc_per_request[304]} / ${exc_per_request[metadata]}"
echo "Total run: $(elapsed) s"
