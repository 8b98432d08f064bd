#!/usr/bin/env python3
"""Generate golden test vectors for Maestro's PolicyEngine from the real Cedar engine.

Every case is evaluated with ``cedarpy.is_authorized`` (cedarpy 4.12.2) and written to
``Tests/PolicyEngineTests/Vectors/cedar/<case-id>.json``. The output is deterministic:
hand-written cases are fixed, random cases use ``random.Random(seed)`` with fixed seeds,
and files are written with sorted keys, 2-space indent and a trailing newline.

Usage (from the repository root):

    /tmp/cedarvenv/bin/python scripts/cedar-goldens/generate.py

Options:
    --out DIR     write somewhere else (default: Tests/PolicyEngineTests/Vectors/cedar)
    --check       do not write; exit 1 if any file would change (or is stale/extra)

This is a development tool. It is not run by CI.
"""

import argparse
import json
import os
import random
import re
import sys

try:
    import cedarpy
except ImportError:  # pragma: no cover
    sys.exit("cedarpy is not installed; see scripts/cedar-goldens/README.md")

CEDAR_TAG = "cedarpy 4.12.2"
REQUIRED_CEDARPY = "4.12.2"
RANDOM_CASES = 150

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "PolicyEngineTests", "Vectors", "cedar")

I64_MIN = -9223372036854775808
I64_MAX = 9223372036854775807


# ---------------------------------------------------------------------------
# Helpers for entities and requests
# ---------------------------------------------------------------------------

def uid(t, i):
    return {"type": t, "id": i}


def ref(t, i):
    """An entity reference inside an attribute value (Cedar JSON entity format)."""
    return {"__entity": uid(t, i)}


def ent(t, i, attrs=None, parents=()):
    return {"uid": uid(t, i), "attrs": attrs or {}, "parents": [uid(pt, pi) for pt, pi in parents]}


def uid_str(u):
    """Cedar surface syntax for an entity uid, as cedarpy's request expects."""
    eid = u["id"].replace("\\", "\\\\").replace('"', '\\"')
    return '%s::"%s"' % (u["type"], eid)


def base_world():
    """The shared entity store used by most hand-written cases and every random case.

    Users: alice (full attrs), bob (no profile; mgr points at a user absent from the
    store), carol (no mgr). User::"dave" and Doc::"ghost" are deliberately absent.
    Groups: eng -> staff -> all, ops -> staff. Docs d1/d2 in folders f1/f2 under root.
    Actions: view -> read -> all, edit -> write -> all, delete -> write.
    """
    return [
        ent("User", "alice", {
            "name": "Alice", "level": 5, "tags": ["eng", "admin"],
            "mgr": ref("User", "bob"),
            "profile": {"dept": "eng", "active": True,
                        "address": {"city": "Paris", "zip": "75001"}},
        }, [("Group", "eng")]),
        ent("User", "bob", {
            "name": "Bob", "level": 9, "tags": [],
            "mgr": ref("User", "zed"),
        }, [("Group", "ops")]),
        ent("User", "carol", {
            "name": "Carol", "level": 1, "tags": ["ops", "eng"],
            "profile": {"dept": "ops", "active": False,
                        "address": {"city": "Lyon", "zip": "69001"}},
        }, [("Group", "ops"), ("Group", "eng")]),
        ent("Group", "eng", {"name": "Engineering"}, [("Group", "staff")]),
        ent("Group", "ops", {"name": "Operations"}, [("Group", "staff")]),
        ent("Group", "staff", {}, [("Group", "all")]),
        ent("Group", "all", {}, []),
        ent("Doc", "d1", {"owner": ref("User", "alice"), "level": 3, "labels": ["public"],
                          "title": "Plan"}, [("Folder", "f1")]),
        ent("Doc", "d2", {"owner": ref("User", "bob"), "level": 7, "labels": ["secret", "hr"],
                          "title": "Pay"}, [("Folder", "f2")]),
        ent("Folder", "f1", {}, [("Folder", "root")]),
        ent("Folder", "f2", {}, [("Folder", "root")]),
        ent("Folder", "root", {}, []),
        ent("Action", "view", {}, [("Action", "read")]),
        ent("Action", "edit", {}, [("Action", "write")]),
        ent("Action", "delete", {}, [("Action", "write")]),
        ent("Action", "read", {}, [("Action", "all")]),
        ent("Action", "write", {}, [("Action", "all")]),
        ent("Action", "all", {}, []),
        ent("NS::User", "x", {"level": 2}, [("NS::Group", "g")]),
        ent("NS::Group", "g", {}, []),
    ]


def with_ids(bodies):
    """Prefix each policy body with @id("pN") (N = 0-based position) and join them."""
    return "\n".join('@id("p%d")\n%s' % (i, b.strip()) for i, b in enumerate(bodies))


# ---------------------------------------------------------------------------
# Running a case through Cedar
# ---------------------------------------------------------------------------

EVAL_ERR = re.compile(r"^error while evaluating policy `policy(\d+)`: ")
PARSE_ERR = "policy parse errors:"


class CaseError(Exception):
    pass


def evaluate(policies, entities, request):
    req = {
        "principal": uid_str(request["principal"]),
        "action": uid_str(request["action"]),
        "resource": uid_str(request["resource"]),
        "context": request["context"],
    }
    try:
        res = cedarpy.is_authorized(req, policies, entities)
    except Exception as e:  # cedarpy itself failed: the case is malformed
        raise CaseError("cedarpy raised %s: %s" % (type(e).__name__, e))
    errs = list(res.diagnostics.errors)
    reasons = list(res.diagnostics.reasons)

    if any(e.startswith(PARSE_ERR) for e in errs):
        if len(errs) != 1 or reasons or res.decision.name != "NoDecision":
            raise CaseError("unexpected parse-error shape: %r %r" % (res.decision, errs))
        # Cross-check with the standalone parser.
        try:
            cedarpy.PolicySet.from_str(policies)
        except ValueError:
            pass
        else:
            raise CaseError("is_authorized reported a parse error but PolicySet parsed")
        return {"parseError": True, "cedarErrors": errs}

    # Not a parse error: the text must parse on its own as well.
    try:
        cedarpy.PolicySet.from_str(policies)
    except ValueError as e:
        raise CaseError("PolicySet refused text that is_authorized accepted: %s" % e)

    if res.decision.name not in ("Allow", "Deny"):
        raise CaseError("non-policy failure: %r %r" % (res.decision, errs))
    err_ids = []
    by_id = {}
    for e in errs:
        m = EVAL_ERR.match(e)
        if not m:
            raise CaseError("non-policy error reported: %r" % e)
        n = int(m.group(1))
        err_ids.append(n)
        by_id.setdefault(n, e)
    det = []
    for r in reasons:
        m = re.fullmatch(r"policy(\d+)", r)
        if not m:
            raise CaseError("unexpected reason id %r" % r)
        det.append(int(m.group(1)))
    # The @id annotation must agree with the position-based name.
    for r, v in res.diagnostics.id_annotations_by_reason.items():
        if v != "p" + r[len("policy"):]:
            raise CaseError("@id(%r) does not match position %s" % (v, r))
    want = {
        "decision": "allow" if res.decision.name == "Allow" else "deny",
        "determining": ["p%d" % n for n in sorted(set(det))],
        "errors": ["p%d" % n for n in sorted(set(err_ids))],
    }
    if by_id:
        want["cedarErrors"] = [by_id[n] for n in sorted(by_id)]
    return want


ENTITY_LITERAL = re.compile(r'((?:[A-Za-z_][A-Za-z0-9_]*::)+)"((?:[^"\\]|\\.)*)"')


def _refs_in(value, out):
    if isinstance(value, dict):
        if set(value) == {"__entity"}:
            out.append((value["__entity"]["type"], value["__entity"]["id"]))
        else:
            for v in value.values():
                _refs_in(v, out)
    elif isinstance(value, list):
        for v in value:
            _refs_in(v, out)


def prune_entities(entities, policies, request):
    """Drop entities that no evaluation of this request can reach.

    Reachable = the request's principal/action/resource, entity references in context,
    entity literals in the policy text, and (transitively) the parents and attribute
    references of reachable entities. An entity nothing can reach cannot change any
    result, so dropping it keeps the files small; main() also re-checks that the pruned
    store gives Cedar's exact same answer.
    """
    by_uid = {(e["uid"]["type"], e["uid"]["id"]): e for e in entities}
    todo = [(request[k]["type"], request[k]["id"]) for k in ("principal", "action", "resource")]
    _refs_in(request["context"], todo)
    keep_types = set()
    for m in ENTITY_LITERAL.finditer(policies):
        t, i = m.group(1)[:-2], m.group(2)
        if "\\" in i:
            keep_types.add(t)  # escaped id: keep every entity of the type
        else:
            todo.append((t, i))
    seen = set()
    while todo:
        u = todo.pop()
        if u in seen:
            continue
        seen.add(u)
        e = by_uid.get(u)
        if e is None:
            continue
        todo.extend((p["type"], p["id"]) for p in e["parents"])
        _refs_in(e["attrs"], todo)
    return [e for e in entities
            if (e["uid"]["type"], e["uid"]["id"]) in seen or e["uid"]["type"] in keep_types]


def outcome_class(want):
    if want.get("parseError"):
        return "P"
    if want["errors"]:
        return "E"
    return "A" if want["decision"] == "allow" else "D"


# ---------------------------------------------------------------------------
# Case registry
# ---------------------------------------------------------------------------

CASES = []  # list of (case_id, record, expect)
_IDS = set()

DEFAULT_REQ = dict(principal=uid("User", "alice"), action=uid("Action", "view"),
                   resource=uid("Doc", "d1"))


