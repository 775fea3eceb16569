#!/usr/bin/env bash
# Makes the databases UpgradeIT upgrades: Portrait 0.1 (the core release, commit de04c73) is run on
# the embedded H2 and on PostgreSQL, photos are uploaded through its API, and the databases are
# saved here with a manifest of what 0.1 served (owner path, size, ETag, SHA-256 of the bytes).
# Run from the checkout of a newer release, which provides bin/portrait's PostgreSQL support:
#   git worktree add /tmp/core-release de04c73 && (cd /tmp/core-release && mvn -B -q -DskipTests package)
#   src/test/resources/upgrade/make-core-release-fixtures.sh /tmp/core-release/target/portrait.war
set -euo pipefail
old_war="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
port=18089 cluster_port=6969
work="$(mktemp -d)"
pg_admin=(psql -q -h 127.0.0.1 -U postgres -d postgres)

run_old_release() { # $1 = data dir; PORTRAIT_DB_* from the environment
    PORT=$port PORTRAIT_CLUSTER_PORT=$cluster_port PORTRAIT_DATA="$1" PORTRAIT_WAR="$old_war" \
        "$repo/bin/portrait" run > "$1.log" 2>&1 &
    server=$!
    for _ in $(seq 90); do
        curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
        sleep 1
    done
    echo "Portrait 0.1 did not start; see $1.log" >&2
    exit 1
}

stop_old_release() {
    kill "$server"
    wait "$server" || true
}

# Uploads photos to a user, a group and one of the user's contacts, and writes the manifest.
upload_photos() { # $1 = data dir, $2 = manifest
    local api="http://127.0.0.1:$port/v1.0" auth group contact path size etag
    auth="Authorization: Bearer $(PORTRAIT_DATA="$1" "$repo/bin/portrait" token \
        --tid 0a0a0a0a-0000-4000-8000-000000000001 --oid 0a0a0a0a-0000-4000-8000-000000000002 \
        --upn upgrade@contoso.com --name 'Upgrade Tester')"
    # Small sources keep the fixtures small: 0.1's own 240x240 and 120x120 variants of the sample.
    curl -sf -X PUT "$api/me/photo/\$value" -H "$auth" -H 'Content-Type: image/jpeg' \
        --data-binary @"$repo/docs/sample-photo.jpg" >/dev/null
    curl -sf -o "$work/240.jpg" "$api/me/photos/240x240/\$value" -H "$auth"
    curl -sf -o "$work/120.jpg" "$api/me/photos/120x120/\$value" -H "$auth"
    curl -sf -X PUT "$api/me/photo/\$value" -H "$auth" -H 'Content-Type: image/jpeg' --data-binary @"$work/240.jpg" >/dev/null
    group="$(curl -sf -X POST "$api/groups" -H "$auth" -H 'Content-Type: application/json' \
        -d '{"displayName":"Upgrade Group"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
    curl -sf -X PUT "$api/groups/$group/photo/\$value" -H "$auth" -H 'Content-Type: image/jpeg' --data-binary @"$work/120.jpg" >/dev/null
    contact="$(curl -sf -X POST "$api/me/contacts" -H "$auth" -H 'Content-Type: application/json' \
        -d '{"givenName":"Con","surname":"Tact"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
    curl -sf -X PUT "$api/me/contacts/$contact/photo/\$value" -H "$auth" -H 'Content-Type: image/jpeg' --data-binary @"$work/120.jpg" >/dev/null
    : > "$2"
    for path in me "groups/$group" "me/contacts/$contact"; do
        for size in $(curl -sf "$api/$path/photos" -H "$auth" | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
            etag="$(curl -sf -D - -o "$work/bytes" "$api/$path/photos/$size/\$value" -H "$auth" \
                | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')"
            echo "$path $size $etag $(sha256sum "$work/bytes" | cut -d' ' -f1)" >> "$2"
        done
    done
}

# --- embedded H2 ---
unset PORTRAIT_DB_URL
run_old_release "$work/h2"
upload_photos "$work/h2" "$here/core-release-h2.manifest"
stop_old_release
cp "$work/h2/payara/lib/databases/embedded_default.mv.db" "$here/core-release-h2.mv.db"

# --- PostgreSQL (0.1 had no PostgreSQL launcher; its WAR ran on any default data source) ---
"${pg_admin[@]}" -c 'DROP DATABASE IF EXISTS portrait_core_release' -c 'CREATE DATABASE portrait_core_release'
PORTRAIT_DB_URL=jdbc:postgresql://127.0.0.1:5432/portrait_core_release PORTRAIT_DB_USER=postgres \
    run_old_release "$work/pg"
PORTRAIT_DB_URL=x upload_photos "$work/pg" "$here/core-release-postgresql.manifest"
stop_old_release
pg_dump -h 127.0.0.1 -U postgres --no-owner --no-privileges portrait_core_release > "$here/core-release-postgresql.sql"
"${pg_admin[@]}" -c 'DROP DATABASE portrait_core_release'
rm -rf "$work"
echo "Fixtures written to $here"
