/// Writes policies and expressions back as Cedar text in one canonical layout.
///
/// The canonical text is what the policy-set digest hashes: comments, whitespace and redundant
/// parentheses do not change it, while any change of meaning or annotation does. Parsing the
/// output gives the same policy again.
public enum Formatter {
    /// A policy as canonical text, ending with `;`.
    public static func format(_ policy: Policy) -> String {
        var lines: [String] = []
        for annotation in policy.annotations {
            lines.append("@\(annotation.name)" + (annotation.value.map { "(\(quoted($0)))" } ?? ""))
        }
        lines.append("\(policy.effect.rawValue) (")
        lines.append("  " + format(policy.principal, variable: "principal") + ",")
        lines.append("  " + format(policy.action) + ",")
        lines.append("  " + format(policy.resource, variable: "resource"))
        lines.append(")")
        for condition in policy.conditions {
            lines.append("\(condition.kind.rawValue) { \(format(condition.body)) }")
        }
        lines[lines.count - 1] += ";"
        return lines.joined(separator: "\n")
    }

    static func format(_ scope: ScopeConstraint, variable: String) -> String {
        switch scope {
        case .any: return variable
        case .equals(let entity): return "\(variable) == \(entity)"
        case .in(let entity): return "\(variable) in \(entity)"
        case .is(let type): return "\(variable) is \(type)"
        case .isIn(let type, let entity): return "\(variable) is \(type) in \(entity)"
        }
    }

    static func format(_ action: ActionConstraint) -> String {
        switch action {
        case .any: return "action"
        case .equals(let entity): return "action == \(entity)"
        case .in(let entity): return "action in \(entity)"
        case .inSet(let entities): return "action in [\(entities.map(\.description).joined(separator: ", "))]"
        }
    }

    /// An expression as canonical text.
    public static func format(_ expression: Expression) -> String {
        write(expression, context: .top)
    }

    /// Binding strength, loosest first; a child looser than its slot needs parentheses.
    enum Level: Int, Comparable {
        case top = 0, or, and, relation, additive, multiplicative, unary, member
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    static func level(of expression: Expression) -> Level {
        switch expression.kind {
        case .ifThenElse: return .top
        case .binary(.or, _, _): return .or
        case .binary(.and, _, _): return .and
        case .binary(.add, _, _), .binary(.subtract, _, _): return .additive
        case .binary(.multiply, _, _): return .multiplicative
        case .binary, .has, .like, .is: return .relation
        case .not, .negate: return .unary
        case .long(let value) where value < 0: return .unary
        default: return .member
        }
    }

    static func write(_ expression: Expression, context: Level) -> String {
        let text = body(expression)
        return level(of: expression) < context ? "(\(text))" : text
    }

    static func body(_ expression: Expression) -> String {
        switch expression.kind {
        case .bool(let value): return value ? "true" : "false"
        case .long(let value): return String(value)
        case .string(let value): return quoted(value)
        case .entity(let entity): return entity.description
        case .variable(let variable): return variable.rawValue
        case .not(let operand): return "!" + write(operand, context: .member)
        case .negate(let operand): return "-" + write(operand, context: .member)
        case .binary(let op, let left, let right):
            switch op {
            case .or: return write(left, context: .or) + " || " + write(right, context: .and)
            case .and: return write(left, context: .and) + " && " + write(right, context: .relation)
            case .add, .subtract:
                return write(left, context: .additive) + " \(op.rawValue) " + write(right, context: .multiplicative)
            case .multiply: return write(left, context: .multiplicative) + " * " + write(right, context: .unary)
            default: return write(left, context: .additive) + " \(op.rawValue) " + write(right, context: .additive)
            }
        case .ifThenElse(let condition, let then, let otherwise):
            return
                "if \(write(condition, context: .top)) then \(write(then, context: .top)) else \(write(otherwise, context: .top))"
        case .has(let operand, let name):
            return write(operand, context: .additive) + " has " + (isIdentifier(name) ? name : quoted(name))
        case .like(let operand, let pattern):
            return write(operand, context: .additive) + " like " + format(pattern)
        case .is(let operand, let type, let container):
            let head = write(operand, context: .additive) + " is " + type
            return container.map { head + " in " + write($0, context: .additive) } ?? head
        case .attribute(let operand, let name):
            let receiver = write(operand, context: .member)
            return isIdentifier(name) ? "\(receiver).\(name)" : "\(receiver)[\(quoted(name))]"
        case .method(let operand, let method, let arguments):
            let list = arguments.map { write($0, context: .top) }.joined(separator: ", ")
            return "\(write(operand, context: .member)).\(method.rawValue)(\(list))"
        case .set(let elements):
            return "[" + elements.map { write($0, context: .top) }.joined(separator: ", ") + "]"
        case .record(let entries):
            return "{" + entries.map { "\(quoted($0.key)): \(write($0.value, context: .top))" }.joined(separator: ", ")
                + "}"
        }
    }

    /// A pattern as a string literal: `*` for the wildcard, `\*` for a literal star.
    static func format(_ pattern: Pattern) -> String {
        var text = "\""
        for element in pattern.elements {
            switch element {
            case .wildcard: text += "*"
            case .literal("*"): text += "\\*"
            case .literal(let scalar): text += String(quoted(String(scalar)).dropFirst().dropLast())
            }
        }
        return text + "\""
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
            && !Parser.reservedWords.contains(name)
    }
}
