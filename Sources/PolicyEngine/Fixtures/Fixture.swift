import JSON

/// A policy test: a request and what the policies must decide for it, and why.
///
/// Fixture files (`policies/tests/*.json`) hold `{"description", "entities", "cases": [...]}`;
/// each case is `{"name", "request", "entities"?, "expect": {...}}`. Entities given in a case are
/// added to (and override) the file's shared entities. `expect` holds `decision` and `determining`
/// (both required), and optionally `errors` (the ids of policies that must fail), `denial.kind`,
/// and `denial.violations`: policies that must appear in the denial, each with checks that must
/// appear among its checks (matched on the fields given: `attr`, `op`, `actual`, `expected`).
public struct Fixture: Sendable {
    public var file: String
    public var name: String
    public var request: Request
    public var entities: Entities
    public var expectation: Expectation

    /// What a fixture requires of the decision.
    public struct Expectation: Sendable {
        public var effect: Decision.Effect
        public var determining: [PolicyID]
        public var errors: [PolicyID]?
        public var denialKind: Denial.Kind?
        public var violations: [ExpectedViolation]
    }

    /// A policy that must appear in the denial, with checks that must appear in its explanation.
    public struct ExpectedViolation: Sendable {
        public var policy: PolicyID
        public var checks: [JSONValue]
    }

    /// Reads every case of one fixture file.
    /// - Parameters:
    ///   - json: the file's content.
    ///   - file: its name, for reports.
    /// - Throws: `policy.invalid_fixture`, or the request and entity codes, naming the case.
    public static func parseFile(_ json: JSONValue, file: String) throws(PolicyError) -> [Fixture] {
        guard case .object(let root) = json, case .array(let cases)? = root["cases"] else {
            throw PolicyError(.invalidFixture, "`\(file)` must be an object with a `cases` array")
        }
        let shared = root["entities"]?.arrayValue ?? []
        var fixtures: [Fixture] = []
        for (offset, item) in cases.enumerated() {
            let name = item["name"]?.stringValue ?? "case \(offset)"
            let context = "`\(file)` case `\(name)`"
            guard let requestJSON = item["request"], let expect = item["expect"] else {
                throw PolicyError(.invalidFixture, "\(context) needs `request` and `expect`")
            }
            let request: Request
            let entities: Entities
            do {
                request = try Request(json: requestJSON)
                entities = try Entities(json: .array(shared + (item["entities"]?.arrayValue ?? [])))
            } catch {
                throw PolicyError(error.code, "\(context): \(error.message)")
            }
            fixtures.append(
                Fixture(
                    file: file, name: name, request: request, entities: entities,
                    expectation: try Expectation(json: expect, context: context)))
        }
        return fixtures
    }
}

extension Fixture.Expectation {
    init(json: JSONValue, context: String) throws(PolicyError) {
        guard let decision = json["decision"]?.stringValue, let effect = Decision.Effect(rawValue: decision) else {
            throw PolicyError(.invalidFixture, "\(context): `expect.decision` must be `allow` or `deny`")
        }
        guard let determining = json["determining"]?.arrayValue?.compactMap(\.stringValue) else {
            throw PolicyError(.invalidFixture, "\(context): `expect.determining` must be an array of policy ids")
        }
        self.effect = effect
        self.determining = determining.map(PolicyID.init)
        self.errors = json["errors"]?.arrayValue?.compactMap(\.stringValue).map(PolicyID.init)
        self.denialKind = nil
        self.violations = []
        if let denial = json["denial"], !denial.isNull {
            if let kind = denial["kind"]?.stringValue {
                guard let parsed = Denial.Kind(rawValue: kind) else {
                    throw PolicyError(
                        .invalidFixture, "\(context): `expect.denial.kind` must be `forbidden` or `not_permitted`")
                }
                denialKind = parsed
            }
            for violation in denial["violations"]?.arrayValue ?? [] {
                guard let policy = violation["policy"]?.stringValue else {
                    throw PolicyError(.invalidFixture, "\(context): each expected violation needs a `policy`")
                }
                violations.append(
                    Fixture.ExpectedViolation(policy: PolicyID(policy), checks: violation["checks"]?.arrayValue ?? []))
            }
        }
    }
}
