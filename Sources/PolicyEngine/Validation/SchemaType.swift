/// The type of an attribute or expression, as the validator knows it.
///
/// `.unknown` stands for anything the validator cannot infer (an empty set's elements, the join of
/// unrelated branches); no check ever fails on it. `.bool(true)` and `.bool(false)` are booleans
/// known in advance, such as `principal is User` when the principal can only be a `User`; they
/// let the validator skip code that never runs, as Cedar's typechecker does.
indirect enum SchemaType: Sendable, Hashable, CustomStringConvertible {
    /// A record attribute's type, and whether every record of the type has it.
    struct Attribute: Sendable, Hashable {
        var type: SchemaType
        var isRequired: Bool
    }

    case unknown
    /// A boolean; the payload is its value when known in advance.
    case bool(Bool?)
    case long
    case string
    case set(SchemaType)
    case record([String: Attribute])
    /// An entity whose type is one of these fully qualified names.
    case entity(Set<String>)

    /// Any boolean.
    static let anyBool = SchemaType.bool(nil)

    /// Cedar's name for the type, for messages: `Bool`, `Long`, `Set<String>`, `User or Group`.
    var description: String {
        switch self {
        case .unknown: return "unknown"
        case .bool: return "Bool"
        case .long: return "Long"
        case .string: return "String"
        case .set(.unknown): return "Set"
        case .set(let element): return "Set<\(element)>"
        case .record: return "record"
        case .entity(let types): return types.sorted().joined(separator: " or ")
        }
    }

    /// The boolean's value, when it is a boolean known in advance.
    var knownBool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Whether the type fits where `expected` is needed: the same kind, or unknown.
    func fits(_ expected: Kind) -> Bool { self == .unknown || kind == expected }

    /// The shape of a type, without its parameters.
    enum Kind: Sendable {
        case unknown, bool, long, string, set, record, entity
    }

    var kind: Kind {
        switch self {
        case .unknown: return .unknown
        case .bool: return .bool
        case .long: return .long
        case .string: return .string
        case .set: return .set
        case .record: return .record
        case .entity: return .entity
        }
    }

    /// The smallest type covering both, or `.unknown` when the validator does not track one
    /// (different kinds, or records with different keys).
    func join(_ other: SchemaType) -> SchemaType {
        switch (self, other) {
        case (.bool(let a), .bool(let b)): return .bool(a == b ? a : nil)
        case (.long, .long): return .long
        case (.string, .string): return .string
        case (.set(let a), .set(let b)): return .set(a.join(b))
        case (.entity(let a), .entity(let b)): return .entity(a.union(b))
        case (.record(let a), .record(let b)):
            guard Set(a.keys) == Set(b.keys) else { return .unknown }
            var joined: [String: Attribute] = [:]
            for (key, left) in a {
                let right = b[key]!  // INVARIANT: both records have the same keys.
                joined[key] = Attribute(
                    type: left.type.join(right.type), isRequired: left.isRequired && right.isRequired)
            }
            return .record(joined)
        default: return .unknown
        }
    }

    /// Whether a value of this type may equal a value of `other`. Conservative: only different
    /// kinds and entities of disjoint types can never be equal (two sets may both be empty).
    func mayEqual(_ other: SchemaType) -> Bool {
        switch (self, other) {
        case (.unknown, _), (_, .unknown): return true
        case (.entity(let a), .entity(let b)): return !a.isDisjoint(with: b)
        default: return kind == other.kind
        }
    }
}
