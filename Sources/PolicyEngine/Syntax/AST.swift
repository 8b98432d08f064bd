/// A policy's identity: its `@id` annotation, or `file:index` when it has none.
public struct PolicyID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: PolicyID, b: PolicyID) -> Bool {
        a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8)
    }
}

/// Whether a policy grants (`permit`) or denies (`forbid`).
public enum Effect: String, Sendable {
    case permit
    case forbid
}

/// `@name("value")`, or `@name` alone.
public struct Annotation: Sendable {
    public var name: String
    public var value: String?
    public var span: SourceSpan
}

/// The principal or resource part of a policy's scope.
public enum ScopeConstraint: Sendable, Equatable {
    /// `principal`: any entity.
    case any
    /// `principal == Type::"id"`.
    case equals(EntityUID)
    /// `principal in Type::"id"`: the entity or any of its descendants.
    case `in`(EntityUID)
    /// `principal is Type`.
    case `is`(String)
    /// `principal is Type in Type::"id"`.
    case isIn(String, EntityUID)
}

/// The action part of a policy's scope.
public enum ActionConstraint: Sendable, Equatable {
    /// `action`: any action.
    case any
    /// `action == Action::"id"`.
    case equals(EntityUID)
    /// `action in Action::"group"`.
    case `in`(EntityUID)
    /// `action in [Action::"a", Action::"b"]`.
    case inSet([EntityUID])
}

/// `when { … }` or `unless { … }`.
public struct Condition: Sendable {
    public enum Kind: String, Sendable {
        case when
        case unless
    }

    public var kind: Kind
    public var body: Expression
    public var span: SourceSpan
}

/// One parsed policy.
public struct Policy: Sendable {
    public var id: PolicyID
    public var effect: Effect
    public var annotations: [Annotation]
    public var principal: ScopeConstraint
    public var action: ActionConstraint
    public var resource: ScopeConstraint
    public var conditions: [Condition]
    /// From the first annotation (or the effect) to the closing `;`.
    public var span: SourceSpan

    /// The value of annotation `name`, if present (an annotation without a value gives `""`).
    public func annotation(_ name: String) -> String? {
        annotations.first { $0.name == name }.map { $0.value ?? "" }
    }
}

/// The four request variables.
public enum Variable: String, Sendable, CaseIterable {
    case principal
    case action
    case resource
    case context
}

/// Binary operators, by precedence: `||` < `&&` < relations < `+ -` < `*`.
public enum BinaryOperator: String, Sendable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case `in` = "in"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
}

/// The built-in set methods.
public enum Method: String, Sendable, CaseIterable {
    case contains
    case containsAll
    case containsAny
    case isEmpty

    var arity: Int { self == .isEmpty ? 0 : 1 }
}

/// A `like` pattern: literal scalars and `*` wildcards.
public struct Pattern: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        case wildcard
        case literal(Unicode.Scalar)
    }

    public var elements: [Element]
}

/// A record literal's member.
public struct RecordEntry: Sendable {
    public var key: String
    public var value: Expression
}

/// An expression with the source span it was parsed from.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case bool(Bool)
        case long(Int64)
        case string(String)
        case entity(EntityUID)
        case variable(Variable)
        case not(Expression)
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case ifThenElse(Expression, Expression, Expression)
        case has(Expression, String)
        case like(Expression, Pattern)
        case `is`(Expression, String, Expression?)
        case attribute(Expression, String)
        case method(Expression, Method, [Expression])
        case set([Expression])
        case record([RecordEntry])
    }

    public var kind: Kind
    public var span: SourceSpan
}
