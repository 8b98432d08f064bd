import Foundation
import JSON
import PolicyEngine

// Decision cost with full explanation, at ~20, ~100 and ~1000 policies (the larger sets are
// per-tenant copies of the permits), with and without the index. One JSON line per case.
//
//   swift run -c release PolicyEngineBenchmarks                 # the timings
//   swift run -c release PolicyEngineBenchmarks --write-requests FILE --policies DIR --count N
//       # writes a policy directory and N requests (JSON lines) for `maestro policy eval --requests`

let roles = ["viewer", "author", "publisher", "operator", "admin", "guest"]
let actions = ["read", "create", "update", "delete", "publish", "execute"]
let permitRoles: [String: [String]] = [
    "read": ["viewer", "author", "publisher", "operator", "admin"], "create": ["author", "publisher", "admin"],
    "update": ["author", "publisher", "admin"], "delete": ["admin"], "publish": ["publisher", "admin"],
    "execute": ["operator", "admin"],
]

/// Six forbids shared by every tenant, and the six role permits copied per tenant.
func policyText(tenants: Int) -> String {
    var text = """
        @id("tenant-isolation") forbid (principal, action, resource)
        unless { principal has tenant && resource has tenant && principal.tenant == resource.tenant };
        @id("archived-is-read-only") forbid (principal, action in [Action::"update", Action::"publish", Action::"execute", Action::"delete"], resource is Workflow)
        when { resource.state == "archived" };
        @id("draft-edits-by-owner") forbid (principal, action == Action::"update", resource is Workflow)
        when { resource.state == "draft" } unless { resource.owner == principal };
        @id("four-eyes-publish") forbid (principal, action == Action::"publish", resource is Workflow)
        when { resource has last_editor && resource.last_editor == principal };
        @id("execute-needs-clearance") forbid (principal, action == Action::"execute", resource is Workflow)
        unless { principal has clearance && principal.clearance >= resource.sensitivity_level };
        @id("restricted-needs-justification") forbid (principal, action == Action::"execute", resource is Workflow)
        when { resource.sensitivity == "restricted" } unless { context has purpose && context has legal_basis };

        """
    for tenant in 0..<tenants {
        for action in actions {
            let list = permitRoles[action]!.map { "\"\($0)\"" }.joined(separator: ", ")
            text += """
                @id("\(action)-t\(tenant)") permit (principal, action == Action::"\(action)", resource is Workflow)
                when { principal.tenant == "t\(tenant)" && [\(list)].contains(principal.role) };

                """
        }
    }
    return text
}

struct Case {
    var request: Request
    var entities: Entities
    var json: JSONValue
}

