#!/usr/bin/env bash
# Cluster read benchmark (docs/scaling.md): bearer reads of a photo's bytes (GET /v1.0/me/photo/$value)
# from one Portrait instance and from three behind nginx, in one run on this machine, loopback only,
# every phase bounded in time. Starts three instances with bin/portrait run as one cluster (a member list
# on loopback) on a scratch PostgreSQL database, sharing one development key pair, and nginx with
# server-config/nginx/portrait-upstream.conf in front (once with instance A alone, once with all three);
# uploads docs/sample-photo.jpg through A, then:
#   1. cold: the first COLD seconds of A alone, read directly, then the first COLD seconds of the three
#      behind nginx (B and C still cold, A warmed by the first phase);
#   2. warm-up: A directly, then the three behind nginx, in WARM_WINDOW-second windows until req/s stops
#      rising (bench/wrk.sh), at most WARM_MAX seconds each; prints how long each took;
#   3. measure, ROUNDS times in turn, DURATION seconds each: A directly, A behind nginx, the three behind
#      nginx: req/s, p50, p99, errors, and the CPU time the Java processes and nginx used in the window
#      (utime + stime from /proc), as busy cores and as req/s per busy core; the whole machine's busy
#      cores (wrk included) from /proc/stat.
# Needs wrk and nginx (installed with apt-get when missing and running as root) and PostgreSQL.
#   bench/cluster.sh
#   DURATION=30 CONNECTIONS=32 BENCH_PORT=37000 BENCH_CLUSTER_PORT=37900 bench/cluster.sh
# Ports: instances on BENCH_PORT, +1, +2; nginx with A alone on +3, with the three on +4; Hazelcast on
# BENCH_CLUSTER_PORT, +1, +2. PostgreSQL: a scratch database portrait_bench_cluster on PG_URL's server,
# dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-16}
COLD=${COLD:-10}
WARM_WINDOW=${WARM_WINDOW:-10}
WARM_MAX=${WARM_MAX:-240}
ROUNDS=${ROUNDS:-2}
PORT=${BENCH_PORT:-18680}
CLUSTER_PORT=${BENCH_CLUSTER_PORT:-7680}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
NGINX_ONE=$((PORT + 3))
NGINX_THREE=$((PORT + 4))

source bench/need.sh
need wrk wrk
need nginx nginx-light
need psql postgresql-client
source bench/wrk.sh

source bench/postgresql.sh

