/// A Cedar value.
///
/// Equality is Cedar's `==`: structural, by exact code points for strings, order- and
/// duplicate-insensitive for sets, and values of different types are simply unequal.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(EntityUID)
    case set(Set<Value>)
    case record(Record)

    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.long(let x), .long(let y)): return x == y
        case (.string(let x), .string(let y)): return exactlyEqual(x, y)
        case (.entity(let x), .entity(let y)): return x == y
        case (.set(let x), .set(let y)): return x == y
        case (.record(let x), .record(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let value):
            hasher.combine(0 as UInt8)
            hasher.combine(value)
        case .long(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(2 as UInt8)
            hashExactly(value, into: &hasher)
        case .entity(let value):
            hasher.combine(3 as UInt8)
            hasher.combine(value)
        case .set(let value):
            hasher.combine(4 as UInt8)
            hasher.combine(value)  // Set's hash ignores order
        case .record(let value):
            hasher.combine(5 as UInt8)
            hasher.combine(value)
        }
    }

    /// The type's name as Cedar's messages use it.
    public var typeName: String {
        switch self {
        case .bool: return "Bool"
        case .long: return "Long"
        case .string: return "String"
        case .entity(let uid): return "entity of type `\(uid.type)`"
        case .set: return "Set"
        case .record: return "Record"
        }
    }

    /// Cedar's literal form: `true`, `42`, `"text"`, `User::"alice"`, `[…]`, `{…}`.
    public var description: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .long(let value): return String(value)
        case .string(let value): return quoted(value)
        case .entity(let uid): return uid.description
        case .set(let elements): return "[" + elements.map(\.description).sorted().joined(separator: ", ") + "]"
        case .record(let members): return members.description
        }
    }
}