def case(cid, desc, policies, *, expect=None, raw=False, entities=None, principal=None,
         action=None, resource=None, context=None, det=None, errs=None):
    """Register a case.

    policies: list of policy bodies (each gets @id("pN") prepended) or, with raw=True,
              the complete policy text (which must carry its own @id annotations).
    expect:   intended outcome, checked against Cedar so mistakes in a case are caught:
              "A" allow without errors, "D" deny without errors, "E" at least one
              evaluation error, "P" parse error; "A+E"/"D+E" decision plus errors.
    det/errs: optional intended determining / errors id lists (also checked).
    """
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid), cid
    assert cid not in _IDS, "duplicate case id " + cid
    _IDS.add(cid)
    text = policies if raw else with_ids(policies)
    # Fewer than 11 policies per case, so numeric and lexicographic order of pN agree.
    assert len(re.findall(r'@id\("p\d+"\)', text)) <= 10, cid
    req = {
        "principal": principal or DEFAULT_REQ["principal"],
        "action": action or DEFAULT_REQ["action"],
        "resource": resource or DEFAULT_REQ["resource"],
        "context": context if context is not None else {},
    }
    rec = {
        "desc": desc,
        "cedar": CEDAR_TAG,
        "policies": text,
        "entities": entities if entities is not None else base_world(),
        "request": req,
    }
    CASES.append((cid, rec, (expect, det, errs)))


def check_expect(cid, want, exp):
    expect, det, errs = exp
    problems = []
    if expect is not None:
        got = outcome_class(want)
        if expect in ("A", "D", "E", "P"):
            ok = got == expect
        elif expect == "A+E":
            ok = got == "E" and want["decision"] == "allow"
        elif expect == "D+E":
            ok = got == "E" and want["decision"] == "deny"
        else:
            raise AssertionError("bad expect %r" % expect)
        if not ok:
            problems.append("expected %s, Cedar gave %s" % (expect, json.dumps(want)))
    if det is not None and not want.get("parseError") and want["determining"] != det:
        problems.append("expected determining %r, got %r" % (det, want["determining"]))
    if errs is not None and not want.get("parseError") and want["errors"] != errs:
        problems.append("expected errors %r, got %r" % (errs, want["errors"]))
    return ["%s: %s" % (cid, p) for p in problems]


ALL = "permit(principal, action, resource)"


def W(expr):
    """A permit-all policy with a single when clause."""
    return "%s when { %s };" % (ALL, expr)


def expr_case(cid, desc, expr, expect, **kw):
    case(cid, desc, [W(expr)], expect=expect, **kw)


# ---------------------------------------------------------------------------
# Hand-written cases
# ---------------------------------------------------------------------------

def semantics_cases():
    P = "permit(principal, action, resource);"
    F = "forbid(principal, action, resource);"
    case("sem-empty-policy-set", "An empty policy text parses as an empty policy set and denies with no errors.",
         "", raw=True, expect="D", det=[])
    case("sem-comment-only-policy-set", "A policy text holding only a // comment is an empty policy set: deny, no errors.",
         "// nothing here\n", raw=True, expect="D", det=[])
    case("sem-default-deny-no-match", "When no permit's scope matches, the decision is deny with no determining policies.",
         ['permit(principal == User::"bob", action, resource);'], expect="D", det=[])
    case("sem-permit-all", "An unconditional permit allows and is the sole determining policy.",
         [P], expect="A", det=["p0"])
    case("sem-forbid-only", "A forbid alone denies; the satisfied forbid is determining.",
         [F], expect="D", det=["p0"])
    case("sem-forbid-overrides-permit", "A satisfied forbid overrides a satisfied permit; only the forbid is determining.",
         [P, F], expect="D", det=["p1"])
    case("sem-forbid-overrides-two-permits", "Two permits and two forbids hold: deny, determining = both forbids.",
         [P, F, W("true"), "forbid(principal, action, resource) when { true };"], expect="D", det=["p1", "p3"])
    case("sem-permits-determining-together", "Several satisfied permits are all listed as determining.",
         [P, W("1 == 1"), 'permit(principal == User::"bob", action, resource);', W("principal.level > 0")],
         expect="A", det=["p0", "p1", "p3"])
    case("sem-permit-error-skipped", "A permit whose condition errors is skipped and reported in errors; another permit still allows.",
         [W("principal.nope"), P], expect="A+E", det=["p1"], errs=["p0"])
    case("sem-forbid-error-does-not-deny", "A forbid whose condition errors is skipped, so a satisfied permit still allows.",
         [P, "forbid(principal, action, resource) when { context.missing };"], expect="A+E", det=["p0"], errs=["p1"])
    case("sem-permit-and-forbid-error", "Both a permit and a forbid error: both are skipped, deny by default, both in errors.",
         [W("principal.level + \"x\" == 1"), "forbid(principal, action, resource) when { resource.nope == 1 };"],
         expect="D+E", det=[], errs=["p0", "p1"])
    case("sem-error-and-forbid-holds", "A permit errors and a forbid holds: deny, the forbid determining, the permit in errors.",
         [W("if 1 then true else false"), F], expect="D+E", det=["p1"], errs=["p0"])
    case("sem-errors-several-mixed", "Four policies: permit ok, permit error, forbid error, forbid false.",
         [P, W("[1] < 2"), "forbid(principal, action, resource) when { -\"a\" == 1 };",
          "forbid(principal, action, resource) when { principal.level > 100 };"],
         expect="A+E", det=["p0"], errs=["p1", "p2"])
    case("sem-error-outside-scope-not-evaluated", "A policy whose scope does not match never evaluates its erroring condition.",
         ['permit(principal == User::"bob", action, resource) when { 1 + true };', P], expect="A", errs=[])
    case("sem-unless-false-allows", "A permit with `unless { false }` holds.",
         ["%s unless { false };" % ALL], expect="A")
    case("sem-unless-true-blocks", "A permit with `unless { true }` does not hold.",
         ["%s unless { true };" % ALL], expect="D")
    case("sem-when-and-unless", "`when` true and `unless` false: the policy holds.",
         ["%s when { principal.level == 5 } unless { resource.level > 5 };" % ALL], expect="A")
    case("sem-when-and-unless-blocked", "`when` true and `unless` true: the policy does not hold.",
         ["%s when { principal.level == 5 } unless { resource.level < 5 };" % ALL], expect="D")
    case("sem-several-when-clauses", "All when clauses must hold; three true clauses allow.",
         ["%s when { true } when { principal.level > 1 } when { resource.level < 5 };" % ALL], expect="A")
    case("sem-several-when-one-false", "One false clause among several when clauses makes the policy not hold.",
         ["%s when { true } when { principal.level > 10 } when { resource.level < 5 };" % ALL], expect="D")
    case("sem-several-unless-clauses", "Several unless clauses: the policy holds only if all are false.",
         ["%s unless { false } unless { principal.level > 10 };" % ALL], expect="A")
    case("sem-clause-order-when-error-first", "An erroring when clause before a true unless clause: the policy errors.",
         ["%s when { 1 } unless { true };" % ALL], expect="D+E", errs=["p0"])
    case("sem-clause-order-unless-true-first", "A true unless clause before an erroring when clause: clauses short-circuit in order, no error.",
         ["%s unless { true } when { 1 };" % ALL], expect="D", errs=[])
    case("sem-clause-order-when-false-first", "A false when clause before an erroring one: no error.",
         ["%s when { false } when { 1 };" % ALL], expect="D", errs=[])
    case("sem-condition-non-bool", "A when clause evaluating to a Long is a type error.",
         [W("42")], expect="D+E")
    case("sem-unless-non-bool", "An unless clause evaluating to a set is a type error.",
         ["%s unless { [] };" % ALL], expect="D+E")
    case("sem-missing-attribute", "Reading an attribute the principal lacks is an error.",
         [W("principal.profile.dept == \"eng\"")], principal=uid("User", "bob"), expect="D+E")
    case("sem-attr-of-absent-entity", "Reading an attribute of an entity absent from the store is an error.",
         [W("principal.mgr.level > 0")], principal=uid("User", "bob"), expect="D+E")
    case("sem-principal-absent-from-store", "A request principal absent from the store still matches an unconditional permit.",
         [P], principal=uid("User", "dave"), expect="A")
    case("sem-resource-absent-has", "`has` on a resource absent from the store is false, not an error.",
         ["%s unless { resource has owner };" % ALL], resource=uid("Doc", "ghost"), expect="A")
    case("sem-empty-store", "With an empty entity store, scope equality still works.",
         ['permit(principal == User::"alice", action == Action::"view", resource == Doc::"d1");'],
         entities=[], expect="A")
    case("sem-forbid-with-unless", "forbid ... unless { principal is admin-tagged } denies non-admins only.",
         [P, 'forbid(principal, action, resource) unless { principal.tags.contains("admin") };'],
         principal=uid("User", "carol"), expect="D", det=["p1"])
    case("sem-many-policies", "Eight policies with mixed scopes; only some match.",
         ['permit(principal == User::"alice", action, resource);',
          'permit(principal == User::"bob", action, resource);',
          'permit(principal in Group::"staff", action in Action::"read", resource);',
          'permit(principal, action == Action::"edit", resource);',
          'forbid(principal, action, resource in Folder::"f2");',
          'permit(principal, action, resource is Doc) when { resource.owner == principal };',
          'forbid(principal is Group, action, resource);',
          'permit(principal, action in [Action::"view", Action::"edit"], resource == Doc::"d1");'],
         expect="A", det=["p0", "p2", "p5", "p7"])