/// Deterministic requests over the tenants: every role and action, own tenant mostly.
func makeCases(tenants: Int, count: Int) -> [Case] {
    var generator = SplitMix64(seed: 42)
    return (0..<count).map { index in
        let tenant = Int(generator.next() % UInt64(tenants))
        let resourceTenant = generator.next() % 10 == 0 ? (tenant + 1) % tenants : tenant
        let role = roles[Int(generator.next() % UInt64(roles.count))]
        let action = actions[Int(generator.next() % UInt64(actions.count))]
        let state = ["draft", "published", "published", "archived"][Int(generator.next() % 4)]
        let user = "u\(index % 97)"
        let owner = generator.next() % 2 == 0 ? user : "someone"
        let entitiesJSON: JSONValue = [
            [
                "uid": ["type": "User", "id": .string(user)],
                "attrs": [
                    "tenant": .string("t\(tenant)"), "role": .string(role),
                    "clearance": .number(JSONNumber(Int(generator.next() % 4))),
                ],
                "parents": [],
            ],
            [
                "uid": ["type": "Workflow", "id": .string("w\(index)")],
                "attrs": [
                    "tenant": .string("t\(resourceTenant)"), "state": .string(state),
                    "owner": ["__entity": ["type": "User", "id": .string(owner)]],
                    "last_editor": ["__entity": ["type": "User", "id": "someone"]],
                    "sensitivity": "internal", "sensitivity_level": .number(JSONNumber(Int(generator.next() % 3))),
                ],
                "parents": [],
            ],
        ]
        let requestJSON: JSONValue = [
            "principal": ["type": "User", "id": .string(user)], "action": ["type": "Action", "id": .string(action)],
            "resource": ["type": "Workflow", "id": .string("w\(index)")], "context": ["purpose": "audit"],
        ]
        var line = requestJSON.objectValue!
        line["entities"] = entitiesJSON
        return Case(
            request: try! Request(json: requestJSON), entities: try! Entities(json: entitiesJSON), json: .object(line))
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Each decision timed on its own (the clock read costs ~20 ns, included), over `rounds` passes.
func measure(_ authorizer: Authorizer, _ cases: [Case], rounds: Int) -> (
    median: Double, p99: Double, mean: Double, allowShare: Double
) {
    var samples: [UInt64] = []
    samples.reserveCapacity(rounds * cases.count)
    var allows = 0
    let begin = nanoseconds()
    for _ in 0..<rounds {
        for entry in cases {
            let start = nanoseconds()
            let decision = authorizer.authorize(entry.request, entities: entry.entities)
            samples.append(nanoseconds() - start)
            if decision.isAllowed { allows += 1 }
        }
    }
    let mean = Double(nanoseconds() - begin) / Double(samples.count)
    samples.sort()
    return (
        Double(samples[samples.count / 2]), Double(samples[samples.count * 99 / 100]), mean,
        Double(allows) / Double(samples.count)
    )
}

let arguments = CommandLine.arguments
if let flag = arguments.firstIndex(of: "--write-requests") {
    let path = arguments[flag + 1]
    let directory = arguments[arguments.firstIndex(of: "--policies")! + 1]
    let count = Int(arguments[arguments.firstIndex(of: "--count")! + 1])!
    let tenants = 166
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try policyText(tenants: tenants).write(toFile: directory + "/bench.cedar", atomically: true, encoding: .utf8)
    var out = Data()
    for entry in makeCases(tenants: tenants, count: count) {
        out.append(contentsOf: entry.json.encoded(.compact))
        out.append(0x0A)
    }
    try out.write(to: URL(fileURLWithPath: path))
    exit(0)
}

// `--pipeline`: the stages of `maestro policy eval --requests` per line, at 1002 policies.
if arguments.contains("--pipeline") {
    let policySet = try PolicySet(sources: [.init(name: "bench.cedar", text: policyText(tenants: 166))])
    let authorizer = Authorizer(policySet: policySet)
    let lines = makeCases(tenants: 166, count: 20_000).map { $0.json.encoded(.compact) }
    var stages: [String: UInt64] = ["parse": 0, "decode": 0, "authorize": 0, "encode": 0]
    for _ in 0..<3 {
        for line in lines {
            let t0 = nanoseconds()
            let json = try JSONValue.parse(line)
            let t1 = nanoseconds()
            let request = try Request(json: json)
            let entities = try Entities(json: json["entities"]!)
            let t2 = nanoseconds()
            let decision = authorizer.authorize(request, entities: entities)
            let t3 = nanoseconds()
            let bytes = decision.encodedJSON()
            let t4 = nanoseconds()
            precondition(!bytes.isEmpty)
            stages["parse"]! += t1 - t0
            stages["decode"]! += t2 - t1
            stages["authorize"]! += t3 - t2
            stages["encode"]! += t4 - t3
        }
    }
    for (stage, total) in stages.sorted(by: { $0.key < $1.key }) {
        let line: JSONValue = [
            "benchmark": "policy.eval_pipeline", "stage": .string(stage),
            "mean_ns": .number(JSONNumber(Int(total / UInt64(3 * lines.count)))),
        ]
        print(line.encodedString(.compact))
    }
    exit(0)
}

// `--profile TENANTS`: one configuration, few rounds, for callgrind.
let profileTenants = arguments.firstIndex(of: "--profile").map { Int(arguments[$0 + 1])! }
for tenants in profileTenants.map({ [$0] }) ?? [2, 16, 166] {
    let policySet = try PolicySet(sources: [.init(name: "bench.cedar", text: policyText(tenants: tenants))])
    var cases = makeCases(tenants: tenants, count: 2_000)
    // `--only allow|deny`: keep one kind of decision (for profiling each path on its own).
    if let only = arguments.firstIndex(of: "--only").map({ arguments[$0 + 1] }) {
        let authorizer = Authorizer(policySet: policySet)
        cases = cases.filter { authorizer.authorize($0.request, entities: $0.entities).isAllowed == (only == "allow") }
        while cases.count < 2_000 { cases += cases.prefix(2_000 - cases.count) }
    }
    for usesIndex in profileTenants == nil ? [true, false] : [true] {
        let authorizer = Authorizer(policySet: policySet, options: .init(usesIndex: usesIndex))
        _ = measure(authorizer, cases, rounds: profileTenants == nil ? 3 : 1)  // warm up
        let result = measure(authorizer, cases, rounds: profileTenants != nil ? 3 : usesIndex ? 41 : 11)
        let line: JSONValue = [
            "benchmark": "policy.authorize_with_explanation", "policies": .number(JSONNumber(policySet.policies.count)),
            "index": .bool(usesIndex), "median_ns": .number(JSONNumber(result.median.rounded())!),
            "p99_ns": .number(JSONNumber(result.p99.rounded())!),
            "mean_ns": .number(JSONNumber(result.mean.rounded())!),
            "allow_share": .number(JSONNumber((result.allowShare * 100).rounded() / 100)!),
        ]
        print(line.encodedString(.compact))
    }
}
