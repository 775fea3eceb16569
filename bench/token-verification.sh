#!/usr/bin/env bash
# Token verification benchmark: the cost of verifying one bearer token in Portrait's verifier
# (org.portrait.security.control.TokenVerifier, in this JVM, no server), served from the
# verified-token cache versus verified in full (parse, RS256 or ES256 signature, claims), side by side
# in one run, interleaved in rounds after a warm-up. Single thread; prints per-verification times and
# the ratio. No network: the keys are given inline.
#   bench/token-verification.sh
#   ROUNDS=10 WARMUP_SECONDS=20 bench/token-verification.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d target/classes/org/portrait/security || -n "$(find pom.xml src/main -newer target/classes -print -quit 2>/dev/null)" ]]; then
    mvn -B -q -o compile 2>/dev/null || mvn -B -q compile
fi
classpath_file=target/bench-classpath.txt
if [[ ! -f "$classpath_file" || pom.xml -nt "$classpath_file" ]]; then
    mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null 2>&1 \
        || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
fi

exec java -Xmx256m -cp "target/classes:$(cat "$classpath_file")" bench/TokenVerification.java \
    "${ROUNDS:-6}" "${WARMUP_SECONDS:-10}"
