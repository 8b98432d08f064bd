import JSON
import PolicyEngine

/// The `context` a workflow expression reads, made from JSON documents, and explanations of what
/// an expression read from it.
enum ExpressionContext {
    /// `value` as a Cedar value. Cedar has no null and no fractions: such members and elements are
    /// left out (so `has` is false for them, and reading them is `policy.attribute_missing`), and
    /// `dropped` gets the path of each.
    static func value(_ json: JSONValue, path: String, dropped: inout [String]) -> Value? {
        switch json {
        case .null:
            dropped.append("`\(path)` is null")
            return nil
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .number(let number):
            guard number.isInteger, let long = number.int64Value else {
                dropped.append("`\(path)` is `\(number)`")
                return nil
            }
            return .long(long)
        case .array(let elements):
            var set = Set<Value>()
            for (offset, element) in elements.enumerated() {
                if let value = value(element, path: "\(path)[\(offset)]", dropped: &dropped) { set.insert(value) }
            }
            return .set(set)
        case .object(let members):
            if members.count == 1, let reference = members["__entity"],
                let uid = try? EntityUID(json: reference, code: .invalidRequest, at: path)
            {
                return .entity(uid)
            }
            var record = Record()
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let value = value(member, path: "\(path).\(key)", dropped: &dropped) { record[key] = value }
            }
            return .record(record)
        }
    }

    /// The note that says which members were left out of `context`.
    static func droppedNote(_ dropped: [String]) -> String? {
        guard !dropped.isEmpty else { return nil }
        let shown = dropped.prefix(5).joined(separator: ", ")
        let more = dropped.count > 5 ? " and \(dropped.count - 5) more" : ""
        return "Cedar values have no null and no fractions, so these are left out of `context`: \(shown)\(more)"
    }

    /// Why an expression has the value it has: the value, then what its `context` reads were.
    static func because(_ expression: Expression, value: Value, context: Record) -> String {
        let reads = explainedReads(expression, context: context)
        return "the expression is `\(short(value))`" + (reads.isEmpty ? "" : " because " + reads)
    }

    /// Why an expression failed.
    static func because(_ expression: Expression, error: PolicyError, context: Record) -> String {
        let reads = explainedReads(expression, context: context)
        return "the expression failed with `\(error.code)`: \(error.message)" + (reads.isEmpty ? "" : "; " + reads)
    }

    /// `` `context.input.amount` is `1500`, `context.input.currency` is absent ``: the first few
    /// attribute paths the expression reads, each evaluated on its own.
    private static func explainedReads(_ expression: Expression, context: Record) -> String {
        var reads: [Expression] = []
        collectReads(expression, into: &reads)
        var seen: Set<String> = []
        var parts: [String] = []
        for read in reads {
            let text = Formatter.format(read)
            guard seen.insert(text).inserted, parts.count < 5 else { continue }
            do throws(PolicyError) {
                let value = try ExpressionEvaluator(read).evaluate(context: context)
                parts.append("`\(text)` is `\(short(value))`")
            } catch {
                parts.append(
                    error.code == .attributeMissing ? "`\(text)` is absent" : "`\(text)` fails (\(error.code))")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// Attribute chains rooted at `context` (`context.steps.check.output.ok`), outermost first;
    /// the operand of `has` is not one (its value is the whole record).
    private static func collectReads(_ expression: Expression, into reads: inout [Expression]) {
        switch expression.kind {
        case .attribute:
            if isContextPath(expression) {
                reads.append(expression)
            } else if case .attribute(let inner, _) = expression.kind {
                collectReads(inner, into: &reads)
            }
        case .bool, .long, .string, .entity, .variable, .has: break
        case .not(let inner), .negate(let inner), .like(let inner, _): collectReads(inner, into: &reads)
        case .binary(_, let left, let right):
            collectReads(left, into: &reads)
            collectReads(right, into: &reads)
        case .ifThenElse(let condition, let then, let otherwise):
            for part in [condition, then, otherwise] { collectReads(part, into: &reads) }
        case .is(let inner, _, let scope):
            collectReads(inner, into: &reads)
            if let scope { collectReads(scope, into: &reads) }
        case .method(let receiver, _, let arguments):
            for part in [receiver] + arguments { collectReads(part, into: &reads) }
        case .set(let elements):
            for part in elements { collectReads(part, into: &reads) }
        case .record(let entries):
            for entry in entries { collectReads(entry.value, into: &reads) }
        }
    }

    private static func isContextPath(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .variable(.context): return true
        case .attribute(let inner, _): return isContextPath(inner)
        default: return false
        }
    }

    /// A value's Cedar text, cut to 60 characters.
    static func short(_ value: Value) -> String {
        let text = value.description
        return text.count <= 60 ? text : String(text.prefix(59)) + "…"
    }
}