def scope_cases():
    def S(cid, desc, scope, expect, **kw):
        case(cid, desc, ["permit(%s);" % scope], expect=expect, **kw)

    S("scope-all", "The unconstrained scope matches any request.", "principal, action, resource", "A")
    S("scope-principal-eq", "principal == the request principal matches.", 'principal == User::"alice", action, resource', "A")
    S("scope-principal-eq-mismatch", "principal == another user does not match.", 'principal == User::"bob", action, resource', "D")
    S("scope-principal-eq-other-type", "principal == an entity with the same id but another type does not match.",
      'principal == Group::"alice", action, resource', "D")
    S("scope-principal-eq-absent", "principal == an id absent from the store matches when the request names it.",
      'principal == User::"dave", action, resource', "A", principal=uid("User", "dave"))
    S("scope-principal-in-direct", "principal in its direct parent group matches.", 'principal in Group::"eng", action, resource', "A")
    S("scope-principal-in-transitive", "principal in a grandparent group (eng -> staff) matches transitively.",
      'principal in Group::"staff", action, resource', "A")
    S("scope-principal-in-transitive-3", "principal in a great-grandparent group (eng -> staff -> all) matches.",
      'principal in Group::"all", action, resource', "A")
    S("scope-principal-in-not-member", "principal in a group it does not belong to does not match.",
      'principal in Group::"ops", action, resource', "D")
    S("scope-principal-in-self", "principal in itself matches (in is reflexive).",
      'principal in User::"alice", action, resource', "A")
    S("scope-principal-in-absent-principal", "A principal absent from the store is in no group.",
      'principal in Group::"all", action, resource', "D", principal=uid("User", "dave"))
    S("scope-principal-in-second-parent", "A user with two parents is in both branches.",
      'principal in Group::"eng", action, resource', "A", principal=uid("User", "carol"))
    S("scope-principal-is", "principal is User matches a User.", "principal is User, action, resource", "A")
    S("scope-principal-is-mismatch", "principal is Group does not match a User.", "principal is Group, action, resource", "D")
    S("scope-principal-is-in", "principal is User in Group::\"all\" matches transitively.",
      'principal is User in Group::"all", action, resource', "A")
    S("scope-principal-is-in-wrong-type", "principal is Group in Group::\"all\" fails on the type.",
      'principal is Group in Group::"all", action, resource', "D")
    S("scope-principal-is-in-wrong-group", "principal is User in Group::\"ops\" fails on membership.",
      'principal is User in Group::"ops", action, resource', "D")
    S("scope-principal-is-absent", "is checks only the type, so an absent principal still matches `is User`.",
      "principal is User, action, resource", "A", principal=uid("User", "dave"))
    S("scope-principal-namespaced-eq", "A namespaced principal matches == with the namespaced literal.",
      'principal == NS::User::"x", action, resource', "A", principal=uid("NS::User", "x"))
    S("scope-principal-namespaced-vs-plain", "NS::User::\"x\" is a different entity from User::\"x\".",
      'principal == User::"x", action, resource', "D", principal=uid("NS::User", "x"))
    S("scope-principal-namespaced-is", "principal is NS::User matches a namespaced principal.",
      "principal is NS::User, action, resource", "A", principal=uid("NS::User", "x"))
    S("scope-principal-namespaced-in", "A namespaced principal in its namespaced parent group.",
      'principal in NS::Group::"g", action, resource', "A", principal=uid("NS::User", "x"))
    S("scope-action-eq", "action == the request action matches.", 'principal, action == Action::"view", resource', "A")
    S("scope-action-eq-mismatch", "action == another action does not match.", 'principal, action == Action::"edit", resource', "D")
    S("scope-action-eq-group-not-member", "action == a group does not match a member action (== is not in).",
      'principal, action == Action::"read", resource', "D")
    S("scope-action-in-list", "action in a list containing the request action matches.",
      'principal, action in [Action::"edit", Action::"view"], resource', "A")
    S("scope-action-in-list-group", "action in a list containing a parent group of the request action matches.",
      'principal, action in [Action::"write", Action::"read"], resource', "A")
    S("scope-action-in-empty-list", "action in [] never matches.", "principal, action in [], resource", "D")
    S("scope-action-in-group", "action in its direct parent action group matches.",
      'principal, action in Action::"read", resource', "A")
    S("scope-action-in-group-transitive", "action in a grandparent action group (view -> read -> all) matches.",
      'principal, action in Action::"all", resource', "A")
    S("scope-action-in-group-mismatch", "action in an unrelated action group does not match.",
      'principal, action in Action::"write", resource', "D")
    S("scope-action-in-group-no-entity", "Without Action entities in the store, action groups have no members.",
      'principal, action in Action::"read", resource', "D",
      entities=[e for e in base_world() if e["uid"]["type"] != "Action"])
    S("scope-action-delete-in-write", "delete is in write via the action hierarchy.",
      'principal, action in Action::"write", resource', "A", action=uid("Action", "delete"))
    S("scope-action-namespaced", "A namespaced action type matches == with the same namespaced uid.",
      'principal, action == NS::Action::"view", resource', "A", action=uid("NS::Action", "view"))
    S("scope-resource-eq", "resource == the request resource matches.", 'principal, action, resource == Doc::"d1"', "A")
    S("scope-resource-in", "resource in its folder matches.", 'principal, action, resource in Folder::"f1"', "A")
    S("scope-resource-in-mismatch", "resource in a sibling folder does not match.", 'principal, action, resource in Folder::"f2"', "D")
    S("scope-resource-is", "resource is Doc matches.", "principal, action, resource is Doc", "A")
    S("scope-resource-is-in", "resource is Doc in Folder::\"root\" matches.", 'principal, action, resource is Doc in Folder::"root"', "A")
    S("scope-resource-is-in-mismatch", "resource is Doc in Folder::\"f2\" fails on membership.",
      'principal, action, resource is Doc in Folder::"f2"', "D")
    S("scope-resource-absent-in", "A resource absent from the store is only in itself.",
      'principal, action, resource in Folder::"root"', "D", resource=uid("Doc", "ghost"))
    S("scope-all-three-constrained", "All three scope elements constrained and matching.",
      'principal in Group::"eng", action in [Action::"view"], resource in Folder::"f1"', "A")
    S("scope-trailing-comma", "Cedar 4.12 accepts a trailing comma after the resource scope element.",
      "principal, action, resource,", "A")
    S("scope-whitespace-newlines", "Scope elements split across lines and padded with whitespace.",
      '\n  principal   ==   User::"alice" ,\n  action ,\n  resource\n', "A")
    S("scope-entity-id-with-space", "Entity ids may contain spaces.",
      'principal == User::"mary ann", action, resource', "A", principal=uid("User", "mary ann"))
    S("scope-entity-id-escaped-quote", "Entity ids may contain escaped quotes in policy text.",
      'principal == User::"a\\"b", action, resource', "A", principal=uid("User", 'a"b'))
    case("scope-forbid-in-group", "A forbid scoped to a group denies a member despite a permit.",
         ["permit(principal, action, resource);", 'forbid(principal in Group::"staff", action, resource);'],
         expect="D", det=["p1"])


def annotation_cases():
    case("annot-no-value", "Cedar 4.12 accepts an annotation without a value (`@foo`).",
         '@id("p0")\n@foo\npermit(principal, action, resource);', raw=True, expect="A")
    case("annot-many", "Several annotations of different names on one policy.",
         '@id("p0") @a("1") @b("two") @c_3("") @Dee("\\u{1F600}")\npermit(principal, action, resource);',
         raw=True, expect="A")
    case("annot-reserved-word-name", "An annotation name may be a reserved word such as `if`.",
         '@id("p0") @if("x") @permit("y")\npermit(principal, action, resource);', raw=True, expect="A")
    case("annot-escapes-in-value", "Annotation values accept string escapes.",
         '@id("p0") @note("line\\nbreak \\"quoted\\" \\\\ tab\\t")\npermit(principal, action, resource);',
         raw=True, expect="A")
    case("annot-on-every-policy", "Annotations on several policies; @id placement varies.",
         '@owner("sec") @id("p0")\nforbid(principal, action, resource) when { false };\n'
         '@id("p1")\n@owner\npermit(principal, action, resource);', raw=True, expect="A", det=["p1"])
    case("annot-no-space-before-effect", "An annotation may be followed directly by the effect with no whitespace.",
         '@id("p0")permit(principal, action, resource);', raw=True, expect="A")
    case("parse-annot-duplicate", "The same annotation twice on one policy is a parse error.",
         '@id("p0") @x("a") @x("b")\npermit(principal, action, resource);', raw=True, expect="P")
    case("parse-annot-non-string-value", "An annotation value must be a string literal; a Long is a parse error.",
         '@id("p0") @level(1)\npermit(principal, action, resource);', raw=True, expect="P")
    case("parse-annot-namespaced-name", "An annotation name cannot be a namespaced path.",
         '@id("p0") @a::b("x")\npermit(principal, action, resource);', raw=True, expect="P")
    case("parse-annot-dangling", "An annotation with no policy after it is a parse error.",
         '@id("p0")\npermit(principal, action, resource);\n@id("p1")', raw=True, expect="P")


def syntax_cases():
    case("syntax-line-comments", "`//` comments are allowed between tokens and at the end of lines.",
         '// leading comment\n@id("p0") // after annotation\npermit( // open\n  principal, // p\n  action,\n  resource\n) // before when\nwhen { true // inside\n}; // trailing\n',
         raw=True, expect="A")
    case("syntax-comment-at-eof-no-newline", "A comment at the very end of the text without a newline.",
         '@id("p0") permit(principal, action, resource); // end', raw=True, expect="A")
    case("syntax-comment-contains-semicolon", "A `;` inside a comment does not terminate anything.",
         '@id("p0") permit(principal, action, resource) // ; ; ;\nwhen { true };', raw=True, expect="A")
    case("syntax-comment-in-string-is-text", "`//` inside a string literal is not a comment.",
         '@id("p0") permit(principal, action, resource) when { "a//b" like "a//*" };', raw=True, expect="A")
    case("syntax-multiple-policies-one-line", "Several policies on one line.",
         '@id("p0") permit(principal, action, resource); @id("p1") forbid(principal, action, resource) when { false }; @id("p2") permit(principal, action, resource) when { 1 == 1 };',
         raw=True, expect="A", det=["p0", "p2"])
    case("syntax-tabs-crlf", "Tabs and CRLF line endings are whitespace.",
         '@id("p0")\r\n\tpermit(\tprincipal,\r\n\taction,\tresource\t)\r\n\twhen\t{\ttrue\t};\r\n', raw=True, expect="A")
    case("syntax-trailing-comma-set", "A trailing comma is accepted in a set literal.",
         [W("[1, 2,] == [1, 2]")], expect="A")
    case("syntax-trailing-comma-record", "A trailing comma is accepted in a record literal.",
         [W("{a: 1,} == {a: 1}")], expect="A")
    case("syntax-leading-zeros", "A Long literal with leading zeros (007) is accepted as 7.",
         [W("007 == 7")], expect="A")
    case("syntax-unary-not-four", "Up to four `!` in a row are accepted.",
         [W("!!!!true")], expect="A")
    case("syntax-unary-neg-four", "Up to four `-` in a row are accepted.",
         [W("----1 == 1")], expect="A")
    case("parse-unary-not-five", "Five `!` in a row is a parse error (too many occurrences).",
         [W("!!!!!true")], expect="P")
    case("parse-unary-neg-five", "Five `-` in a row is a parse error (too many occurrences).",
         [W("-----1 == -1")], expect="P")
    case("parse-block-comment", "Block comments `/* */` are not Cedar syntax.",
         '/* no */ @id("p0") permit(principal, action, resource);', raw=True, expect="P")
    case("parse-effect-uppercase", "Effects are case-sensitive; PERMIT is a parse error.",
         '@id("p0") PERMIT(principal, action, resource);', raw=True, expect="P")
    case("parse-unknown-variable", "An unknown bare identifier is a parse error.",
         [W("user == principal")], expect="P")
    case("parse-entity-id-not-quoted", "Entity ids must be string literals: User::alice is a parse error.",
         [W("User::alice == principal")], expect="P")
    case("parse-trailing-comma-condition", "A trailing comma inside a condition is a parse error.",
         [W("1 == 1,")], expect="P")
    case("parse-float-literal", "Decimal literals like 1.5 are not Cedar syntax.",
         [W("1.5 == 1")], expect="P")
    case("parse-hex-literal", "Hexadecimal integer literals are not Cedar syntax.",
         [W("0x10 == 16")], expect="P")
    case("parse-if-without-else", "if-then without else is a parse error.",
         [W("if true then true")], expect="P")
    case("parse-index-by-number", "Indexing with a number (`[0]`) is a parse error: only string keys are allowed.",
         [W("[1][0] == 1")], expect="P")
    case("parse-is-entity-literal", "The right side of `is` must be a type name, not an entity literal.",
         [W('principal is User::"alice"')], expect="P")
    case("parse-is-without-type", "`is` with nothing after it is a parse error.",
         [W("principal is")], expect="P")
    case("parse-like-non-literal-pattern", "The right side of `like` must be a string literal.",
         [W('"a" like principal.name')], expect="P")
    case("parse-like-chained", "`like` cannot be chained.",
         [W('"a" like "*" like "*"')], expect="P")
    case("parse-function-call-method-name", "`contains` is a method; calling it as a function is a parse error.",
         [W("contains([1], 1)")], expect="P")
    case("parse-method-arity", "`contains` with two arguments is a parse error.",
         [W("[1].contains(1, 2)")], expect="P")
    case("parse-method-like-call", "`like` is an operator, not a method.",
         [W('principal.name.like("a")')], expect="P")
    case("parse-missing-semicolon-between", "Two policies without a `;` between them is a parse error.",
         '@id("p0") permit(principal, action, resource)\n@id("p1") permit(principal, action, resource);',
         raw=True, expect="P")


