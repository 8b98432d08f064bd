import Foundation
import JSON
import TestSupport
import Testing

@testable import Orchestrator

/// The published workflow schema against the server's parser and compiler: the samples, the invalid
/// samples, a table of documents both must judge alike, and sweeps of the duration and cron patterns.
struct WorkflowSchemaTests {
    static let samples = Vectors.packageRoot.appendingPathComponent("samples/workflows", isDirectory: true)
    static let validSampleNames = ["approval.json", "etl.json", "routing.json"]
    /// Each invalid sample is named `<expected error code>[.<variant>].json`.
    static let invalidSampleNames: [String] = {
        let path = samples.appendingPathComponent("invalid").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()
    /// Problems only the compiler sees, at the graph or expression level; the schema accepts these documents:
    /// - `workflow.cycle`: steps that need each other;
    /// - `workflow.unknown_need`: `needs` naming a step that does not exist;
    /// - `workflow.duplicate_step_id`: two steps with one id;
    /// - `workflow.expression_invalid`: a condition that is not a boolean Cedar expression.
    static let compilerOnlyCodes: Set = [
        "workflow.cycle", "workflow.unknown_need", "workflow.duplicate_step_id", "workflow.expression_invalid",
    ]

    static func validator() throws -> SchemaValidator {
        try SchemaValidator(schema: WorkflowSchema.json)
    }

    static func sample(_ relativePath: String) throws -> (bytes: [UInt8], document: JSONValue) {
        let bytes = Array(try Data(contentsOf: samples.appendingPathComponent(relativePath)))
        return (bytes, try JSONValue.parse(bytes))
    }

    // MARK: The schema

    @Test func schemaIsDraft202012JSONWithItsURN() throws {
        let schema = try JSONValue.parse(WorkflowSchema.text)
        #expect(schema == WorkflowSchema.json)
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["$id"] == .string(WorkflowSchema.id))
        #expect(WorkflowSchema.id == "urn:maestro:schema:workflow:v1")
        #expect(WorkflowSchema.text.hasSuffix("}\n"))
        _ = try Self.validator()  // Uses only keywords the validator implements, and its patterns compile.
    }

    @Test func docsFileIsTheSchemaTextByteForByte() throws {
        let url = Vectors.packageRoot.appendingPathComponent("docs/workflow.schema.json")
        #expect(Array(try Data(contentsOf: url)) == Array(WorkflowSchema.text.utf8))
    }

    @Test func schemaDeclaresExactlyTheStepMembersTheParserAllows() throws {
        let declared = try #require(WorkflowSchema.json["$defs"]?["step"]?["properties"]?.objectValue)
        #expect(Set(declared.keys) == WorkflowDefinition.stepMembers)
    }

    /// A document with an unknown member `bogus_member` in the object at `pointer`, which the schema
    /// describes at `definition`.
    struct MemberProbe: Sendable, CustomTestStringConvertible {
        var pointer: String
        var definition: String
        var document: String
        var testDescription: String { definition }

