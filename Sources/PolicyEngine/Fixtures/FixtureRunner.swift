import JSON

/// The outcome of one fixture.
public struct FixtureResult: Sendable {
    public var fixture: Fixture
    public var decision: Decision
    /// What did not match, one line each; empty when the fixture passed.
    public var differences: [String]
    public var passed: Bool { differences.isEmpty }
}

/// How thoroughly the fixtures exercised one policy.
public struct PolicyCoverage: Sendable {
    /// How thoroughly the fixtures exercised one `when` or `unless` clause.
    public struct Clause: Sendable {
        public var kind: Condition.Kind
        public var span: SourceSpan
        /// Fixtures (whose scope matched the policy's) in which the clause's body was true, and false.
        public var trueCount: Int
        public var falseCount: Int
    }

    public var policy: PolicyID
    /// Fixtures this policy determined.
    public var determined: Int
    /// Fixtures whose request matched the policy's action and types and in which it held, and did not.
    public var held: Int
    public var notHeld: Int
    public var clauses: [Clause]

    /// Exercised both ways: the policy held and failed to hold, and every clause was true and false.
    public var isFullyCovered: Bool {
        held > 0 && notHeld > 0 && clauses.allSatisfy { $0.trueCount > 0 && $0.falseCount > 0 }
    }
}

/// Runs fixtures against a policy set and measures coverage.
public enum FixtureRunner {
    /// Decides every fixture, compares with its expectation, and counts what each policy and
    /// clause did across all of them.
    public static func run(_ fixtures: [Fixture], against authorizer: Authorizer) -> (
        results: [FixtureResult], coverage: [PolicyCoverage]
    ) {
        let compiled = authorizer.policySet.compiled
        let clauseNodes = compiled.map { $0.policy.conditions.map { ExpressionCompiler.compile($0.body) } }
        var coverage = compiled.map { policy in
            PolicyCoverage(
                policy: policy.policy.id, determined: 0, held: 0, notHeld: 0,
                clauses: policy.policy.conditions.map {
                    PolicyCoverage.Clause(kind: $0.kind, span: $0.span, trueCount: 0, falseCount: 0)
                })
        }
        var results: [FixtureResult] = []
        for fixture in fixtures {
            let decision = authorizer.authorize(fixture.request, entities: fixture.entities)
            results.append(
                FixtureResult(
                    fixture: fixture, decision: decision, differences: differences(fixture.expectation, decision)))
            let environment = Environment(request: fixture.request, entities: fixture.entities)
            let determining = Set(decision.determining)
            for (index, policy) in compiled.enumerated()
            where policy.typesMatch(environment) && policy.actionMatches(environment) {
                if determining.contains(policy.policy.id) { coverage[index].determined += 1 }
                if case .satisfied = policy.evaluate(environment, actionMatched: true) {
                    coverage[index].held += 1
                } else {
                    coverage[index].notHeld += 1
                }
                for (clause, node) in clauseNodes[index].enumerated() {
                    switch try? node.evaluateBool(environment) {
                    case true?: coverage[index].clauses[clause].trueCount += 1
                    case false?: coverage[index].clauses[clause].falseCount += 1
                    case nil: break
                    }
                }
            }
        }
        return (results, coverage)
    }

    /// Each way the decision departs from the expectation, as a line a policy author can act on.
    static func differences(_ expected: Fixture.Expectation, _ decision: Decision) -> [String] {
        var lines: [String] = []
        if expected.effect != decision.effect {
            lines.append("decision: expected `\(expected.effect.rawValue)`, got `\(decision.effect.rawValue)`")
        }
        let wantDetermining = expected.determining.map(\.rawValue).sorted()
        let gotDetermining = decision.determining.map(\.rawValue).sorted()
        if wantDetermining != gotDetermining {
            lines.append("determining: expected \(list(wantDetermining)), got \(list(gotDetermining))")
        }
        if let errors = expected.errors {
            let want = errors.map(\.rawValue).sorted()
            let got = decision.errors.map(\.policy.rawValue).sorted()
            if want != got { lines.append("errors: expected \(list(want)), got \(list(got))") }
        }
        if let kind = expected.denialKind, decision.denial?.kind != kind {
            lines.append("denial kind: expected `\(kind.rawValue)`, got `\(decision.denial?.kind.rawValue ?? "none")`")
        }
        for violation in expected.violations {
            guard let found = decision.denial?.violations.first(where: { $0.policy == violation.policy }) else {
                let cited = decision.denial?.violations.map(\.policy.rawValue) ?? []
                lines.append("denial: expected a violation of `\(violation.policy)`, got \(list(cited))")
                continue
            }
            let checks = found.checks.map(\.json)
            for check in violation.checks where !checks.contains(where: { matches(check, $0) }) {
                lines.append(
                    "denial: `\(violation.policy)` has no check \(check.encodedString(.compact)); its checks are "
                        + checks.map { $0.encodedString(.compact) }.joined(separator: ", "))
            }
        }
        return lines
    }

    /// Whether `actual` has every member `pattern` names, with equal values.
    static func matches(_ pattern: JSONValue, _ actual: JSONValue) -> Bool {
        guard case .object(let wanted) = pattern else { return false }
        return wanted.allSatisfy { key, value in actual[key] == value }
    }

    private static func list(_ ids: [String]) -> String {
        ids.isEmpty ? "none" : ids.map { "`\($0)`" }.joined(separator: ", ")
    }
}