def parse_cases():
    case("parse-missing-semicolon", "A policy without the terminating `;` is a parse error.",
         '@id("p0") permit(principal, action, resource)', raw=True, expect="P")
    case("parse-missing-scope-resource", "A scope without the resource element is a parse error.",
         '@id("p0") permit(principal, action);', raw=True, expect="P")
    case("parse-empty-scope", "An empty scope `()` is a parse error.",
         '@id("p0") permit();', raw=True, expect="P")
    case("parse-scope-wrong-order", "Scope elements must appear in the order principal, action, resource.",
         '@id("p0") permit(action, principal, resource);', raw=True, expect="P")
    case("parse-scope-principal-in-set", "`principal in [..]` is a parse error: sets are only allowed for action.",
         ['permit(principal in [User::"alice"], action, resource);'], expect="P")
    case("parse-scope-resource-in-set", "`resource in [..]` is a parse error.",
         ['permit(principal, action, resource in [Folder::"f1"]);'], expect="P")
    case("parse-scope-resource-is-without-type", "`resource is` without a type is a parse error.",
         ["permit(principal, action, resource is);"], expect="P")
    case("parse-scope-action-eq-set", "`action == [..]` is a parse error.",
         ['permit(principal, action == [Action::"view"], resource);'], expect="P")
    case("parse-scope-action-is", "`is` is not allowed in the action scope.",
         ["permit(principal, action is Action, resource);"], expect="P")
    case("parse-scope-action-non-action-type", "The action scope requires entities of an Action type.",
         ['permit(principal, action == User::"alice", resource);'], expect="P")
    case("parse-scope-principal-eq-type-name", "`principal == User` (a type, not an entity) is a parse error.",
         ["permit(principal == User, action, resource);"], expect="P")
    case("parse-scope-principal-eq-expression", "The scope accepts only entity literals, not expressions.",
         ["permit(principal == context.who, action, resource);"], expect="P")
    case("parse-unknown-method", "An unknown method `.foo()` is a parse error.",
         [W("principal.foo()")], expect="P")
    case("parse-unknown-function", "An unknown function call is a parse error.",
         [W("foo(1)")], expect="P")
    case("parse-chained-lt", "Chained comparisons `a < b < c` are a parse error.",
         [W("1 < 2 < 3")], expect="P")
    case("parse-chained-eq", "Chained equality `a == b == c` is a parse error.",
         [W("1 == 1 == true")], expect="P")
    case("parse-chained-mixed", "Mixing `<` and `==` without parentheses is a parse error.",
         [W("1 < 2 == true")], expect="P")
    case("parse-chained-in", "Chained `in` is a parse error.",
         [W('principal in Group::"eng" in Group::"all"')], expect="P")
    case("parse-chained-eq-parenthesized-ok", "Parenthesizing a chained comparison makes it valid.",
         [W("(1 == 1) == true")], expect="A")
    case("parse-long-too-large", "9223372036854775808 without a minus is too large and a parse error.",
         [W("9223372036854775808 > 0")], expect="P")
    case("parse-long-too-large-parenthesized-neg", "-(9223372036854775808) is a parse error: the literal alone is too large.",
         [W("-(9223372036854775808) < 0")], expect="P")
    case("parse-long-too-small", "-9223372036854775809 is out of range and a parse error.",
         [W("-9223372036854775809 < 0")], expect="P")
    case("parse-unterminated-string", "An unterminated string literal is a parse error.",
         [W('"abc == "abc"')], expect="P")
    case("parse-bad-escape", "The escape `\\q` is invalid and a parse error.",
         [W('"a\\qb" == "aqb"')], expect="P")
    case("parse-bad-escape-in-pattern", "An invalid escape inside a like pattern is a parse error.",
         [W('"a" like "\\q"')], expect="P")
    case("parse-bad-escape-unicode-range", "\\u{110000} is beyond Unicode and a parse error.",
         [W('"\\u{110000}" == ""')], expect="P")
    case("parse-bad-escape-surrogate", "\\u{D800} (a surrogate) is a parse error.",
         [W('"\\u{D800}" == ""')], expect="P")
    case("parse-bad-escape-unicode-no-braces", "\\u0041 (without braces) is a parse error.",
         [W('"\\u0041" == "A"')], expect="P")
    case("parse-bad-escape-hex-high", "\\x80 is a parse error (only \\x00-\\x7f are valid).",
         [W('"\\x80" == ""')], expect="P")
    case("parse-reserved-attr-if", "`principal.if` is a parse error: `if` is reserved.",
         [W("principal.if")], expect="P")
    case("parse-reserved-attr-in", "`context.in` is a parse error: `in` is reserved.",
         [W("context.in")], expect="P")
    case("parse-reserved-has-if", "`context has if` is a parse error: `if` is reserved.",
         [W("context has if")], expect="P")
    case("parse-reserved-record-key-then", "A reserved word as an unquoted record key is a parse error.",
         [W("{then: 1} == {}")], expect="P")
    case("parse-reserved-cedar-prefix", "Identifiers named `__cedar` are reserved.",
         [W("context.__cedar")], expect="P")
    case("parse-when-without-braces", "`when` without braces is a parse error.",
         [ALL + " when true;"], expect="P")
    case("parse-when-empty", "An empty `when {}` clause is a parse error.",
         [ALL + " when {};"], expect="P")
    case("parse-unless-empty", "An empty `unless {}` clause is a parse error.",
         [ALL + " unless {};"], expect="P")
    case("parse-unknown-effect", "An unknown effect `allow(...)` is a parse error.",
         '@id("p0") allow(principal, action, resource);', raw=True, expect="P")
    case("parse-duplicate-record-key", "A record literal with a duplicate key is a parse error.",
         [W("{a: 1, a: 2} == {a: 2}")], expect="P")
    case("parse-duplicate-record-key-quoted", "A duplicate key written once as ident and once quoted is a parse error.",
         [W('{a: 1, "a": 1} == {a: 1}')], expect="P")
    case("parse-one-bad-policy-fails-all", "One bad policy makes the whole text a parse error, even with good policies around it.",
         '@id("p0") permit(principal, action, resource);\n@id("p1") permit(principal, action, resource) when { 1 < 2 < 3 };\n@id("p2") forbid(principal, action, resource);',
         raw=True, expect="P")
    case("parse-missing-operand", "A binary operator without a right operand is a parse error.",
         [W("1 + == 2")], expect="P")
    case("parse-has-number", "`has` requires an identifier or string, not a number.",
         [W("context has 1")], expect="P")
    case("parse-bracket-non-string", "`[...]` access requires a string literal; an expression is a parse error.",
         [W('context[principal.name] == 1')], expect="P")
    case("parse-has-multi-attr-accepted", "Cedar 4.12 accepts the multi-attribute form `has a.b`.",
         [W("{a: {b: 1}} has a.b")], expect="A")


