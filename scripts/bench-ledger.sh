#!/usr/bin/env bash
# Ledger benchmarks: the machine's limits (fdatasync, SHA-256, Ed25519), leaves hashed/s, durable
# appends/s and latency at 1, 16 and 256 concurrent appenders, and inclusion proofs at 1M entries.
# Runs LedgerBenchmarks `runs` times (ledgers in fresh directories under $TMPDIR, default /tmp),
# prints every JSON line, then one median line per case and the ratios to the limits and targets.
#   scripts/bench-ledger.sh [runs=3] [seconds per appends case=5]
# SCRATCH_PATH selects the build directory (default .build), as `swift build --scratch-path`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
seconds=${2:-5}
scratch=${SCRATCH_PATH:-.build}
swift build -c release --scratch-path "$scratch" --product LedgerBenchmarks >/dev/null
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for run in $(seq "$runs"); do
  "$scratch/release/LedgerBenchmarks" --seconds "$seconds" --data "${TMPDIR:-/tmp}" | tee -a "$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
# What tells the lines of one case apart; every other numeric field is a measurement.
keys = {"ledger.limits": "limit", "ledger.leaf_hashing": "stage", "ledger.appends": "concurrency",
        "ledger.proofs": "source", "ledger.proofs_build": "entries"}
for line in lines:
    # Each appends line carries the disk's fdatasync latency just before it: a batch's time in syncs.
    if line["benchmark"] == "ledger.appends" and line.get("batch_us") and line.get("probe_fdatasync_us"):
        line["batch_in_fdatasyncs"] = round(line["batch_us"] / line["probe_fdatasync_us"], 1)
groups = {}
for line in lines:
    name = line["benchmark"]
    groups.setdefault((name, line[keys[name]]), []).append(line)
medians = {}
for (name, key), members in groups.items():
    median = {"median": name, keys[name]: key, "runs": len(members)}
    for field, value in members[0].items():
        if field != keys[name] and isinstance(value, (int, float)):
            median[field] = statistics.median(member[field] for member in members)
    medians[(name, key)] = median
    print(json.dumps(median))
def get(name, key, field):
    return medians.get((name, key), {}).get(field)
ratios = {"ratios": "to the limits and targets"}
sync = get("ledger.limits", "fdatasync", "median_us")
grouped = get("ledger.limits", "fdatasync_256_records", "records_per_second")
sha = get("ledger.limits", "sha256_65_bytes", "reused_context_per_second")
for concurrency in [1, 16, 256]:
    rate = get("ledger.appends", concurrency, "appends_per_second")
    if rate is None:
        continue
    if grouped:
        ratios[f"appends_{concurrency}_to_256_per_sync"] = round(rate / grouped, 3)
    ratios[f"appends_{concurrency}_to_target_50k"] = round(rate / 50_000, 2)
    ratios[f"p99_{concurrency}_ms_to_target_5ms"] = round(get("ledger.appends", concurrency, "p99_ms") / 5, 2)
    ratios[f"batch_{concurrency}_in_fdatasyncs"] = get("ledger.appends", concurrency, "batch_in_fdatasyncs")
p50 = get("ledger.appends", 1, "p50_ms")
if p50 and sync:
    ratios["p50_1_to_fdatasync"] = round(p50 * 1000 / sync, 1)
tree = get("ledger.leaf_hashing", "tree", "leaves_per_second")
if tree and sha:
    ratios["tree_leaves_to_target_1M"] = round(tree / 1e6, 2)
    ratios["tree_leaves_to_half_sha256_rate"] = round(tree / (sha / 2), 2)
for source in ["file_ledger_warm", "reader_cold", "in_memory", "verify"]:
    median = get("ledger.proofs", source, "median_us")
    if median is not None:
        ratios[f"proof_{source}_median_to_target_20us"] = round(median / 20, 2)
print(json.dumps(ratios))
PY
