/// Turns conjuncts into the checks of an explanation: the attribute read, the operator, the value
/// found and what would have satisfied it.
enum Explainer {
    /// The checks a conjunct stands for, evaluated against the request. A disjunction that held
    /// (why a forbid applied) gives the alternatives that held; one that did not (what a permit
    /// would have needed) gives all of them.
    /// - Parameter mayFail: whether the conjunct may have failed to evaluate, so its error must be
    ///   looked for; `false` when it is known to have held or to have been simply false.
    static func appendChecks(
        _ conjunct: Conjunct, held: Bool, mayFail: Bool, to checks: inout [Check], _ environment: Environment
    ) {
        appendChecks(
            shape: conjunct.shape, text: conjunct.text, node: mayFail ? conjunct.node : nil, held: held,
            to: &checks, environment)
    }

    static func appendChecks(
        shape: CheckShape, text: String, node: (any Node)?, held: Bool, to checks: inout [Check],
        _ environment: Environment
    ) {
        guard case .anyOf(let alternatives) = shape else {
            checks.append(check(shape, text: text, node: node, environment))
            return
        }
        let cited = held ? alternatives.filter { (try? $0.node.evaluateBool(environment)) == true } : alternatives
        for alternative in cited {
            appendChecks(
                shape: alternative.shape, text: alternative.text, node: held ? nil : alternative.node, held: held,
                to: &checks, environment)
        }
    }

    /// One simple check, evaluated against the request. When `node` is given and the check as a
    /// whole fails to evaluate (an operand of the wrong type, say), the error is attached even if
    /// each operand alone could be read.
    static func check(_ shape: CheckShape, text: String, node: (any Node)?, _ environment: Environment) -> Check {
        var check = describe(shape, text: text, environment)
        if let node, check.error == nil && check.op != .has,
            case .failure(let error) = Result(catching: { () throws(EvaluationError) in
                try node.evaluateBool(environment)
            })
        {
            check = failure(error, check)
        }
        return check
    }

    /// The check's operator, operands and values.
    static func describe(_ shape: CheckShape, text: String, _ environment: Environment) -> Check {
        var check = Check(attribute: nil, op: .eq, actual: nil, expected: nil, expression: text, error: nil)
        switch shape {
        case .anyOf:
            preconditionFailure("disjunctions are expanded by appendChecks(shape:text:node:held:to:_:)")
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
        case .has(let op, let subject, let attribute, let path):
            check.attribute = path
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

    /// A policy's part in a denial: for a forbid that held, every check that made it hold; for a
    /// permit that did not, the checks that failed — except those that read an attribute whose
    /// `has` test already failed (`x has a && x.a > 3` cites the missing `a` once).
    static func violation(_ policy: CompiledPolicy, memo: inout ConjunctMemo, held: Bool) -> Violation {
        var checks: [Check] = []
        for (position, conjunct) in policy.explained.enumerated() {
            if held {
                appendChecks(conjunct, held: true, mayFail: false, to: &checks, memo.environment)
            } else if !memo.holds(conjunct)
                && !memo.isMasked(position, in: policy.explainedDependencies, policy.explained)
            {
                appendChecks(conjunct, held: false, mayFail: memo.fails(conjunct), to: &checks, memo.environment)
            }
        }
        return Violation(
            policy: policy.policy.id, effect: policy.effect, code: policy.code, reason: policy.reason,
            appeal: policy.appeal, checks: checks)
    }
}