def literal_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("lit-false", "The literal false.", "false", "D")
    E("lit-long-max", "The largest Long literal 9223372036854775807.", "9223372036854775807 > 9223372036854775806")
    E("lit-long-min", "The smallest Long literal -9223372036854775808.", "-9223372036854775808 < -9223372036854775807")
    E("lit-long-min-space", "`- 9223372036854775808` (minus, space, literal) is accepted as the minimum Long.",
      "- 9223372036854775808 == -9223372036854775808")
    E("lit-long-min-equals-max-plus", "-9223372036854775808 == -9223372036854775807 - 1.",
      "-9223372036854775808 == -9223372036854775807 - 1")
    E("lit-string-empty", "The empty string.", '"" == ""')
    E("lit-string-escape-newline", "\\n in a string equals a context string containing a newline.",
      '"a\\nb" == context.s', context={"s": "a\nb"})
    E("lit-string-escape-tab", "\\t in a string equals a context string containing a tab.",
      '"a\\tb" == context.s', context={"s": "a\tb"})
    E("lit-string-escape-cr", "\\r in a string equals a context string containing a carriage return.",
      '"a\\rb" == context.s', context={"s": "a\rb"})
    E("lit-string-escape-backslash", "\\\\ in a string is one backslash.",
      '"a\\\\b" == context.s', context={"s": "a\\b"})
    E("lit-string-escape-dquote", "\\\" in a string is a double quote.",
      '"say \\"hi\\"" == context.s', context={"s": 'say "hi"'})
    E("lit-string-escape-squote", "\\' in a string is a single quote.",
      '"it\\\'s" == context.s', context={"s": "it's"})
    E("lit-string-escape-nul", "\\0 in a string is the NUL character.",
      '"a\\0b" == context.s', context={"s": "a\u0000b"})
    E("lit-string-escape-unicode", "\\u{1F600} is the emoji U+1F600.",
      '"\\u{1F600}" == context.s', context={"s": "\U0001F600"})
    E("lit-string-escape-unicode-vs-raw", "An escaped and a raw emoji are the same string.",
      '"\\u{1F600}" == "\U0001F600"')
    E("lit-string-escape-hex", "Cedar 4.12 accepts the hex escape \\x41 (== \"A\").", '"\\x41" == "A"')
    E("lit-string-escape-mismatch", "\\n is not the two characters backslash and n.",
      '"\\n" == context.s', "D", context={"s": "\\n"})
    E("lit-set-nested", "Sets may contain sets.", "[[1], [2, 3]].contains([3, 2])")
    E("lit-set-mixed", "A set may mix element types.", '[1, "a", true, User::"alice"].contains(User::"alice")')
    E("lit-record-ident-and-string-keys", "A record literal mixes identifier keys and quoted keys.",
      '{a: 1, "b c": 2}["b c"] == 2')
    E("lit-record-empty-key", "The empty string is a valid record key.", '{"": 1}[""] == 1')
    E("lit-record-reserved-key-quoted", "A reserved word is a valid record key when quoted.",
      '{"if": 1}["if"] == 1')
    E("lit-entity", "An entity literal equals the principal.", 'User::"alice" == principal')
    E("lit-entity-namespaced", "Namespaced entity literals compare by full type.",
      'NS::User::"x" == NS::User::"x" && NS::User::"x" != User::"x"')
    E("lit-entity-escaped-id", "Entity literals with escaped characters in the id.",
      'User::"a\\"b" == context.who', context={"who": ref("User", 'a"b')})
    E("lit-entity-id-unicode-escape", "An entity id written with a \\u escape equals the raw id.",
      'User::"\\u{1F600}" == context.who', context={"who": ref("User", "\U0001F600")})
    E("var-context-record", "context is a record; its attributes are readable.", "context.n == 3 && context.s == \"x\"",
      context={"n": 3, "s": "x"})
    E("var-context-entity-ref", "An entity reference in context is an entity.", "context.who == principal",
      context={"who": ref("User", "alice")})
    E("var-context-entity-ref-in", "An entity reference in context works with `in`.",
      'context.who in Group::"staff"', context={"who": ref("User", "carol")})
    E("var-context-nested", "Nested records and sets in context.",
      'context.r.inner.xs.contains(2) && context.r.inner.flag',
      context={"r": {"inner": {"xs": [1, 2], "flag": True}}})
    E("var-action", "The action variable is the request action entity.", 'action == Action::"view"')
    E("var-action-attr", "Action entities can carry attributes.", "action.risk == 2",
      entities=base_world() + [ent("Action", "view2", {"risk": 2}, [("Action", "read")])],
      action=uid("Action", "view2"))
    E("var-action-attr-missing", "Reading an absent attribute of an action is an error.", "action.risk == 2", "D+E")


def attr_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("attr-dot", "Dot access to an entity attribute.", "principal.level == 5")
    E("attr-bracket", "Bracket access to an entity attribute.", 'principal["level"] == 5')
    E("attr-bracket-space-key", "Bracket access to a context key with a space.", 'context["a b"] == 1',
      context={"a b": 1})
    E("attr-dot-non-reserved-keyword", "Dot access to `permit`/`when`/`principal` keys works: they are not reserved.",
      'context.permit && context.when && context.principal == 1',
      context={"permit": True, "when": True, "principal": 1})
    E("attr-nested-record", "Nested record access through an entity attribute.", 'principal.profile.address.city == "Paris"')
    E("attr-nested-record-bracket", "Mixed dot and bracket access on nested records.",
      'principal["profile"].address["zip"] == "75001"')
    E("attr-entity-chain", "Access through an entity reference attribute.", 'resource.owner.name == "Alice"')
    E("attr-entity-chain-2", "Two hops through entity references (doc owner -> mgr).",
      'resource.owner.mgr.name == "Bob"')
    E("attr-entity-chain-absent", "The third hop reaches an entity absent from the store: error.",
      "resource.owner.mgr.mgr.level > 0", "D+E")
    E("attr-missing-on-entity", "A missing attribute on an entity is an error.", "principal.age > 1", "D+E")
    E("attr-missing-on-record", "A missing key on a record is an error.", 'principal.profile.phone == ""', "D+E")
    E("attr-missing-on-context", "A missing key on context is an error.", "context.flag", "D+E")
    E("attr-of-absent-entity-literal", "An attribute of an entity literal absent from the store is an error.",
      'User::"dave".level > 0', "D+E")
    E("attr-on-long", "Attribute access on a Long is a type error.", "principal.level.x == 1", "D+E")
    E("attr-on-set", "Attribute access on a Set is a type error.", "principal.tags.size == 2", "D+E")
    E("attr-record-in-set", "Records inside sets compare structurally.",
      '[{k: 1}, {k: 2}].contains({k: 2})')
    E("attr-error-guarded-by-has", "`has` guards a later access via &&, so no error.",
      'principal has profile && principal.profile.dept == "eng"', "D", principal=uid("User", "bob"))
    E("attr-error-unguarded", "Without a `has` guard the same access errors.",
      'principal.profile.dept == "eng"', "D+E", principal=uid("User", "bob"))


def has_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("has-entity-true", "`has` on an entity with the attribute.", "principal has level")
    E("has-entity-false", "`has` on an entity without the attribute.", "principal has age", "D")
    E("has-entity-string-form", "`has` with a quoted attribute name.", 'principal has "name"')
    E("has-string-form-space", "`has` with a quoted name containing a space.", 'context has "a b"', context={"a b": 0})
    E("has-string-form-empty", "`has` with the empty string.", 'context has ""', "D")
    E("has-record-true", "`has` on a record literal.", "{a: 1} has a")
    E("has-record-false", "`has` on a record literal lacking the key.", "{a: 1} has b", "D")
    E("has-nested-record", "`has` on a nested record attribute.", "principal.profile.address has zip")
    E("has-context-false", "`has` on context lacking the key.", "context has x", "D")
    E("has-absent-entity-literal", "`has` on an entity absent from the store is false, not an error.",
      'User::"dave" has level', "D", errs=[])
    E("has-absent-entity-ref", "`has` on an entity reference pointing at an absent entity is false.",
      "principal.mgr has level", "D", errs=[], principal=uid("User", "bob"))
    E("has-absent-principal", "`has` on a request principal absent from the store is false.",
      "principal has level", "D", errs=[], principal=uid("User", "dave"))
    E("has-on-long", "`has` on a Long is a type error.", "principal.level has x", "D+E")
    E("has-on-set", "`has` on a Set is a type error.", "principal.tags has x", "D+E")
    E("has-precedence-with-and", "`principal has level && principal.level > 1` parses as (has) && (...).",
      "principal has level && principal.level > 1")


def like_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("like-exact", "A pattern without wildcards matches only the exact string.", '"abc" like "abc"')
    E("like-star-suffix", "A trailing `*` matches any suffix.", '"abcdef" like "abc*"')
    E("like-star-prefix", "A leading `*` matches any prefix.", '"abcdef" like "*def"')
    E("like-star-middle", "A `*` in the middle.", '"abXYZef" like "ab*ef"')
    E("like-star-empty-string", "`*` matches the empty string.", '"" like "*"')
    E("like-empty-pattern", "The empty pattern matches only the empty string.", '"" like ""')
    E("like-star-matches-empty-run", "`*` can match zero characters.", '"ab" like "a*b"')
    E("like-multiple-stars", "Several `*` wildcards with backtracking.", '"aXbXbc" like "*b*c"')
    E("like-multiple-stars-mismatch", "Several `*` wildcards that cannot match.", '"aXbXb" like "*b*c"', "D")
    E("like-double-star", "`**` behaves like `*`.", '"ab" like "a**b"')
    E("like-escaped-star", "`\\*` matches a literal star.", '"a*b" like "a\\*b"')
    E("like-escaped-star-mismatch", "`\\*` does not match other characters.", '"axb" like "a\\*b"', "D")
    E("like-escaped-star-and-wildcard", "A literal star followed by a wildcard.", '"2*3=6" like "2\\**"')
    E("like-unicode-escape-star-is-wildcard", "A star written as \\u{2A} in a pattern acts as a wildcard (Cedar 4.12).",
      '"abc" like "a\\u{2A}"')
    E("like-no-question-mark-wildcard", "`?` is not a wildcard.", '"a" like "?"', "D")
    E("like-unicode", "Wildcards match whole Unicode scalar values.", '"😀x" like "*x"')
    E("like-unicode-exact", "An escaped emoji in the pattern matches a raw emoji.", '"😀" like "\\u{1F600}"')
    E("like-case-sensitive", "like is case-sensitive.", '"ABC" like "abc"', "D")
    E("like-newline", "`*` matches across newlines.", '"a\\nb" like "a*b"')
    E("like-backslash-literal", "`\\\\` in a pattern matches one backslash.", '"a\\\\b" like "a\\\\b"')
    E("like-on-long", "like on a Long is a type error.", '5 like "5"', "D+E")
    E("like-on-entity", "like on an entity is a type error.", 'principal like "*"', "D+E")
    E("like-nul-char", "A pattern matching a string containing NUL.", 'context.s like "a*"', context={"s": "a\u0000"})
    E("like-star-dot-not-regex", "`.` in a pattern is a literal dot, not a regex wildcard.", '"abc" like "a.c"', "D")


