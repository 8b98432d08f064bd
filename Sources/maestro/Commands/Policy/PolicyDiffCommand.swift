import JSON
import PolicyEngine

/// `maestro policy diff OLD_DIR NEW_DIR --requests FILE.jsonl`.
enum PolicyDiffCommand {
    static let spec = CommandSpec(
        name: "diff",
        summary: "Show which requests a policy change would decide differently.",
        discussion: """
            Decides every request under both policy sets and prints one line per request whose
            decision or reasons (determining policies, denial kind, cited policies and codes) would
            change: `{"line", "change": "decision" | "reasons", "request", "old", "new"}`. Exit 0 when
            nothing changes, 1 when something does.
            """,
        options: [
            .value("requests", "FILE", help: "Requests, one JSON object per line.", required: true),
            .value("entities", "FILE", help: "Entities shared by every request (Cedar JSON entity list)."),
        ],
        positionals: [
            PositionalSpec(name: "old-dir", help: "The current policy directory."),
            PositionalSpec(name: "new-dir", help: "The proposed policy directory."),
        ],
        action: { arguments, console in
            let old = Authorizer(policySet: try PolicyDirectory.load(arguments.positional(0)!, console: console))
            let new = Authorizer(policySet: try PolicyDirectory.load(arguments.positional(1)!, console: console))
            let shared = try arguments.value("entities").map { path throws(OperationError) in
                try RequestDecoding.entities(FileInput.json(path), source: path)
            }
            let output = OutputBuffer()
            var reader = try LineReader(path: arguments.value("requests")!)
            reader.willRead = { output.flush() }
            var (lineNumber, total, decisionChanges, reasonChanges, unreadable) = (0, 0, 0, 0, 0)
            while let line = try reader.next() {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                let request: Request
                let entities: Entities
                do {
                    (request, entities) = try RequestDecoding.request(try JSONValue.parse(line), shared: shared)
                } catch {
                    unreadable += 1
                    output.append(RequestDecoding.errorLine(lineNumber, error).encoded(.compact))
                    continue
                }
                total += 1
                let before = summary(old.authorize(request, entities: entities))
                let after = summary(new.authorize(request, entities: entities))
                guard before != after else { continue }
                let change = before["decision"] != after["decision"] ? "decision" : "reasons"
                if change == "decision" { decisionChanges += 1 } else { reasonChanges += 1 }
                let entry: JSONValue = [
                    "line": .number(JSONNumber(lineNumber)), "change": .string(change), "request": request.json,
                    "old": before, "new": after,
                ]
                output.append(entry.encoded(.compact))
            }
            output.flush()
            console.err(
                "\(total) requests: \(decisionChanges) change decision, \(reasonChanges) change reasons"
                    + (unreadable > 0 ? ", \(unreadable) unreadable" : ""))
            return decisionChanges + reasonChanges + unreadable > 0 ? .failure : .success
        }
    )

    /// What a client would see change: the effect, the determining policies, the policies that
    /// failed to evaluate and, for a denial, its kind and the policies and codes it cites. (Not the
    /// digest, which always differs.)
    static func summary(_ decision: Decision) -> JSONValue {
        var members: [String: JSONValue] = [
            "decision": .string(decision.effect.rawValue),
            "determining": .array(decision.determining.map { .string($0.rawValue) }),
            "errors": .array(decision.errors.map { .string($0.policy.rawValue) }),
        ]
        if let denial = decision.denial {
            members["denial"] = [
                "kind": .string(denial.kind.rawValue),
                "violations": .array(
                    denial.violations.map { ["policy": .string($0.policy.rawValue), "code": .string($0.code)] }),
            ]
        }
        return .object(members)
    }
}
