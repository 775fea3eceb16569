# Sourced by the read benchmarks (read-path.sh, cluster.sh): wrk in bounded windows. Uses CONNECTIONS
# and WARM_WINDOW from the sourcing script.

# wrk_window SECONDS URL [WRK OPTIONS...]: one wrk run, 2 threads (1 for 1 connection), $CONNECTIONS
# connections (WRK_CONNECTIONS overrides it for one call); prints
# "req/s p50_ms p99_ms errors requests" (errors: non-2xx/3xx answers plus socket errors; "0 0 0 1 0"
# when wrk itself fails).
wrk_window() {
    local seconds=$1 url=$2 out c=${WRK_CONNECTIONS:-$CONNECTIONS}
    shift 2
    out=$(timeout $((seconds + 30)) wrk -t$((c < 2 ? c : 2)) -c"$c" -d"${seconds}s" --timeout 10s --latency "$@" "$url") \
        || { echo "0 0 0 1 0"; return; }
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
        }
        /^Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        /requests in/ { requests = $1 }
        /Non-2xx or 3xx/ { errors += $5 }
        /Socket errors/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, errors, requests }' <<< "$out"
}

# warm_until_flat MAX_SECONDS URL [WRK OPTIONS...]: WARM_WINDOW-second windows until req/s stops rising
# (a window less than 3% above the best one so far, twice in a row), at most MAX_SECONDS; prints
# "SECONDS FLAT REQ/S-OF-EACH-WINDOW..." (FLAT 0: stopped at the cap, still rising).
warm_until_flat() {
    local max=$1 url=$2 spent=0 best=0 flat=0 rps trace=""
    shift 2
    while (( spent < max )); do
        read -r rps _ < <(wrk_window "$WARM_WINDOW" "$url" "$@")
        spent=$((spent + WARM_WINDOW))
        trace+=" $rps"
        if (( rps * 100 > best * 103 )); then flat=0; else flat=$((flat + 1)); fi
        if (( rps > best )); then best=$rps; fi
        if (( flat >= 2 )); then break; fi
    done
    echo "$spent $(( flat >= 2 ? 1 : 0 ))$trace"
}