def is_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("is-true", "principal is User.", "principal is User")
    E("is-false", "resource is User is false.", "resource is User", "D")
    E("is-namespaced-false", "principal is NS::User is false for a plain User.", "principal is NS::User", "D")
    E("is-namespaced-true", "An NS::User entity is NS::User.", 'NS::User::"x" is NS::User')
    E("is-entity-literal-absent", "`is` on an entity absent from the store only checks the type.", 'User::"dave" is User')
    E("is-in-true", "principal is User in Group::\"staff\".", 'principal is User in Group::"staff"')
    E("is-in-false-group", "principal is User in Group::\"ops\" is false.", 'principal is User in Group::"ops"', "D")
    E("is-in-false-type", "principal is Group in Group::\"staff\" is false.", 'principal is Group in Group::"staff"', "D")
    E("is-in-set", "`is ... in` accepts a set on the right.", 'principal is User in [Group::"ops", Group::"eng"]')
    E("is-in-non-entity", "`is ... in` with a Long on the right is a type error.", "principal is User in 1", "D+E")
    E("is-wrong-type-short-circuits-in", "`is ... in` with a non-matching type does not evaluate the `in` (no error).",
      "principal is Group in 1", "D")
    E("is-on-long", "`is` on a Long is a type error.", "1 is User", "D+E")


def in_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("in-direct-parent", "An entity is in its direct parent.", 'principal in Group::"eng"')
    E("in-transitive", "An entity is in a grandparent.", 'principal in Group::"staff"')
    E("in-not-member", "An entity is not in an unrelated group.", 'principal in Group::"ops"', "D")
    E("in-self", "An entity is in itself.", "principal in principal")
    E("in-self-absent", "A in A holds even when A is absent from the store.", 'User::"dave" in User::"dave"')
    E("in-absent-entity", "An entity absent from the store is in no group.", 'User::"dave" in Group::"all"', "D")
    E("in-group-to-group", "Groups are in their ancestors.", 'Group::"eng" in Group::"all"')
    E("in-reverse-false", "A group is not in its member.", 'Group::"eng" in principal', "D")
    E("in-set-hit", "`in` a set: true if in any element.", 'principal in [Group::"ops", Group::"staff"]')
    E("in-set-miss", "`in` a set with no ancestor of the entity.", 'principal in [Group::"ops", User::"bob"]', "D")
    E("in-set-self", "`in` a set containing the entity itself.", 'User::"dave" in [User::"dave"]')
    E("in-set-empty", "`in` an empty set is false.", "principal in []", "D")
    E("in-set-non-entity-element", "`in` a set containing a non-entity is a type error.", "principal in [principal, 1]", "D+E")
    E("in-left-non-entity", "`in` with a Long on the left is a type error.", "1 in [1]", "D+E")
    E("in-right-long", "`in` with a Long on the right is a type error.", "principal in 1", "D+E")
    E("in-attr-set", "`in` with a set-valued attribute of entity references.", "principal in context.groups",
      context={"groups": [ref("Group", "x"), ref("Group", "all")]})
    E("in-action-group", "An action is in its action group.", 'action in Action::"read"')
    E("in-different-type-same-id", "Group::\"eng\" is not User::\"eng\".", 'principal in User::"eng"', "D")
    E("in-parent-absent-from-store", "A parent that is absent from the store as an entity still counts for `in`.",
      'User::"erin" in Group::"phantom"',
      entities=base_world() + [ent("User", "erin", {}, [("Group", "phantom")])])
    E("in-no-transitive-via-absent-parent", "Ancestry does not continue through a parent absent from the store.",
      'User::"erin" in Group::"all"', "D",
      entities=base_world() + [ent("User", "erin", {}, [("Group", "phantom")])])


def cmp_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("cmp-neq-long", "!= on Longs.", "5 != 6")
    E("cmp-eq-cross-type-long-string", "== across types (Long vs String) is false, not an error.", '1 == "1"', "D", errs=[])
    E("cmp-eq-cross-type-bool-long", "== across types (Bool vs Long) is false.", "true == 1", "D", errs=[])
    E("cmp-eq-cross-type-entity-string", "== across types (entity vs String) is false.", 'principal == "alice"', "D", errs=[])
    E("cmp-eq-cross-type-set-record", "== across types (Set vs Record) is false.", "[] == {}", "D", errs=[])
    E("cmp-neq-cross-type", "!= across types is true, not an error.", '1 != "1"')
    E("cmp-lt", "1 < 2.", "1 < 2")
    E("cmp-lt-false", "2 < 2 is false.", "2 < 2", "D")
    E("cmp-le", "2 <= 2.", "2 <= 2")
    E("cmp-ge", "2 >= 3 is false.", "2 >= 3", "D")
    E("cmp-lt-negative", "Negative numbers order correctly.", "-5 < -4")
    E("cmp-lt-extremes", "Minimum Long < maximum Long.", "-9223372036854775808 < 9223372036854775807")
    E("cmp-lt-string-error", "< on Strings is a type error.", '"a" < "b"', "D+E")
    E("cmp-lt-bool-error", "< on Bools is a type error.", "false < true", "D+E")
    E("cmp-lt-mixed-error", "< between Long and String is a type error.", '1 < "2"', "D+E")
    E("cmp-lt-entity-error", "< on entities is a type error.", "principal < resource", "D+E")
    E("cmp-eq-string", "String equality.", 'principal.name == "Alice"')
    E("cmp-eq-entity", "Entity equality by type and id.", 'resource.owner == User::"alice"')
    E("cmp-eq-entity-different-type", "Entities with the same id and different types differ.",
      'User::"eng" == Group::"eng"', "D")
    E("cmp-eq-entity-absent", "Equality of entities absent from the store works.", 'User::"dave" == User::"dave"')
    E("cmp-eq-record", "Record equality ignores key order.", "{a: 1, b: \"x\"} == {b: \"x\", a: 1}")
    E("cmp-eq-record-extra-key", "Records with different key sets differ.", "{a: 1} == {a: 1, b: 2}", "D")
    E("cmp-eq-record-nested", "Nested record equality.", '{a: {b: [1, 2]}} == {a: {b: [2, 1]}}')
    E("cmp-eq-set-order", "Set equality ignores order.", "[1, 2, 3] == [3, 1, 2]")
    E("cmp-eq-set-duplicates", "Set equality ignores duplicates.", "[1, 1, 2] == [2, 1]")
    E("cmp-eq-set-attr", "A set attribute equals a literal regardless of order.", 'principal.tags == ["admin", "eng"]')
    E("cmp-eq-set-of-entities", "Sets of entities compare by element.", '[User::"alice", User::"bob"] == [User::"bob", principal]')
    E("cmp-eq-set-of-records", "Sets of records compare structurally.", "[{a: 1}, {a: 2}] == [{a: 2}, {a: 1}, {a: 1}]")
    E("cmp-eq-error-propagates", "== propagates an error from an operand.", "principal.nope == 1", "D+E")
    E("cmp-eq-context-record", "context equals a record literal with the same contents.",
      'context == {n: 1, who: User::"alice"}', context={"n": 1, "who": ref("User", "alice")})


def arith_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("arith-add", "Addition.", "2 + 3 == 5")
    E("arith-mul", "Multiplication.", "-4 * 3 == -12")
    E("arith-precedence", "* binds tighter than +.", "1 + 2 * 3 == 7")
    E("arith-left-assoc", "- is left-associative.", "10 - 3 - 2 == 5")
    E("arith-parens", "Parentheses override precedence.", "(1 + 2) * 3 == 9")
    E("arith-unary-minus", "Unary minus on an attribute.", "-principal.level == -5")
    E("arith-double-negation", "`- -1` is 1.", "- -1 == 1")
    E("arith-minus-minus-no-space", "`1 - - 1` is 2.", "1 - - 1 == 2")
    E("arith-attr", "Arithmetic on entity attributes.", "principal.level * 2 + resource.level == 13")
    E("arith-add-string-error", "+ on Strings is a type error (no concatenation).", '"a" + "b" == "ab"', "D+E")
    E("arith-neg-string-error", "Unary minus on a String is a type error.", '-"a" == 1', "D+E")
    E("arith-min-via-sub", "-max - 1 is min without overflow.", "-9223372036854775807 - 1 == -9223372036854775808")
    E("arith-mul-near-limit", "A product exactly at the limit does not overflow.",
      "4611686018427387904 * -2 == -9223372036854775808")
    E("arith-unary-minus-precedence", "`-[1].contains(1)` negates the boolean result: a type error.",
      "-[1].contains(1)", "D+E")
    E("overflow-add", "max + 1 overflows: error.", "9223372036854775807 + 1 > 0", "D+E")
    E("overflow-add-attr", "Overflow via an attribute value.", "principal.big + 1 > 0", "D+E", context={},
      entities=[e if e["uid"] != uid("User", "alice") else ent("User", "alice", {"big": I64_MAX})
                for e in base_world()])
    E("overflow-sub", "min - 1 overflows: error.", "-9223372036854775808 - 1 < 0", "D+E")
    E("overflow-mul", "A product beyond the range overflows: error.", "4611686018427387904 * 2 > 0", "D+E")
    E("overflow-mul-min-neg-one", "min * -1 overflows: error.", "-9223372036854775808 * -1 > 0", "D+E")
    E("overflow-neg-min", "-(-9223372036854775808) overflows: error.", "-(-9223372036854775808) > 0", "D+E")
    E("overflow-double-minus-min", "`--9223372036854775808` negates the minimum literal and overflows.",
      "--9223372036854775808 > 0", "D+E")
    E("overflow-in-dead-branch", "An overflow in a short-circuited operand is not evaluated.",
      "false && (9223372036854775807 + 1 > 0)", "D", errs=[])
    E("overflow-intermediate", "An intermediate overflow is an error even if the final value would fit.",
      "9223372036854775807 + 1 - 1 == 9223372036854775807", "D+E")
    case("overflow-forbid-skipped", "A forbid that overflows is skipped; the permit allows.",
         ["permit(principal, action, resource);",
          "forbid(principal, action, resource) when { principal.level * 9223372036854775807 > 0 };"],
         expect="A+E", det=["p0"], errs=["p1"])


