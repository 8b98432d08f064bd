#!/usr/bin/env bash
# A newcomer's tour of Maestro's API, against a running server:
#
#   swift run maestro serve            # in one terminal
#   samples/walkthrough.sh             # in another (BASE=http://127.0.0.1:8080 DATA=./maestro-data)
#
# It mints tokens with the server's local key, then validates, creates, publishes and simulates the
# approval sample, shows two denials and why, lists the versions with their ledger proofs, and
# verifies the published version's ledger entry offline. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-http://127.0.0.1:8080}
DATA=${DATA:-./maestro-data}
MAESTRO=${MAESTRO:-$(swift build --show-bin-path 2>/dev/null)/maestro}
[ -x "$MAESTRO" ] || { swift build --product maestro >/dev/null; MAESTRO=$(swift build --show-bin-path)/maestro; }

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2)[:1800])'; }
field() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval('v' + sys.argv[1]))" "$1"; }
token() { "$MAESTRO" token --data "$DATA" --sub "$1" --tenant "$2" --role "$3" 2>/dev/null; }
call() {  # call TOKEN METHOD PATH [BODY-FILE] [extra curl args…]
  local token=$1 method=$2 path=$3 body=${4:-}; shift 4 || shift $#
  curl -sS -X "$method" "$BASE$path" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${body:+--data-binary @"$body"} "$@"
}

ALICE=$(token alice t1 author)
BOB=$(token bob t1 publisher)
VIC=$(token vic t1 viewer)
MALLORY=$(token mallory t2 admin)

say "Who am I? (the principal the policies see)"
call "$ALICE" GET /api/whoami | pretty

say "Validate the approval sample: compile and lint, nothing stored"
call "$ALICE" POST /api/workflows/validate samples/workflows/approval.json | python3 -c '
import json,sys; r=json.load(sys.stdin)
print("valid:", r["valid"], "| errors:", len(r["errors"]), "| warnings:", len(r["warnings"]))
print("order:", " → ".join(s["id"] for s in r["plan"]["steps"]))'

say "A viewer tries to create it: denied, and told why"
call "$VIC" POST /api/workflows samples/workflows/approval.json | python3 -c '
import json,sys; p=json.load(sys.stdin); v=p["denial"]["violations"][0]
print(p["status"], p["code"], "-", p["detail"]); print("policy:", v["policy"], "| code:", v["code"]); print("appeal:", v["appeal"])'

say "Alice (author) creates it as a draft"
WF=$(call "$ALICE" POST /api/workflows samples/workflows/approval.json | field '["id"]')
echo "workflow id: $WF"

say "Another tenant cannot even see it (404, as if it did not exist)"
call "$MALLORY" GET "/api/workflows/$WF" | field '["status"], v["code"]'

say "Alice may not publish her own draft: four eyes (or her role) stop her"
call "$ALICE" POST "/api/workflows/$WF/publish" "" | python3 -c '
import json,sys; p=json.load(sys.stdin); print(p["status"], p["code"], "-", p["detail"])'

say "Bob (publisher) publishes it: an immutable version, written to the ledger"
call "$BOB" POST "/api/workflows/$WF/publish" "" | python3 -c '
import json,sys; v=json.load(sys.stdin); l=v["ledger"]
print("version", v["semver"], "| definition", v["definitionDigest"][:23] + "…")
print("ledger index", l["leafIndex"], "of", l["treeSize"], "| inclusion path:", len(l["inclusion"]), "hashes")
print(l["checkpoint"])'

say "Versions, each with its digest and ledger index"
call "$ALICE" GET "/api/workflows/$WF/versions" | pretty

say "Simulate the published definition: which path, when, and at what cost"
python3 - "$WF" > /tmp/maestro-simulate.json <<'PY'
import json, sys
definition = json.load(open("samples/workflows/approval.json"))
print(json.dumps({"definition": definition, "input": {"amount": 2500, "requester": "alice"},
                  "mocks": {"scoreRisk": {"output": {"score": 82}}, "managerApproval": {"output": {"approved": True}, "durationSeconds": 3600}}}))
PY
call "$ALICE" POST /api/workflows/simulate /tmp/maestro-simulate.json | python3 -c '
import json,sys; r=json.load(sys.stdin)
print("status:", r["status"], "| total:", r["totalSeconds"], "s | cost:", json.dumps(r["cost"]))
for s in r["steps"]: print("  %-16s %-9s %8.1fs → %8.1fs  attempts %s" % (s["id"], s["status"], s["startSeconds"] or 0, s["endSeconds"] or 0, s["attempts"]))
for c in r["conditions"]: print("  condition", c["id"] + ":", c["because"])
for p in r["policyChecks"]:
    d = p.get("decision") or {}
    v = ((d.get("denial") or {}).get("violations") or [{}])[0]
    print("  an execution would face:", p["action"], "→", d.get("decision"), v.get("code") or "")'

say "The ledger's key and checkpoint, public, for anyone to check"
curl -sS "$BASE/api/ledger/key"
curl -sS "$BASE/api/ledger/checkpoint"

say "Verify the version's ledger entry offline, without Maestro"
INDEX=$(call "$ALICE" GET "/api/workflows/$WF/versions" | field '["items"][0]["ledgerIndex"]')
"$MAESTRO" evidence export --data "$DATA" --index "$INDEX" --out /tmp/maestro-bundle.json >/dev/null
curl -sS "$BASE/api/ledger/key" > /tmp/maestro-ledger.vkey
python3 scripts/verify-evidence.py /tmp/maestro-bundle.json --vkey /tmp/maestro-ledger.vkey

say "Decisions: compliance staff see every allow and deny, with reasons"
call "$(token cora t1 compliance)" GET "/api/decisions?decision=deny" | python3 -c '
import json,sys
for d in json.load(sys.stdin)["items"]:
    print(d["principal"], d["action"], d["decision"], "-", (d["denial"] or {}).get("violations", [{}])[0].get("code"))'