        static let all = [
            Self(pointer: "", definition: "#", document: #"{"name": "n", "bogus_member": 1, "steps": []}"#),
            Self(
                pointer: "/triggers/0", definition: "#/$defs/trigger",
                document: #"{"name": "n", "triggers": [{"bogus_member": 1}], "steps": []}"#),
            Self(
                pointer: "/steps/0/retry", definition: "#/$defs/retry",
                document: #"{"name": "n", "steps": [{"id": "a", "kind": "task", "retry": {"bogus_member": 1}}]}"#),
            Self(
                pointer: "/steps/0/resources", definition: "#/$defs/resources",
                document: #"{"name": "n", "steps": [{"id": "a", "kind": "task", "resources": {"bogus_member": 1}}]}"#),
        ]
    }

    /// For each object the parser closes, the members it allows (read from its `unknown_member` advice)
    /// are the members the schema declares.
    @Test(arguments: MemberProbe.all)
    func schemaDeclaresExactlyTheMembersTheParserAllows(_ probe: MemberProbe) throws {
        let findings = WorkflowDefinition.parse(try JSONValue.parse(probe.document)).findings
        let finding = try #require(
            findings.first { $0.code == .unknownMember && $0.pointer == probe.pointer + "/bogus_member" })
        let advice = try #require(finding.message.components(separatedBy: "expected one of ").last)
        let allowed = advice.components(separatedBy: ", ").map { $0.trimmingCharacters(in: ["`"]) }
        var schema = WorkflowSchema.json
        for token in probe.definition.split(separator: "/").dropFirst() {
            schema = try #require(schema[String(token)])
        }
        let declared = try #require(schema["properties"]?.objectValue)
        #expect(Set(declared.keys) == Set(allowed))
    }

    // MARK: Samples

    @Test(arguments: validSampleNames)
    func sampleMatchesTheSchemaAndCompilesWithoutFindings(_ name: String) throws {
        let (_, document) = try Self.sample(name)
        let failures = try Self.validator().validate(document)
        #expect(failures.isEmpty, "\(failures)")
        let compilation = WorkflowCompiler.compile(document: document)
        #expect(compilation.findings.isEmpty, "\(compilation.findings)")
        #expect(compilation.plan != nil)
        #expect(WorkflowCompiler.compile(document: document, options: CompilerOptions(strict: true)).plan != nil)
    }

    @Test func samplesTogetherUseEveryStepKindAndTriggerType() throws {
        var kinds: Set<String> = []
        var triggers: Set<String> = []
        for name in Self.validSampleNames {
            let (_, document) = try Self.sample(name)
            let definition = try #require(WorkflowDefinition.parse(document).definition)
            kinds.formUnion(definition.steps.map(\.kind.name))
            for trigger in definition.triggers {
                switch trigger {
                case .event: triggers.insert("event")
                case .webhook: triggers.insert("webhook")
                case .schedule: triggers.insert("schedule")
                }
            }
            #expect(definition.labels["sensitivity"] != nil && definition.inputs != nil && !definition.outputs.isEmpty)
            #expect(definition.steps.contains { $0.retry != nil } && definition.steps.contains { !$0.secrets.isEmpty })
            #expect(definition.steps.contains { $0.resources != nil })
        }
        #expect(kinds == ["task", "condition", "loop", "human", "subprocess", "delay"])
        #expect(triggers == ["event", "webhook", "schedule"])
    }

    @Test func thereAreEnoughInvalidSamples() {
        #expect(Self.invalidSampleNames.count >= 8)
        #expect(Set(Self.invalidSampleNames.map(Self.expectedCode)).isSuperset(of: Self.compilerOnlyCodes))
    }

    static func expectedCode(_ fileName: String) -> String {
        fileName.split(separator: ".").prefix(2).joined(separator: ".")
    }

    @Test(arguments: invalidSampleNames)
    func invalidSampleIsRejectedWithTheCodeInItsName(_ name: String) throws {
        let code = Self.expectedCode(name)
        let (_, document) = try Self.sample("invalid/" + name)
        let compilation = WorkflowCompiler.compile(document: document)
        #expect(compilation.plan == nil)
        #expect(Set(compilation.errors.map(\.code.rawValue)) == [code], "\(compilation.errors)")
        #expect(compilation.warnings.isEmpty, "\(compilation.warnings)")
        let failures = try Self.validator().validate(document)
        if Self.compilerOnlyCodes.contains(code) {
            #expect(failures.isEmpty, "the schema cannot see \(code), so it accepts the document: \(failures)")
        } else {
            #expect(!failures.isEmpty, "the schema accepts a document with \(code)")
        }
    }

    @Test func templatesAreTheSamplesByteForByte() throws {
        #expect(WorkflowTemplates.all.map(\.id) == ["approval", "routing", "etl"])
        for template in WorkflowTemplates.all {
            let (bytes, document) = try Self.sample(template.id + ".json")
            #expect(Array(template.definition.utf8) == bytes, "template `\(template.id)`")
            #expect(document["name"] == .string(template.name))
            #expect(!template.description.isEmpty)
        }
    }

    // MARK: Schema and parser agree

    @Test(arguments: SchemaAgreementCase.all)
    func schemaAndParserJudgeTheDocumentAlike(_ example: SchemaAgreementCase) throws {
        let document = try JSONValue.parse(example.json)
        let failures = try Self.validator().validate(document)
        let findings = WorkflowDefinition.parse(document).findings
        #expect(failures.isEmpty == example.isValid, "schema: \(failures)")
        #expect(findings.isEmpty == example.isValid, "parser: \(findings)")
    }

    /// Where the schema and the parser cannot agree (see ``WorkflowSchema``): pinned so that a change
    /// on either side shows up here and the documentation is updated with it.
    @Test(arguments: SchemaAgreementCase.knownDisagreements)
    func schemaAndParserDisagreeOnlyWhereDocumented(_ example: SchemaAgreementCase) throws {
        let document = try JSONValue.parse(example.json)
        let schemaAccepts = try Self.validator().validate(document).isEmpty
        let parserAccepts = WorkflowDefinition.parse(document).findings.isEmpty
        #expect(schemaAccepts == example.isValid)
        #expect(parserAccepts == !example.isValid)
    }

    @Test func durationPatternAcceptsExactlyWhatTheParserReads() throws {
        let validator = try Self.validator()
        var texts = [
            "", "s", "ms", "1", "1.5h", "-1s", "+1s", "1S", " 1s", "1s ", "1s\n", "\u{661}s", "1e3s", "0x1s", "1sm",
            "1mss", "1 s", "0000000001s",
        ]
        let limits = [8783, 8784, 8785, 527_039, 527_040, 527_041, 31_622_399, 31_622_400, 31_622_401]
        for unit in ["ms", "s", "m", "h", "d"] {
            for number in Array(0...400) + limits + [99_999_999, 999_999_999, 1_000_000_000] {
                let digits = String(number)
                let padded = String(repeating: "0", count: max(0, 9 - digits.count)) + digits
                texts += [digits + unit, padded + unit, "0" + digits + unit]
            }
        }
        for text in texts {
            let parserAccepts = DocumentReader.seconds(text) != nil
            let schemaAccepts = validator.validate(.string(text), against: "#/$defs/duration").isEmpty
            #expect(parserAccepts == schemaAccepts, "\(text.debugDescription)")
        }
    }

    /// 2,500 cron expressions drawn from these pieces (no descending ranges, which only the parser refuses).
    @Test func cronPatternAcceptsExactlyWhatTheParserReads() throws {
        let validator = try Self.validator()
        let atoms = [
            "*", "0", "5", "59", "60", "00", "+5", "+", "-", "1-5", "*/5", "*/0", "*/60", "*/+5", "*/005", "1,2",
            "1,,2", "JAN", "jan", "Sun", "sat", "MON-FRI", "7", "8", "31", "32", "12", "13", "24", "23", "1/2/3",
            "1-2-3", "a", ",", "0-7", "x", "5/2", "3-4/2", "@daily", "*-5", "07", "+0",
        ]
        var generator = SplitMix64(seed: 0x6d61_6573_7472_6f)
        var texts = [
            "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every", " @daily",
        ]
        for _ in 0..<2500 {
            let count = [4, 5, 5, 5, 5, 6][Int(generator.next() % 6)]
            let fields = (0..<count).map { _ in atoms[Int(generator.next() % UInt64(atoms.count))] }
            let text = fields.joined(separator: generator.next() % 4 == 0 ? "  " : " ")
            texts.append(generator.next() % 8 == 0 ? " " + text + " " : text)
        }
        for text in texts {
            let parserAccepts = CronCheck.problem(text) == nil
            let schemaAccepts = validator.validate(.string(text), against: "#/$defs/cron").isEmpty
            #expect(parserAccepts == schemaAccepts, "\(text.debugDescription)")
        }
        #expect(texts.contains { CronCheck.problem($0) == nil } && texts.contains { CronCheck.problem($0) != nil })
    }
}

/// A small deterministic random generator for the sweeps (SplitMix64).
private struct SplitMix64: RandomNumberGenerator {
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

/// A document and whether it is valid: a table the schema and the parser must both follow.
struct SchemaAgreementCase: Sendable, CustomTestStringConvertible {
    var desc: String
    var json: String
    var isValid: Bool
    var testDescription: String { desc }

    static let task = #"{"id": "a", "kind": "task", "handler": "h"}"#

    /// A workflow with `top` members and `steps`.
    static func document(_ top: String = "", steps: [String] = [task]) -> String {
        #"{"name": "n", \#(top.isEmpty ? "" : top + ", ")"steps": [\#(steps.joined(separator: ", "))]}"#
    }

    /// A workflow whose one step has `members` besides its id.
    static func step(_ members: String) -> String { document(steps: [#"{"id": "a", \#(members)}"#]) }

    /// A workflow with a task step holding `members` too.
    static func task(_ members: String) -> String { step(#""kind": "task", "handler": "h", \#(members)"#) }

    /// A workflow with one trigger.
    static func trigger(_ members: String) -> String { document(#""triggers": [{\#(members)}]"#) }

    static func accepts(_ desc: String, _ json: String) -> Self { Self(desc: desc, json: json, isValid: true) }
    static func rejects(_ desc: String, _ json: String) -> Self { Self(desc: desc, json: json, isValid: false) }

    static let all: [Self] = accepted + rejectedDocuments + rejectedTriggers + rejectedSteps + rejectedMembers

    static let accepted: [Self] = [
        accepts("a minimal workflow", document()),
        accepts("a top-level version of any type, which the parser ignores", document(#""version": {"any": [1]}"#)),
        accepts("an empty id, description and tags", document(#""id": "", "description": "", "tags": []"#)),
        accepts(
            "open labels", document(#""labels": {"sensitivity": "restricted", "data_classes": [], "team": {"x": 1}}"#)),
        accepts("any object inputs and string outputs", document(#""inputs": {}, "outputs": {"x": "", "y": "z"}"#)),
        accepts(
            "event and webhook triggers ignore schedule members",
            document(
                #""triggers": [{"type": "event", "name": "e", "cron": 5}, {"type": "webhook", "name": "w", "timezone": []}]"#
            )),
        accepts(
            "a schedule ignores `name`", trigger(#""type": "schedule", "cron": "@daily", "name": 5, "timezone": """#)),
        accepts(
            "a cron with names, lists and steps",
            trigger(#""type": "schedule", "cron": "*/15 9-17 1,15 JAN-mar mon-FRI""#)),
        accepts("a cron with extra spaces", trigger(#""type": "schedule", "cron": " 0  0 1 1 7 ""#)),
        accepts("a cron with padded steps", trigger(#""type": "schedule", "cron": "*/059 */+23 31 12 */7""#)),
        accepts(
            "50 triggers",
            document(
                #""triggers": [\#(Array(repeating: #"{"type": "event", "name": "e"}"#, count: 50).joined(separator: ","))]"#
            )),
        accepts("500 steps", document(steps: (0..<500).map { #"{"id": "s\#($0)", "kind": "task", "handler": "h"}"# })),
        accepts("a task ignores other kinds' members", task(#""config": 5, "body": 5, "name": 7, "description": []"#)),
        accepts("a condition with one `then` step", step(#""kind": "condition", "expression": "true", "then": "b""#)),
        accepts(
            "a condition with only `else`",
            step(#""kind": "condition", "expression": "true", "then": [], "else": ["b"]"#)),
        accepts("an empty step name in `then`", step(#""kind": "condition", "expression": "true", "then": """#)),
        accepts(
            "a `forEach` loop", step(#""kind": "loop", "forEach": "[1]", "concurrency": 10000, "body": ["b"]"#)),
        accepts(
            "a `while` loop", step(#""kind": "loop", "while": "true", "maxIterations": 1000000, "body": ["b"]"#)),
        accepts(
            "a human step", step(#""kind": "human", "assignees": ["x"], "form": {}, "dueIn": "0s", "escalateTo": []"#)),
        accepts("a subprocess with an empty version", step(#""kind": "subprocess", "workflowId": "w", "version": """#)),
        accepts("a delay until any time text", step(#""kind": "delay", "until": """#)),
        accepts("a delay of 0ms", step(#""kind": "delay", "duration": "0ms""#)),
        accepts(
            "a retry at its limits",
            task(
                #""retry": {"maxAttempts": 1000, "initialBackoff": "0s", "maxBackoff": "366d", "multiplier": 10, "jitter": 1, "nonRetryable": []}"#
            )),
        accepts("an integral float count", task(#""retry": {"maxAttempts": 2.0, "multiplier": 1, "jitter": 0}"#)),
        accepts(
            "resources at their limits",
            task(#""resources": {"cpu": 1024, "memory": 1073741824, "quota": {"x": 1000000000}}"#)),
        accepts("small resources", task(#""resources": {"cpu": 0.5, "memory": 0, "quota": {}}"#)),
        accepts("the longest timeout in hours", task(#""timeout": "8784h""#)),
        accepts("the longest timeout in minutes", task(#""timeout": "527040m""#)),
        accepts("the longest timeout in seconds", task(#""timeout": "31622400s""#)),
        accepts("a padded timeout", task(#""timeout": "000000001d""#)),
        accepts(
            "a step id of 64 characters",
            document(steps: [#"{"id": "\#(String(repeating: "a", count: 64))", "kind": "delay", "until": "x"}"#])),
        accepts("a literal secret (a lint, not an error)", task(#""secrets": ["hunter2"]"#)),
        accepts(
            "a name of 200 characters", #"{"name": "\#(String(repeating: "n", count: 200))", "steps": [\#(task)]}"#),
    ]

    static let rejectedDocuments: [Self] = [
        rejects("a list", "[]"),
        rejects("an empty object", "{}"),
        rejects("no steps", #"{"name": "n"}"#),
        rejects("no step", document(steps: [])),
        rejects("steps that are not a list", #"{"name": "n", "steps": {}}"#),
        rejects("501 steps", document(steps: (0..<501).map { #"{"id": "s\#($0)", "kind": "task", "handler": "h"}"# })),
        rejects(
            "51 triggers",
            document(
                #""triggers": [\#(Array(repeating: #"{"type": "event", "name": "e"}"#, count: 51).joined(separator: ","))]"#
            )),
        rejects("an empty name", #"{"name": "", "steps": [\#(task)]}"#),
        rejects(
            "a name of 201 characters", #"{"name": "\#(String(repeating: "n", count: 201))", "steps": [\#(task)]}"#),
        rejects("a name that is a number", #"{"name": 5, "steps": [\#(task)]}"#),
        rejects("an unknown member", document(#""nmae": "x""#)),
        rejects("an id of 129 characters", document(#""id": "\#(String(repeating: "i", count: 129))""#)),
        rejects("an id that is a number", document(#""id": 5"#)),
        rejects(
            "a description of 10001 characters", document(#""description": "\#(String(repeating: "d", count: 10001))""#)
        ),
        rejects("a tag that is a number", document(#""tags": [1]"#)),
        rejects("tags that are a string", document(#""tags": "x""#)),
        rejects("labels that are a list", document(#""labels": []"#)),
        rejects("an unknown sensitivity", document(#""labels": {"sensitivity": "secret"}"#)),
        rejects("a null sensitivity", document(#""labels": {"sensitivity": null}"#)),
        rejects("data classes that are a string", document(#""labels": {"data_classes": "pii"}"#)),
        rejects("inputs that are a list", document(#""inputs": []"#)),
        rejects("outputs that are a list", document(#""outputs": []"#)),
        rejects("an output that is a number", document(#""outputs": {"x": 1}"#)),
        rejects(
            "an output of 1025 characters", document(#""outputs": {"x": "\#(String(repeating: "o", count: 1025))"}"#)),
        rejects("triggers that are an object", document(#""triggers": {}"#)),
    ]

    static let rejectedTriggers: [Self] = [
        rejects("a trigger that is a list", document(#""triggers": [[]]"#)),
        rejects("a trigger without a type", trigger(#""name": "e""#)),
        rejects("an unknown trigger type", trigger(#""type": "email", "name": "e""#)),
        rejects("a trigger type that is a number", trigger(#""type": 5"#)),
        rejects("an event without a name", trigger(#""type": "event""#)),
        rejects("an event with an empty name", trigger(#""type": "event", "name": """#)),
        rejects(
            "a webhook name of 1025 characters",
            trigger(#""type": "webhook", "name": "\#(String(repeating: "w", count: 1025))""#)),
        rejects("a schedule without a cron", trigger(#""type": "schedule""#)),
        rejects("a minute of 61", trigger(#""type": "schedule", "cron": "61 * * * *""#)),
        rejects("four cron fields", trigger(#""type": "schedule", "cron": "* * * *""#)),
        rejects("six cron fields", trigger(#""type": "schedule", "cron": "0 * * * * *""#)),
        rejects("an unknown cron macro", trigger(#""type": "schedule", "cron": "@every""#)),
        rejects("an empty cron list item", trigger(#""type": "schedule", "cron": "1,,2 * * * *""#)),
        rejects("a cron step of 0", trigger(#""type": "schedule", "cron": "*/0 * * * *""#)),
        rejects("a cron step above the field", trigger(#""type": "schedule", "cron": "* */24 * * *""#)),
        rejects("a cron range of three", trigger(#""type": "schedule", "cron": "1-2-3 * * * *""#)),
        rejects("a month of 13", trigger(#""type": "schedule", "cron": "0 0 1 13 *""#)),
        rejects("a day of week of 8", trigger(#""type": "schedule", "cron": "0 0 * * 8""#)),
        rejects("a cron that is a number", trigger(#""type": "schedule", "cron": 5"#)),
        rejects("a time zone that is a number", trigger(#""type": "schedule", "cron": "@daily", "timezone": 5"#)),
        rejects("an unknown trigger member", trigger(#""type": "event", "name": "e", "at": "noon""#)),
    ]

    static let rejectedSteps: [Self] = [
        rejects("a step that is a list", document(steps: ["[]"])),
        rejects("a step without an id", document(steps: [#"{"kind": "task", "handler": "h"}"#])),
        rejects("an empty step id", document(steps: [#"{"id": "", "kind": "task", "handler": "h"}"#])),
        rejects("a step id with a space", document(steps: [#"{"id": "a b", "kind": "task", "handler": "h"}"#])),
        rejects(
            "a step id with a non-ASCII letter", document(steps: [#"{"id": "é", "kind": "task", "handler": "h"}"#])),
        rejects(
            "a step id of 65 characters",
            document(steps: [#"{"id": "\#(String(repeating: "a", count: 65))", "kind": "task", "handler": "h"}"#])),
        rejects("a step without a kind", step(#""handler": "h""#)),
        rejects("an unknown step kind", step(#""kind": "email""#)),
        rejects("a kind that is a number", step(#""kind": 5"#)),
        rejects("an unknown step member", task(#""retries": 3"#)),
        rejects("a task without a handler", step(#""kind": "task""#)),
        rejects("an empty handler", step(#""kind": "task", "handler": """#)),
        rejects(
            "a handler of 201 characters", step(#""kind": "task", "handler": "\#(String(repeating: "h", count: 201))""#)
        ),
        rejects("a condition without an expression", step(#""kind": "condition", "then": "b""#)),
        rejects("an empty expression", step(#""kind": "condition", "expression": "", "then": "b""#)),
        rejects(
            "an expression of 4097 characters",
            step(#""kind": "condition", "expression": "\#(String(repeating: "t", count: 4097))", "then": "b""#)),
        rejects("a condition without `then` or `else`", step(#""kind": "condition", "expression": "true""#)),
        rejects(
            "a condition with empty lists", step(#""kind": "condition", "expression": "true", "then": [], "else": []"#)),
        rejects("a `then` that is a number", step(#""kind": "condition", "expression": "true", "then": 5"#)),
        rejects(
            "an `else` holding a number", step(#""kind": "condition", "expression": "true", "then": "b", "else": [1]"#)),
        rejects("a loop with neither `forEach` nor `while`", step(#""kind": "loop", "body": ["b"]"#)),
        rejects(
            "a loop with both `forEach` and `while`",
            step(#""kind": "loop", "forEach": "[1]", "while": "true", "maxIterations": 3, "body": ["b"]"#)),
        rejects("a `while` loop without `maxIterations`", step(#""kind": "loop", "while": "true", "body": ["b"]"#)),
        rejects("a loop with an empty body", step(#""kind": "loop", "forEach": "[1]", "body": []"#)),
        rejects("a loop without a body", step(#""kind": "loop", "forEach": "[1]""#)),
        rejects("a body that is a string", step(#""kind": "loop", "forEach": "[1]", "body": "b""#)),
        rejects("a concurrency of 0", step(#""kind": "loop", "forEach": "[1]", "concurrency": 0, "body": ["b"]"#)),
        rejects(
            "a concurrency of 10001", step(#""kind": "loop", "forEach": "[1]", "concurrency": 10001, "body": ["b"]"#)),
        rejects(
            "a fractional concurrency", step(#""kind": "loop", "forEach": "[1]", "concurrency": 1.5, "body": ["b"]"#)),
        rejects("no iterations", step(#""kind": "loop", "while": "true", "maxIterations": 0, "body": ["b"]"#)),
        rejects("a `forEach` that is a number", step(#""kind": "loop", "forEach": 5, "body": ["b"]"#)),
        rejects("a human step without assignees", step(#""kind": "human""#)),
        rejects("no assignees", step(#""kind": "human", "assignees": []"#)),
        rejects("a form that is a list", step(#""kind": "human", "assignees": ["x"], "form": []"#)),
        rejects("a due time in words", step(#""kind": "human", "assignees": ["x"], "dueIn": "2 days""#)),
        rejects("an escalation that is a string", step(#""kind": "human", "assignees": ["x"], "escalateTo": "x""#)),
        rejects("a subprocess without a workflow", step(#""kind": "subprocess""#)),
        rejects("an empty workflow id", step(#""kind": "subprocess", "workflowId": """#)),
        rejects(
            "a version range of 65 characters",
            step(#""kind": "subprocess", "workflowId": "w", "version": "\#(String(repeating: "1", count: 65))""#)),
        rejects("a version that is a number", step(#""kind": "subprocess", "workflowId": "w", "version": 1"#)),
        rejects("a delay with neither `duration` nor `until`", step(#""kind": "delay""#)),
        rejects("a delay with both", step(#""kind": "delay", "duration": "1s", "until": "x""#)),
        rejects("a delay of 367 days", step(#""kind": "delay", "duration": "367d""#)),
        rejects(
            "an `until` of 65 characters", step(#""kind": "delay", "until": "\#(String(repeating: "u", count: 65))""#)),
        rejects("an `until` that is a number", step(#""kind": "delay", "until": 5"#)),
    ]

    static let rejectedMembers: [Self] = [
        rejects("a retry that is a list", task(#""retry": []"#)),
        rejects("no attempts", task(#""retry": {"maxAttempts": 0}"#)),
        rejects("1001 attempts", task(#""retry": {"maxAttempts": 1001}"#)),
        rejects("fractional attempts", task(#""retry": {"maxAttempts": 1.5}"#)),
        rejects("a multiplier below 1", task(#""retry": {"multiplier": 0.5}"#)),
        rejects("a multiplier above 10", task(#""retry": {"multiplier": 11}"#)),
        rejects("a negative jitter", task(#""retry": {"jitter": -0.1}"#)),
        rejects("a jitter above 1", task(#""retry": {"jitter": 1.5}"#)),
        rejects("an unknown retry member", task(#""retry": {"attempts": 3}"#)),
        rejects("non-retryable codes in a string", task(#""retry": {"nonRetryable": "x"}"#)),
        rejects("a backoff with a space", task(#""retry": {"initialBackoff": "1 s"}"#)),
        rejects("resources that are a list", task(#""resources": []"#)),
        rejects("a negative cpu", task(#""resources": {"cpu": -1}"#)),
        rejects("a cpu above 1024", task(#""resources": {"cpu": 1025}"#)),
        rejects("fractional memory", task(#""resources": {"memory": 1.5}"#)),
        rejects("negative memory", task(#""resources": {"memory": -1}"#)),
        rejects("a negative quota", task(#""resources": {"quota": {"x": -1}}"#)),
        rejects("a fractional quota", task(#""resources": {"quota": {"x": 1.5}}"#)),
        rejects("a quota that is a list", task(#""resources": {"quota": []}"#)),
        rejects("an unknown resource", task(#""resources": {"disk": 10}"#)),
        rejects("a fractional duration", task(#""timeout": "1.5h""#)),
        rejects("a duration without a unit", task(#""timeout": "10""#)),
        rejects("a duration of ten digits", task(#""timeout": "1000000000ms""#)),
        rejects("one second past 366 days", task(#""timeout": "31622401s""#)),
        rejects("one minute past 366 days", task(#""timeout": "527041m""#)),
        rejects("one hour past 366 days", task(#""timeout": "8785h""#)),
        rejects("an upper-case unit", task(#""timeout": "1S""#)),
        rejects("a duration with a space", task(#""timeout": " 1s""#)),
        rejects("a signed duration", task(#""timeout": "+1s""#)),
        rejects("a timeout that is a number", task(#""timeout": 60"#)),
        rejects("secrets in a string", task(#""secrets": "vault://x""#)),
        rejects("`needs` in a string", task(#""needs": "b""#)),
        rejects("`needs` holding a number", task(#""needs": [1]"#)),
    ]

    /// Documented in ``WorkflowSchema``: `isValid` is the schema's verdict; the parser's is the opposite.
    static let knownDisagreements: [Self] = [
        accepts("a descending cron range", trigger(#""type": "schedule", "cron": "30-10 * * * *""#)),
        accepts("a descending month range", trigger(#""type": "schedule", "cron": "0 0 1 DEC-JAN *""#)),
        accepts("an initial backoff above the default maximum", task(#""retry": {"initialBackoff": "10m"}"#)),
        accepts(
            "a maximum backoff below the initial", task(#""retry": {"initialBackoff": "1m", "maxBackoff": "30s"}"#)),
        rejects(
            "a name of 200 characters in 400 scalars",
            #"{"name": "\#(String(repeating: "e\u{301}", count: 200))", "steps": [\#(task)]}"#),
        rejects("a day name with a long s", trigger(#""type": "schedule", "cron": "0 0 * * \#u{17F}un""#)),
    ]
}