def logic_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("logic-not", "!false is true.", "!false")
    E("logic-not-non-bool", "! on a Long is a type error.", "!1", "D+E")
    E("logic-and-false", "true && false.", "true && false", "D")
    E("logic-or-true", "false || true.", "false || true")
    E("logic-and-short-circuit-error", "false && <error>: the right side is not evaluated.", "false && principal.nope", "D", errs=[])
    E("logic-or-short-circuit-error", "true || <error>: the right side is not evaluated.", "true || principal.nope", errs=[])
    E("logic-and-short-circuit-type", "false && 1: the right side is not type-checked.", "false && 1", "D", errs=[])
    E("logic-or-short-circuit-type", "true || 1: the right side is not type-checked.", "true || 1", errs=[])
    E("logic-and-right-error", "true && <error> evaluates the right side and errors.", "true && principal.nope", "D+E")
    E("logic-or-right-error", "false || <error> evaluates the right side and errors.", "false || principal.nope", "D+E")
    E("logic-and-left-error", "<error> && false: the left side errors first.", "principal.nope && false", "D+E")
    E("logic-or-left-error", "<error> || true: the left side errors first.", '(1 + "a" == 2) || true', "D+E")
    E("logic-and-right-non-bool", "true && 1 is a type error.", "true && 1", "D+E")
    E("logic-or-right-non-bool", "false || 1 is a type error.", "false || 1", "D+E")
    E("logic-or-left-non-bool", "1 || true is a type error.", "1 || true", "D+E")
    E("logic-precedence-and-over-or", "&& binds tighter than ||: true || false && false is true.", "true || false && false")
    E("logic-not-precedence", "! binds tighter than ||: !true || true is true.", "!true || true")
    E("logic-not-precedence-eq", "`!true == false` parses as (!true) == false.", "!true == false")
    E("logic-not-has-type-error", "`!principal has x` parses as (!principal) has x: a type error.",
      "!principal has x", "D+E")
    E("logic-chain-guard", "A typical has-guard chain across several attributes.",
      'principal has profile && principal.profile has address && principal.profile.address.city == "Paris"')


def if_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("if-then", "if true takes the then branch.", "if true then true else false")
    E("if-else", "if false takes the else branch.", "if false then true else false", "D")
    E("if-non-bool-condition", "A non-Bool condition is a type error.", "if 1 then true else false", "D+E")
    E("if-condition-error", "An erroring condition propagates.", "if principal.nope then true else true", "D+E")
    E("if-then-branch-error-unevaluated", "The else branch is not evaluated when the condition is true.",
      "if true then true else principal.nope", errs=[])
    E("if-else-branch-error-unevaluated", "The then branch is not evaluated when the condition is false.",
      "if false then principal.nope else true", errs=[])
    E("if-value-long", "if-then-else yields a Long used in a comparison.",
      "(if principal.level > 3 then 10 else 0) == 10")
    E("if-branches-different-types", "Branches of different types are fine at runtime.",
      '(if false then 1 else "one") == "one"')
    E("if-result-non-bool", "An if whose result is a Long used as the condition is a type error.",
      "if true then 1 else 2 == 1", "D+E")


def set_cases():
    E = lambda cid, desc, expr, exp="A", **kw: expr_case(cid, desc, expr, exp, **kw)
    E("set-contains", "contains finds an element.", 'principal.tags.contains("admin")')
    E("set-contains-false", "contains misses an element.", 'principal.tags.contains("ops")', "D")
    E("set-contains-entity", "contains with an entity element.", '[User::"alice", User::"bob"].contains(principal)')
    E("set-contains-record", "contains compares records structurally.", '[{a: 1, b: 2}].contains({b: 2, a: 1})')
    E("set-contains-cross-type", "contains with an element of another type is false, not an error.",
      '[1, 2].contains("1")', "D", errs=[])
    E("set-contains-on-long", "contains on a Long is a type error.", "1.contains(1)", "D+E")
    E("set-contains-on-entity", "contains on an entity is a type error.", "principal.contains(1)", "D+E")
    E("set-containsall", "containsAll with a subset.", '["a", "b", "c"].containsAll(["c", "a"])')
    E("set-containsall-false", "containsAll with a non-subset.", '["a", "b"].containsAll(["a", "z"])', "D")
    E("set-containsall-empty", "containsAll([]) is true.", "[1].containsAll([])")
    E("set-containsall-arg-non-set", "containsAll with a non-set argument is a type error.", "[1].containsAll(1)", "D+E")
    E("set-containsany", "containsAny with an overlapping set.", 'resource.labels.containsAny(["hr", "public"])')
    E("set-containsany-false", "containsAny with a disjoint set.", 'resource.labels.containsAny(["hr", "x"])', "D")
    E("set-containsany-empty", "containsAny([]) is false.", "[1, 2].containsAny([])", "D")
    E("set-containsany-arg-non-set", "containsAny with a non-set argument is a type error.", '[1].containsAny("1")', "D+E")
    E("set-containsany-on-record", "containsAny on a record is a type error.", "{a: 1}.containsAny([1])", "D+E")
    E("set-isempty-true", "isEmpty on an empty set.", "[].isEmpty()")
    E("set-isempty-false", "isEmpty on a non-empty set.", "principal.tags.isEmpty()", "D")
    E("set-isempty-attr", "isEmpty on an empty set attribute.", "principal.tags.isEmpty()", principal=uid("User", "bob"))
    E("set-isempty-on-string", "isEmpty on a String is a type error.", '"".isEmpty()', "D+E")
    E("set-method-on-parenthesized", "Methods apply to parenthesized expressions.", "(if true then [1] else []).contains(1)")
    E("set-nested-containsall", "containsAll on sets of sets.", "[[1], [2]].containsAll([[1]])")
    E("set-element-error", "An error inside a set literal element propagates.", "[1, principal.nope].contains(1)", "D+E")


# ---------------------------------------------------------------------------
# Random expression cases
# ---------------------------------------------------------------------------

# Precedence levels used by the printer (higher binds tighter).
P_IF, P_OR, P_AND, P_REL, P_ADD, P_MUL, P_UNARY, P_MEMBER = range(8)

USERS = ["alice", "bob", "carol"]
GROUPS = ["eng", "ops", "staff", "all"]
DOCS = ["d1", "d2"]
FOLDERS = ["f1", "f2", "root"]
ACTIONS = ["view", "edit", "delete"]
ACTION_GROUPS = ["read", "write", "all"]
STRINGS = ["Alice", "Bob", "eng", "ops", "admin", "public", "secret", "", "Paris", "x"]
PATTERNS = ["*", "A*", "*e", "*o*", "Al*e", "a\\*", "", "B*b", "*a*i*", "\\u{1F600}*"]
ATTR_NAMES = ["name", "level", "tags", "mgr", "profile", "owner", "labels", "title", "nope"]


