#!/usr/bin/env bash
# Fuzzes the HTTP/1.1 request parser with libFuzzer.
#
# Usage: scripts/fuzz-http.sh [seconds]   (default 600)
#
# Builds Sources/Gateway/HTTP/*.swift (standard library only) with Fuzz/HTTPParser/*.swift into
# .build-fuzz/http-fuzz, with the fuzzer and address sanitizers, then runs it on a copy of the
# committed corpus (so the run does not grow it). Crashes go to Fuzz/artifacts/; reproduce one with
# `.build-fuzz/http-fuzz Fuzz/artifacts/crash-…`.
set -euo pipefail

seconds="${1:-600}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

binary=.build-fuzz/http-fuzz
mkdir -p .build-fuzz Fuzz/artifacts
echo "building $binary" >&2
# Compiled from inside .build-fuzz, where swiftc also leaves its module files.
(cd .build-fuzz && swiftc -parse-as-library -swift-version 6 -module-name GatewayFuzz \
    -sanitize=fuzzer,address -O -wmo -g -use-ld=lld \
    "$root"/Sources/Gateway/HTTP/*.swift "$root"/Fuzz/HTTPParser/*.swift -o http-fuzz)

corpus="$(mktemp -d "${TMPDIR:-/tmp}/http-fuzz-corpus.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
cp Fuzz/HTTPParser/corpus/* "$corpus/"

echo "fuzzing for ${seconds}s on $(nproc) core(s)" >&2
"$binary" "$corpus" \
    -dict=Fuzz/HTTPParser/http.dict -max_len=70000 -timeout=5 -max_total_time="$seconds" -rss_limit_mb=4096 \
    -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1
