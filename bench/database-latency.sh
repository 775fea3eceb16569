#!/usr/bin/env bash
# Database benchmark: the same requests against Portrait on the embedded H2 and on PostgreSQL, two
# servers side by side in one run, the requests interleaved in rounds so both see the same machine
# load. Prints latency percentiles per operation and the PostgreSQL : H2 ratio. Loopback only,
# bounded (ROUNDS x (UPLOADS uploads + READS reads of each kind) per database).
#   bench/database-latency.sh
#   ROUNDS=10 READS=500 PG_URL=jdbc:postgresql://127.0.0.1:5432/test bench/database-latency.sh
# PostgreSQL: a scratch database portrait_bench is created on PG_URL's server and dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-6}
UPLOADS=${UPLOADS:-10}
READS=${READS:-300}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
H2_PORT=${BENCH_PORT:-18190}
PG_PORT=$((H2_PORT + 1))

source bench/postgresql.sh
bench_db_url="jdbc:${pg_server}/portrait_bench"

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    "${psql_admin[@]}" -c 'DROP DATABASE IF EXISTS portrait_bench WITH (FORCE)' 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Build once before starting two servers (each would otherwise check and build).
if [[ ! -f target/portrait.war || ! -f target/postgresql.jar || -n "$(find pom.xml src -newer target/portrait.war -print -quit)" ]]; then
    mvn -B -q -DskipTests package
fi
"${psql_admin[@]}" -c 'DROP DATABASE IF EXISTS portrait_bench WITH (FORCE)' -c 'CREATE DATABASE portrait_bench'

start() { # name port [PORTRAIT_DB_URL]
    echo "Starting Portrait ($1) on 127.0.0.1:$2 ..."
    env PORTRAIT_DATA="$work/$1" PORT="$2" PORTRAIT_CLUSTER_PORT=$(($2 % 1000 + 6000)) JAVA_OPTS=-Xmx512m \
        ${3:+PORTRAIT_DB_URL=$3 PORTRAIT_DB_USER=$PG_USER} bin/portrait run > "$work/$1.log" 2>&1 &
    pids+=($!)
}
wait_ready() { # name port
    for _ in $(seq 1 150); do
        curl -fs -o /dev/null "http://127.0.0.1:$2/health/ready" && return 0
        sleep 1
    done
    tail -40 "$work/$1.log"
    echo "bench: Portrait ($1) did not start" >&2
    exit 1
}
start h2 "$H2_PORT"
start postgresql "$PG_PORT" "$bench_db_url"
wait_ready h2 "$H2_PORT"
wait_ready postgresql "$PG_PORT"

java bench/DatabaseLatency.java "$ROUNDS" "$UPLOADS" "$READS" docs/sample-photo.jpg \
    "H2=http://127.0.0.1:$H2_PORT=$(PORTRAIT_DATA="$work/h2" bin/portrait token)" \
    "PostgreSQL=http://127.0.0.1:$PG_PORT=$(PORTRAIT_DATA="$work/postgresql" bin/portrait token)"