def lit_str(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


class Gen:
    """Random expression generator. Each method returns (text, precedence)."""

    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def wrap(self, e, need):
        t, p = e
        return t if p >= need else "(%s)" % t

    # --- typed generators -------------------------------------------------

    def gen(self, ty, d):
        # occasionally substitute an expression of a different type (ill-typed cases)
        if self.r.random() < 0.06:
            ty = self.pick(["bool", "long", "str", "set", "ent", "rec"])
        return getattr(self, "g_" + ty)(d)

    def g_long(self, d):
        r = self.r.random()
        if d <= 0 or r < 0.35:
            c = self.r.random()
            if c < 0.5:
                v = self.r.randint(-3, 10)
            elif c < 0.6:
                v = self.pick([I64_MAX, I64_MIN, 4611686018427387904, -4611686018427387904])
            elif c < 0.7:
                v = self.r.randint(-1000, 1000)
            else:
                return self.pick(["principal.level", "resource.level", "context.n", 'principal["level"]',
                                  "principal.mgr.level", "resource.owner.level"]), P_MEMBER
            return str(v), (P_UNARY if v < 0 else P_MEMBER)
        if r < 0.7:
            op, prec = self.pick([("+", P_ADD), ("-", P_ADD), ("*", P_MUL)])
            a = self.wrap(self.gen("long", d - 1), prec)
            b = self.wrap(self.gen("long", d - 1), prec + 1)
            return "%s %s %s" % (a, op, b), prec
        if r < 0.82:
            return "-" + self.wrap(self.gen("long", d - 1), P_MEMBER), P_UNARY
        c = self.wrap(self.gen("bool", d - 1), P_IF)
        return "if %s then %s else %s" % (c, self.gen("long", d - 1)[0], self.gen("long", d - 1)[0]), P_IF

    def g_str(self, d):
        if d <= 0 or self.r.random() < 0.6:
            if self.r.random() < 0.5:
                return lit_str(self.pick(STRINGS)), P_MEMBER
            return self.pick(["principal.name", "resource.title", "context.s", "principal.profile.dept",
                              'principal.profile["address"].city', "resource.owner.name"]), P_MEMBER
        c = self.wrap(self.gen("bool", d - 1), P_IF)
        return "if %s then %s else %s" % (c, self.gen("str", d - 1)[0], self.gen("str", d - 1)[0]), P_IF

    def g_ent(self, d):
        r = self.r.random()
        if d <= 0 or r < 0.7:
            return self.pick([
                "principal", "resource", "principal.mgr", "resource.owner", "context.who",
                'User::"%s"' % self.pick(USERS + ["dave"]), 'Group::"%s"' % self.pick(GROUPS),
                'Doc::"%s"' % self.pick(DOCS), 'Folder::"%s"' % self.pick(FOLDERS), "action",
                'Action::"%s"' % self.pick(ACTIONS + ACTION_GROUPS)]), P_MEMBER
        c = self.wrap(self.gen("bool", d - 1), P_IF)
        return "if %s then %s else %s" % (c, self.gen("ent", d - 1)[0], self.gen("ent", d - 1)[0]), P_IF

    def g_set(self, d):
        r = self.r.random()
        if d <= 0 or r < 0.45:
            return self.pick(["principal.tags", "resource.labels", "context.xs", "context.groups",
                              "principal.mgr.tags"]), P_MEMBER
        ety = self.pick(["long", "str", "ent", "str"])
        n = self.r.randint(0, 3)
        return "[%s]" % ", ".join(self.gen(ety, d - 1)[0] for _ in range(n)), P_MEMBER

    def g_rec(self, d):
        r = self.r.random()
        if d <= 0 or r < 0.5:
            return self.pick(["principal.profile", "context.rec", "principal.profile.address", "context"]), P_MEMBER
        keys = self.r.sample(["a", "dept", "active", "city", "b c", "n"], self.r.randint(0, 3))
        parts = []
        for k in keys:
            kt = k if " " not in k else lit_str(k)
            parts.append("%s: %s" % (kt, self.gen(self.pick(["long", "str", "bool"]), d - 1)[0]))
        return "{%s}" % ", ".join(parts), P_MEMBER

    def g_bool(self, d):
        r = self.r.random()
        if d <= 0:
            atom = self.pick(["true", "false", "context.flag", "principal.profile.active",
                              "principal has profile", "resource has owner"])
            return atom, (P_REL if " has " in atom else P_MEMBER)
        kinds = ["cmp", "cmp", "eq", "eq", "and", "or", "not", "has", "like", "in", "is",
                 "contains", "containsAll", "containsAny", "isEmpty", "if", "lit"]
        k = self.pick(kinds)
        if k == "lit":
            return self.pick(["true", "false"]), P_MEMBER
        if k == "cmp":
            op = self.pick(["<", "<=", ">", ">="])
            a = self.wrap(self.gen("long", d - 1), P_ADD)
            b = self.wrap(self.gen("long", d - 1), P_ADD)
            return "%s %s %s" % (a, op, b), P_REL
        if k == "eq":
            ty = self.pick(["long", "str", "ent", "set", "rec", "bool"])
            op = self.pick(["==", "!="])
            a = self.wrap(self.gen(ty, d - 1), P_ADD)
            b = self.wrap(self.gen(ty if self.r.random() < 0.85 else self.pick(["long", "str"]), d - 1), P_ADD)
            return "%s %s %s" % (a, op, b), P_REL
        if k in ("and", "or"):
            prec = P_AND if k == "and" else P_OR
            op = "&&" if k == "and" else "||"
            a = self.wrap(self.gen("bool", d - 1), prec)
            b = self.wrap(self.gen("bool", d - 1), prec + 1)
            return "%s %s %s" % (a, op, b), prec
        if k == "not":
            return "!" + self.wrap(self.gen("bool", d - 1), P_MEMBER), P_UNARY
        if k == "has":
            obj = self.wrap(self.gen(self.pick(["ent", "rec", "ent"]), d - 1), P_ADD)
            name = self.pick(ATTR_NAMES + ["dept", "address", "flag", "b c"])
            if " " in name or self.r.random() < 0.25:
                return "%s has %s" % (obj, lit_str(name)), P_REL
            return "%s has %s" % (obj, name), P_REL
        if k == "like":
            return "%s like %s" % (self.wrap(self.gen("str", d - 1), P_ADD), '"%s"' % self.pick(PATTERNS)), P_REL
        if k == "in":
            lhs = self.wrap(self.gen("ent", d - 1), P_ADD)
            if self.r.random() < 0.35:
                rhs = self.wrap(self.g_set_of_entities(d - 1), P_ADD)
            else:
                rhs = self.wrap(self.gen("ent", d - 1), P_ADD)
            return "%s in %s" % (lhs, rhs), P_REL
        if k == "is":
            lhs = self.wrap(self.gen("ent", d - 1), P_ADD)
            t = self.pick(["User", "Group", "Doc", "Folder", "Action", "NS::User"])
            if self.r.random() < 0.3:
                return "%s is %s in %s" % (lhs, t, self.wrap(self.gen("ent", d - 1), P_ADD)), P_REL
            return "%s is %s" % (lhs, t), P_REL
        if k in ("contains", "containsAll", "containsAny"):
            recv = self.wrap(self.gen("set", d - 1), P_MEMBER)
            arg = self.gen(self.pick(["str", "long", "ent"]) if k == "contains" else "set", d - 1)[0]
            return "%s.%s(%s)" % (recv, k, arg), P_MEMBER
        if k == "isEmpty":
            return "%s.isEmpty()" % self.wrap(self.gen("set", d - 1), P_MEMBER), P_MEMBER
        c = self.wrap(self.gen("bool", d - 1), P_IF)
        return "if %s then %s else %s" % (c, self.gen("bool", d - 1)[0], self.gen("bool", d - 1)[0]), P_IF

    def g_set_of_entities(self, d):
        n = self.r.randint(0, 3)
        return "[%s]" % ", ".join(self.gen("ent", d - 1)[0] for _ in range(n)), P_MEMBER

    # --- policies and requests ----------------------------------------------

    def scope(self):
        r = self.r
        ps = r.choice([
            "principal", "principal", "principal",
            'principal == User::"%s"' % r.choice(USERS),
            'principal in Group::"%s"' % r.choice(GROUPS),
            "principal is User",
            'principal is User in Group::"%s"' % r.choice(GROUPS),
        ])
        acts = r.choice([
            "action", "action", "action",
            'action == Action::"%s"' % r.choice(ACTIONS),
            "action in [%s]" % ", ".join('Action::"%s"' % a for a in
                                          r.sample(ACTIONS + ACTION_GROUPS, r.randint(1, 3))),
            'action in Action::"%s"' % r.choice(ACTION_GROUPS),
        ])
        rs = r.choice([
            "resource", "resource", "resource",
            'resource == Doc::"%s"' % r.choice(DOCS),
            'resource in Folder::"%s"' % r.choice(FOLDERS),
            "resource is Doc",
            'resource is Doc in Folder::"%s"' % r.choice(FOLDERS),
        ])
        return "%s, %s, %s" % (ps, acts, rs)

    def policy(self):
        eff = "permit" if self.r.random() < 0.7 else "forbid"
        clauses = []
        for _ in range(self.r.choice([0, 1, 1, 1, 1, 2])):
            kw = "when" if self.r.random() < 0.75 else "unless"
            clauses.append("%s { %s }" % (kw, self.gen("bool", self.r.randint(1, 3))[0]))
        body = "%s(%s)" % (eff, self.scope())
        if clauses:
            body += "\n" + "\n".join(clauses)
        return body + ";"

    def context(self):
        r = self.r
        ctx = {}
        if r.random() < 0.85:
            ctx["n"] = r.choice([0, 1, 5, -3, 100, I64_MAX])
        if r.random() < 0.85:
            ctx["s"] = r.choice(STRINGS + ["Al", "Alice!", "\U0001F600 smile"])
        if r.random() < 0.8:
            ctx["flag"] = r.random() < 0.5
        if r.random() < 0.7:
            ctx["xs"] = r.sample(["eng", "ops", "admin", "x"], r.randint(0, 3))
        if r.random() < 0.7:
            ctx["who"] = ref("User", r.choice(USERS + ["dave"]))
        if r.random() < 0.6:
            ctx["groups"] = [ref("Group", g) for g in r.sample(GROUPS, r.randint(0, 2))]
        if r.random() < 0.6:
            ctx["rec"] = {"a": r.randint(0, 3), "dept": r.choice(["eng", "ops"])}
        return ctx


def random_cases():
    for seed in range(1, RANDOM_CASES + 1):
        g = Gen(random.Random(seed))
        n = g.r.choice([1, 2, 3, 3, 4, 4])
        bodies = [g.policy() for _ in range(n)]
        principal = uid("User", g.r.choice(USERS + USERS + ["dave"]))
        action = uid("Action", g.r.choice(ACTIONS))
        resource = uid("Doc", g.r.choice(DOCS + DOCS + ["ghost"]))
        ctx = g.context()
        case("random-%04d" % seed, "random case seed %d" % seed, bodies,
             principal=principal, action=action, resource=resource, context=ctx)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def build_all():
    semantics_cases()
    scope_cases()
    annotation_cases()
    syntax_cases()
    parse_cases()
    literal_cases()
    attr_cases()
    has_cases()
    like_cases()
    is_cases()
    in_cases()
    cmp_cases()
    arith_cases()
    logic_cases()
    if_cases()
    set_cases()
    random_cases()


def render(rec):
    return json.dumps(rec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    try:
        from importlib.metadata import version
        v = version("cedarpy")
    except Exception:
        v = "unknown"
    if v != REQUIRED_CEDARPY:
        sys.exit("cedarpy %s is required (found %s)" % (REQUIRED_CEDARPY, v))

    build_all()
    files = {}
    problems = []
    stats = {}
    for cid, rec, exp in CASES:
        try:
            want = evaluate(rec["policies"], rec["entities"], rec["request"])
            pruned = prune_entities(rec["entities"], rec["policies"], rec["request"])
            if pruned != rec["entities"]:
                if evaluate(rec["policies"], pruned, rec["request"]) != want:
                    raise CaseError("pruning the entity store changed Cedar's answer")
                rec = dict(rec, entities=pruned)
        except CaseError as e:
            problems.append("%s: %s" % (cid, e))
            continue
        problems.extend(check_expect(cid, want, exp))
        rec = dict(rec, want=want)
        files[cid + ".json"] = render(rec)
        cls = outcome_class(want)
        area = "random" if cid.startswith("random-") else cid.split("-")[0]
        stats.setdefault(area, {}).setdefault(cls, 0)
        stats[area][cls] += 1

    if problems:
        for p in problems:
            print("PROBLEM", p, file=sys.stderr)
        sys.exit("%d problem(s); nothing written" % len(problems))

    os.makedirs(args.out, exist_ok=True)
    existing = {f for f in os.listdir(args.out) if f.endswith(".json")}
    changed = []
    for name, text in sorted(files.items()):
        path = os.path.join(args.out, name)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                old = fh.read()
        if old != text:
            changed.append(name)
            if not args.check:
                with open(path, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
    stale = sorted(existing - set(files))
    if not args.check:
        for name in stale:
            os.remove(os.path.join(args.out, name))

    total = {}
    for area in sorted(stats):
        row = stats[area]
        for k, n in row.items():
            total[k] = total.get(k, 0) + n
        print("%-8s %4d  %s" % (area, sum(row.values()),
                                " ".join("%s=%d" % (k, row[k]) for k in "ADEP" if k in row)))
    print("total    %4d  %s" % (len(files), " ".join("%s=%d" % (k, total.get(k, 0)) for k in "ADEP")))
    print("(A=allow, D=deny, E=at least one evaluation error, P=parse error)")
    if args.check:
        if changed or stale:
            print("out of date: %d changed, %d stale" % (len(changed), len(stale)))
            sys.exit(1)
        print("up to date")
    else:
        print("wrote %d file(s), removed %d stale" % (len(changed), len(stale)))


if __name__ == "__main__":
    main()
