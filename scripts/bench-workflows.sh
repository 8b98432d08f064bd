#!/usr/bin/env bash
# Workflow API under load: publishes per second (each one a new immutable version, a journal
# sync and a ledger append with its own signed checkpoint) and the policy gate's cost per request.
# `wrk` against a release `maestro serve` on a fresh data directory, on this machine:
#   baseline  GET /api/whoami            authentication, routing, JSON — no policy decision
#   gated     GET /api/workflows/:id     the same plus one policy decision (and a store lookup)
#   publish   POST /api/workflows/:id/publish, rotating over 16 workflows
#   scripts/bench-workflows.sh [connections=16] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
seconds=${2:-10}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product maestro >/dev/null
bin=$(swift build -c release --show-bin-path)/maestro
work=$(mktemp -d)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; sleep 0.5; rm -rf "$work"' EXIT
"$bin" serve --port 18097 --data "$work/data" --no-access-log --tenant-rate 1000000 --tenant-burst 1000000 \
  2>"$work/serve.log" & echo $! > "$work/pid"
for _ in $(seq 50); do curl -sf http://127.0.0.1:18097/health >/dev/null && break; sleep 0.1; done
alice=$("$bin" token --data "$work/data" --sub alice --tenant t1 --role author 2>/dev/null)
bob=$("$bin" token --data "$work/data" --sub bob --tenant t1 --role publisher 2>/dev/null)
ids=()
for i in $(seq 16); do
  ids+=("$(curl -sf -X POST http://127.0.0.1:18097/api/workflows -H "Authorization: Bearer $alice" \
    -H 'Content-Type: application/json' --data-binary @samples/workflows/approval.json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
cat > "$work/publish.lua" <<LUA
local ids = { $(printf '"%s",' "${ids[@]}") }
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/workflows/" .. ids[(n % #ids) + 1] .. "/publish",
    { ["Authorization"] = "Bearer $bob", ["Content-Length"] = "0" }, "")
end
LUA
run() {  # run NAME wrk-args…
  local name=$1; shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" > "$work/$name.txt"
  python3 - "$name" "$connections" "$work/$name.txt" <<'PY'
import json, re, sys
name, connections, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(path).read()
def ms(label):
    m = re.search(r"^\s+" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return None
    return round(float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)], 3)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(json.dumps({"target": name, "connections": connections, "requestsPerSecond": round(rps),
                  "p50Ms": ms("50%"), "p99Ms": ms("99%"), "non2xx": int(non2xx.group(1)) if non2xx else 0}))
PY
}
run baseline -H "Authorization: Bearer $alice" http://127.0.0.1:18097/api/whoami
run gated -H "Authorization: Bearer $alice" "http://127.0.0.1:18097/api/workflows/${ids[0]}"
run publish -s "$work/publish.lua" http://127.0.0.1:18097
"$bin" ledger verify --data "$work/data" >/dev/null 2>&1 || true  # the server holds no read lock; verify reads files
echo "{\"ledgerTreeSize\": $(curl -s http://127.0.0.1:18097/api/ledger/checkpoint | sed -n 2p)}"
