/// Turns conjuncts into the checks of an explanation: the attribute read, the operator, the value
/// found and what would have satisfied it.
enum Explainer {
    /// The checks a conjunct stands for, evaluated against the request. A disjunction gives the
    /// alternatives that held when it held (why a forbid applied), or all of them when it did not
    /// (what a permit would have needed).
    static func checks(_ conjunct: Conjunct, _ environment: Environment) -> [Check] {
        checks(shape: conjunct.shape, text: conjunct.text, node: conjunct.node, environment)
    }

    static func checks(shape: CheckShape, text: String, node: any Node, _ environment: Environment) -> [Check] {
        guard case .anyOf(let alternatives) = shape else { return [check(shape, text: text, environment)] }
        let held = alternatives.filter { (try? $0.node.evaluateBool(environment)) == true }
        return (held.isEmpty ? alternatives : held).flatMap {
            checks(shape: $0.shape, text: $0.text, node: $0.node, environment)
        }
    }

    /// One simple check, evaluated against the request.
    static func check(_ shape: CheckShape, text: String, _ environment: Environment) -> Check {
        var check = Check(attribute: nil, op: .eq, actual: nil, expected: nil, expression: text, error: nil)
        switch shape {
        case .anyOf:
            preconditionFailure("disjunctions are expanded by checks(shape:text:node:_:)")
        case .comparison(let op, let subject, let expected):
            check.attribute = subject.path
            check.op = op
            do {
                check.actual = try subject.evaluate(environment)
            } catch {
                return failure(error, check)
            }
            do {
                check.expected = try expected.evaluate(environment)
            } catch {
                return failure(error, check)
            }
        case .has(let op, let subject, let attribute):
            check.attribute = subject.path.map { "\($0).\(attribute)" }
            check.op = op
            do {
                check.actual = try HasNode(subject, attribute, span: nil).evaluate(environment)
            } catch {
                return failure(error, check)
            }
        case .isType(let subject, let type):
            check.attribute = subject.path
            check.op = .is
            check.expected = .string(type)
            do {
                let value = try subject.evaluate(environment)
                if case .entity(let uid) = value { check.actual = .string(uid.type) } else { check.actual = value }
            } catch {
                return failure(error, check)
            }
        case .expression(let node, let expected):
            check.expected = .bool(expected)
            do {
                check.actual = try node.evaluate(environment)
            } catch {
                return failure(error, check)
            }
        }
        return check
    }

    /// A check whose evaluation failed. A missing attribute is reported as the `has` check that
    /// would have been needed, which tells the client exactly what to supply.
    private static func failure(_ error: EvaluationError, _ check: Check) -> Check {
        var result = check
        if error.code == .attributeMissing || error.code == .entityNotFound, let path = error.missingPath {
            result.attribute = path
            result.op = .has
            result.actual = .bool(false)
            result.expected = nil
            return result
        }
        result.error = error.policyError
        return result
    }

    /// A policy's part in a denial, with the texts its annotations give.
    static func violation(_ policy: CompiledPolicy, checks: [Check]) -> Violation {
        let source = policy.policy
        let isForbid = source.effect == .forbid
        let code = source.annotation("code") ?? (isForbid ? "policy.forbidden" : "policy.not_permitted")
        let reason =
            source.annotation("reason")
            ?? (isForbid
                ? "denied by policy `\(source.id)`"
                : "policy `\(source.id)` would permit this request if its failed checks held")
        return Violation(
            policy: source.id, effect: source.effect, code: code, reason: reason, appeal: source.annotation("appeal"),
            checks: checks)
    }
}
