/// `[a, b, …]` whose elements depend on the request (constant sets are folded at compile time).
final class SetNode: Node {
    var children: [any Node] { elements }
    let span: SourceSpan?
    let elements: [any Node]

    init(_ elements: [any Node], span: SourceSpan?) {
        self.elements = elements
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        var result = Set<Value>(minimumCapacity: elements.count)
        for element in elements { result.insert(try element.evaluate(environment)) }
        return .set(result)
    }
}

/// `{k: v, …}` whose values depend on the request.
final class RecordNode: Node {
    var children: [any Node] { entries.map(\.value) }
    let span: SourceSpan?
    let entries: [(key: String, value: any Node)]

    init(_ entries: [(key: String, value: any Node)], span: SourceSpan?) {
        self.entries = entries
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        var members = Record()
        for entry in entries { members[entry.key] = try entry.value.evaluate(environment) }
        return .record(members)
    }
}

/// `.contains(x)`, `.containsAll(s)`, `.containsAny(s)`, `.isEmpty()` on sets.
final class MethodNode: Node {
    var children: [any Node] { [receiver] + (argument.map { [$0] } ?? []) }
    let span: SourceSpan?
    let method: Method
    let receiver: any Node
    let argument: (any Node)?

    init(_ method: Method, _ receiver: any Node, _ argument: (any Node)?, span: SourceSpan?) {
        self.method = method
        self.receiver = receiver
        self.argument = argument
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let elements = try receiver.evaluateSet(environment)
        switch method {
        case .isEmpty:
            return .bool(elements.isEmpty)
        case .contains:
            return .bool(elements.contains(try argument!.evaluate(environment)))
        case .containsAll:
            return .bool(try argument!.evaluateSet(environment).isSubset(of: elements))
        case .containsAny:
            return .bool(!elements.isDisjoint(with: try argument!.evaluateSet(environment)))
        }
    }
}

/// `["a", "b"].contains(x)` with a small constant set: a linear scan, cheaper than hashing `x`.
final class ContainsConstantNode: Node {
    var children: [any Node] { [argument] }
    static let linearLimit = 16

    let span: SourceSpan?
    let elements: [Value]
    let argument: any Node

    init(_ elements: [Value], _ argument: any Node, span: SourceSpan?) {
        self.elements = elements
        self.argument = argument
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try argument.evaluate(environment)
        for element in elements where element == value { return .bool(true) }
        return .bool(false)
    }
}
