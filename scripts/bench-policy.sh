#!/usr/bin/env bash
# PolicyEngine benchmarks: per-decision cost, the eval pipeline's stages, and `maestro policy eval
# --requests` end to end. Release builds; prints JSON lines, then hyperfine's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product PolicyEngineBenchmarks --product maestro >/dev/null
swift build -c release >/dev/null
.build/release/PolicyEngineBenchmarks
.build/release/PolicyEngineBenchmarks --pipeline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/PolicyEngineBenchmarks --write-requests "$work/requests.jsonl" --policies "$work/policies" --count 200000
hyperfine -w 1 -r 5 ".build/release/maestro policy eval $work/policies --requests $work/requests.jsonl > /dev/null"