work=$(mktemp -d)
pids=()
nginx_pid=""
cleanup() {
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
    for pid in ${pids[@]+"${pids[@]}"}; do
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    "${psql_admin[@]}" -c 'DROP DATABASE IF EXISTS portrait_bench_cluster WITH (FORCE)' 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

t0=$(date +%s)
elapsed() { echo $(( $(date +%s) - t0 )); }

# Build once before starting three servers (each would otherwise check and build).
if [[ ! -f target/portrait.war || ! -f target/postgresql.jar || -n "$(find pom.xml src -newer target/portrait.war -print -quit)" ]]; then
    mvn -B -q -DskipTests package
fi
"${psql_admin[@]}" -c 'DROP DATABASE IF EXISTS portrait_bench_cluster WITH (FORCE)' -c 'CREATE DATABASE portrait_bench_cluster'

# One development key pair for the three, so that one token is accepted by every instance.
java bin/PortraitDevTool.java keys --keys "$work/a/dev-keys" > /dev/null
for n in b c; do mkdir -p "$work/$n" && cp -r "$work/a/dev-keys" "$work/$n/"; done

names=(a b c)
members="127.0.0.1:$CLUSTER_PORT,127.0.0.1:$((CLUSTER_PORT + 1)),127.0.0.1:$((CLUSTER_PORT + 2))"
echo "Starting three instances on 127.0.0.1:$PORT-$((PORT + 2)) (cluster $members, database portrait_bench_cluster) ..."
for i in 0 1 2; do
    # bin/portrait execs Java: $! is the Payara JVM's pid. JAVA_OPTS unset: the launcher's defaults.
    env -u JAVA_OPTS PORTRAIT_DATA="$work/${names[$i]}" PORT=$((PORT + i)) HTTPS_PORT=off \
        PORTRAIT_CLUSTER_PORT=$((CLUSTER_PORT + i)) PORTRAIT_CLUSTER_MEMBERS="$members" PORTRAIT_CLUSTER_NAME=portrait-bench \
        PORTRAIT_DB_URL="jdbc:${pg_server}/portrait_bench_cluster" PORTRAIT_DB_USER="$PG_USER" \
        bin/portrait run > "$work/${names[$i]}.log" 2>&1 &
    pids+=($!)
done
for i in 0 1 2; do
    for _ in $(seq 1 240); do
        curl -fs --max-time 2 -o /dev/null "http://127.0.0.1:$((PORT + i))/health/ready" && break
        kill -0 "${pids[$i]}" 2>/dev/null || break
        sleep 1
    done
    curl -fs --max-time 5 -o /dev/null "http://127.0.0.1:$((PORT + i))/health/ready" \
        || { tail -40 "$work/${names[$i]}.log"; echo "bench: instance ${names[$i]} did not start" >&2; exit 1; }
done
boot_s=$(elapsed)

# nginx: the repository's upstream file twice, with A alone and with the three.
upstream() { # name listen servers...
    local name=$1 listen=$2 servers="" s
    shift 2
    for s in "$@"; do servers+="    server 127.0.0.1:$s max_fails=1 fail_timeout=5s;\n"; done
    sed -e '/^    server 127\.0\.0\.1:[0-9]* /d' \
        -e "s/^upstream portrait {/upstream $name {\n$servers/" \
        -e "s|proxy_pass http://portrait;|proxy_pass http://$name;|" \
        -e "s/listen 8088;/listen 127.0.0.1:$listen;/" server-config/nginx/portrait-upstream.conf
}
{
    upstream portrait_one "$NGINX_ONE" "$PORT"
    upstream portrait_three "$NGINX_THREE" "$PORT" $((PORT + 1)) $((PORT + 2))
} > "$work/upstreams.conf"
cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    include $work/upstreams.conf;
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" > "$work/nginx.out" 2>&1 &
nginx_pid=$!

token=$(PORTRAIT_DATA="$work/a" bin/portrait token)
auth="Authorization: Bearer $token"
path="/v1.0/me/photo/\$value"
curl -fs --max-time 60 -o /dev/null -X PUT "http://127.0.0.1:$PORT$path" -H "$auth" \
    -H 'Content-Type: image/jpeg' --data-binary @docs/sample-photo.jpg
bytes=$(curl -fs --max-time 30 "http://127.0.0.1:$NGINX_THREE$path" -H "$auth" | wc -c)
for i in 0 1 2; do
    curl -fs --max-time 30 -o /dev/null "http://127.0.0.1:$((PORT + i))$path" -H "$auth" \
        || { echo "bench: instance ${names[$i]} does not serve the photo" >&2; exit 1; }
done
curl -fs --max-time 30 -o /dev/null "http://127.0.0.1:$NGINX_ONE$path" -H "$auth" || { echo "bench: nginx not serving" >&2; exit 1; }

declare -A url label
url[one]="http://127.0.0.1:$PORT$path"
url[nginx-one]="http://127.0.0.1:$NGINX_ONE$path"
url[three]="http://127.0.0.1:$NGINX_THREE$path"
label[one]="one instance, direct"
label[nginx-one]="one instance behind nginx"
label[three]="three behind nginx"

# CPU: clock ticks of the three JVMs, of nginx (master and workers), of the machine (non-idle).
hz=$(getconf CLK_TCK)
ticks_of() { # pids... -> utime + stime, summed
    local pid sum=0 t
    for pid in "$@"; do
        t=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
nginx_pids() { echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true); }
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
cpu_snapshot() { # -> "A B C nginx machine"
    echo "$(ticks_of "${pids[0]}") $(ticks_of "${pids[1]}") $(ticks_of "${pids[2]}") $(ticks_of $(nginx_pids)) $(machine_busy)"
}

echo "Instances ready in ${boot_s}s; the same $bytes-byte JPEG, wrk -t2 -c$CONNECTIONS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- 1. cold ----------------------------------------------------------------------------------------
read -r cold_one_rps cold_one_p50 cold_one_p99 cold_one_err _ < <(wrk_window "$COLD" "${url[one]}" -H "$auth")
echo "  [$(elapsed) s] cold, ${label[one]}: $cold_one_rps req/s, p50 $cold_one_p50 ms, p99 $cold_one_p99 ms, errors $cold_one_err"
read -r cold_three_rps cold_three_p50 cold_three_p99 cold_three_err _ < <(wrk_window "$COLD" "${url[three]}" -H "$auth")
echo "  [$(elapsed) s] cold, ${label[three]}: $cold_three_rps req/s, p50 $cold_three_p50 ms, p99 $cold_three_p99 ms, errors $cold_three_err"

# --- 2. warm-up -------------------------------------------------------------------------------------
declare -A warmed_in warm_trace
for t in one three; do
    read -r spent flat trace < <(warm_until_flat "$WARM_MAX" "${url[$t]}" -H "$auth")
    warmed_in[$t]="$spent$( (( flat )) || echo ' (cap)')"
    warm_trace[$t]=$trace
    echo "  [$(elapsed) s] warmed ${label[$t]} in ${warmed_in[$t]} s: $trace"
done

# --- 3. measure -------------------------------------------------------------------------------------
declare -A rows
for round in $(seq 1 "$ROUNDS"); do
    for t in one nginx-one three; do
        read -r a0 b0 c0 n0 m0 < <(cpu_snapshot)
        start_ns=$(date +%s%N)
        read -r rps p50 p99 err requests < <(wrk_window "$DURATION" "${url[$t]}" -H "$auth")
        end_ns=$(date +%s%N)
        read -r a1 b1 c1 n1 m1 < <(cpu_snapshot)
        row=$(awk -v rps="$rps" -v p50="$p50" -v p99="$p99" -v err="$err" -v hz="$hz" \
            -v s="$(( (end_ns - start_ns) / 1000000 ))" \
            -v a=$((a1 - a0)) -v b=$((b1 - b0)) -v c=$((c1 - c0)) -v n=$((n1 - n0)) -v m=$((m1 - m0)) 'BEGIN {
                secs = s / 1000; java = (a + b + c) / hz / secs; ng = n / hz / secs; busy = java + ng
                printf "%7d %7.2f %7.2f %6d   %5.2f %5.2f %5.2f %5.2f %6.2f %7.2f %8.0f",
                    rps, p50, p99, err, a / hz / secs, b / hz / secs, c / hz / secs, ng, busy, m / hz / secs,
                    (busy > 0 ? rps / busy : 0) }')
        rows[$round,$t]=$row
        echo "  [$(elapsed) s] round $round, ${label[$t]}: $row"
    done
done

# --- report -----------------------------------------------------------------------------------------
echo
echo "Cold, the first ${COLD}s: ${label[one]} $cold_one_rps req/s (p50 $cold_one_p50 ms, p99 $cold_one_p99 ms, errors $cold_one_err);"
echo "  then ${label[three]} $cold_three_rps req/s (p50 $cold_three_p50 ms, p99 $cold_three_p99 ms, errors $cold_three_err)"
echo "Warm-up (${WARM_WINDOW}s windows, req/s each): ${label[one]} ${warmed_in[one]} s:${warm_trace[one]};"
echo "  ${label[three]} ${warmed_in[three]} s:${warm_trace[three]}"
echo
echo "Warm, ${DURATION}s each, CPU as busy cores (CPU seconds per second) in the window:"
printf '  %-28s %5s %7s %7s %7s %6s   %5s %5s %5s %5s %6s %7s %8s\n' target round "req/s" "p50 ms" "p99 ms" errors \
    A B C nginx server machine "req/s/core"
for round in $(seq 1 "$ROUNDS"); do
    for t in one nginx-one three; do
        printf '  %-28s %5s %s\n' "${label[$t]}" "$round" "${rows[$round,$t]}"
    done
done
echo "  (server = A + B + C + nginx; req/s/core = req/s per busy server core; machine includes wrk)"
echo "Total run: $(elapsed) s"
