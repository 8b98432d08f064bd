#!/usr/bin/env bash
# HTTP transport benchmark: wrk against nginx and against Maestro, same machine, same settings,
# small JSON bodies, keep-alive. Targets, alternated in each round so load on a shared machine
# hits them alike:
#   nginx    a fixed 48-byte JSON body
#   server   the same bytes from Maestro's HTTP server core (GatewayBenchmarks)
#   gateway  `maestro serve`, GET /api/whoami with a bearer token: the whole request pipeline
#            (request id, trace context, routing, JWT verification, tenant rate limit, metrics,
#            JSON access log to /dev/null)
# Prints one JSON line per run and a median line per target.
#   scripts/bench-http.sh [connections=64] [seconds=15] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-64}
seconds=${2:-15}
rounds=${3:-3}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
swift build -c release --product GatewayBenchmarks >/dev/null
swift build -c release --product maestro >/dev/null
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; sleep 0.5; rm -rf "$work"' EXIT
body='{"status":"ok","service":"maestro","version":1}'
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:18091;
    location / { default_type application/json; return 200 '$body'; }
  }
}
CONF
nginx -c "$work/nginx.conf"
.build/release/GatewayBenchmarks --port 18090 2>/dev/null &
echo $! > "$work/server.pid"
token=$(.build/release/maestro token --sub bench --tenant bench --role viewer --data "$work/data")
.build/release/maestro serve --port 18092 --data "$work/data" --tenant-rate 1000000 --tenant-burst 1000000 \
  >/dev/null 2>&1 &
echo $! > "$work/gateway.pid"
sleep 1

measure() { # name url [header]
  local output
  if [ $# -eq 3 ]; then
    output=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "$3" "$2")
  else
    output=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$2")
  fi
  echo "$output" | awk -v name="$1" -v c="$connections" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF } /Socket errors/ { errors = $0 }
    END { printf "{\"target\":\"%s\",\"connections\":%d,\"requestsPerSecond\":%.0f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"non2xx\":%d,\"socketErrors\":\"%s\"}\n", name, c, rps, p50, p99, bad + 0, errors }'
}

results="$work/results.jsonl"
for round in $(seq "$rounds"); do
  measure nginx http://127.0.0.1:18091/ | tee -a "$results"
  measure server http://127.0.0.1:18090/ | tee -a "$results"
  measure gateway http://127.0.0.1:18092/api/whoami "Authorization: Bearer $token" | tee -a "$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
medians = {}
for target in ["nginx", "server", "gateway"]:
    mine = [r for r in runs if r["target"] == target]
    medians[target] = {k: statistics.median(r[k] for r in mine) for k in ["requestsPerSecond", "p50Ms", "p99Ms"]}
for target, m in medians.items():
    ratio = m["requestsPerSecond"] / medians["nginx"]["requestsPerSecond"]
    print(json.dumps({"median": target, "runs": len([r for r in runs if r["target"] == target]), **m,
                      "ratioToNginx": round(ratio, 2)}))
PY
