import JSON
import PolicyEngine

/// The type an expression certainly has, as far as the compiler can tell without running it.
public enum ExpressionType: String, Sendable, Hashable {
    case bool = "a boolean"
    case long = "a Long"
    case string = "a string"
    case set = "a set"
    case record = "a record"
    case entity = "an entity"
    /// Anything: a step output, an input the schema does not type, an `if` with mixed branches.
    case unknown = "unknown"

    /// The Cedar type of an input, from its JSON Schema `type` (`number` may be fractional, which
    /// Cedar cannot hold, so it stays unknown).
    public init(jsonSchemaType: String?) {
        switch jsonSchemaType {
        case "integer": self = .long
        case "string": self = .string
        case "boolean": self = .bool
        case "array": self = .set
        case "object": self = .record
        default: self = .unknown
        }
    }

    /// The input types a definition's `inputs` schema declares.
    public static func inputTypes(_ inputs: JSONValue?) -> [String: ExpressionType] {
        var types: [String: ExpressionType] = [:]
        for (name, schema) in inputs?["properties"]?.objectValue ?? [:] {
            types[name] = ExpressionType(jsonSchemaType: schema["type"]?.stringValue)
        }
        return types
    }
}

extension ConditionExpression {
    /// Infers the expression's type, or says which operand has a type its operator cannot take.
    static func infer(_ expression: Expression, inputs: [String: ExpressionType]) -> Result<ExpressionType, TypeProblem>
    {
        func type(_ inner: Expression) throws(TypeProblem) -> ExpressionType {
            try infer(inner, inputs: inputs).get()
        }
        func require(_ inner: Expression, _ allowed: ExpressionType, for operation: String) throws(TypeProblem) {
            let actual = try type(inner)
            guard actual == allowed || actual == .unknown else {
                throw TypeProblem(
                    message: "\(operation) needs \(allowed.rawValue), and this operand is \(actual.rawValue)")
            }
        }
        do throws(TypeProblem) {
            switch expression.kind {
            case .bool: return .success(.bool)
            case .long: return .success(.long)
            case .string: return .success(.string)
            case .entity: return .success(.entity)
            case .set(let elements):
                for element in elements { _ = try type(element) }
                return .success(.set)
            case .record(let entries):
                for entry in entries { _ = try type(entry.value) }
                return .success(.record)
            case .variable: return .success(.record)
            case .attribute(let base, let name):
                if case .attribute(let root, "input") = base.kind, case .variable(.context) = root.kind {
                    return .success(inputs[name] ?? .unknown)
                }
                let baseType = try type(base)
                guard [.record, .entity, .unknown].contains(baseType) else {
                    throw TypeProblem(message: "`.\(name)` reads an attribute of \(baseType.rawValue), which has none")
                }
                return .success(.unknown)
            case .not(let inner):
                try require(inner, .bool, for: "`!`")
                return .success(.bool)
            case .negate(let inner):
                try require(inner, .long, for: "`-`")
                return .success(.long)
            case .binary(let op, let left, let right):
                switch op {
                case .and, .or:
                    try require(left, .bool, for: "`\(op.rawValue)`")
                    try require(right, .bool, for: "`\(op.rawValue)`")
                    return .success(.bool)
                case .less, .lessEqual, .greater, .greaterEqual:
                    try require(left, .long, for: "`\(op.rawValue)`")
                    try require(right, .long, for: "`\(op.rawValue)`")
                    return .success(.bool)
                case .add, .subtract, .multiply:
                    try require(left, .long, for: "`\(op.rawValue)`")
                    try require(right, .long, for: "`\(op.rawValue)`")
                    return .success(.long)
                case .equal, .notEqual, .in:
                    _ = try type(left)
                    _ = try type(right)
                    return .success(.bool)
                }
            case .ifThenElse(let condition, let then, let otherwise):
                try require(condition, .bool, for: "`if`")
                let (a, b) = (try type(then), try type(otherwise))
                return .success(a == b ? a : .unknown)
            case .has(let inner, _), .is(let inner, _, _):
                _ = try type(inner)
                return .success(.bool)
            case .like(let inner, _):
                try require(inner, .string, for: "`like`")
                return .success(.bool)
            case .method(let receiver, let method, let arguments):
                try require(receiver, .set, for: "`.\(method.rawValue)()`")
                for argument in arguments { _ = try type(argument) }
                if method != .contains {
                    for argument in arguments { try require(argument, .set, for: "`.\(method.rawValue)()`") }
                }
                return .success(.bool)
            }
        } catch {
            return .failure(error)
        }
    }

    struct TypeProblem: Error {
        var message: String
    }
}
