/// Turns an ``Expression`` into an evaluable ``Node`` tree, once, when a policy set loads.
///
/// Literal sets and records are folded into constants, and `principal.a`-style reads get a node
/// that skips the entity-store lookup. Folding never changes behaviour: only expressions without
/// any request dependency, whose evaluation cannot fail, are folded.
enum ExpressionCompiler {
    static func compile(_ expression: Expression) -> any Node {
        let span = expression.span
        switch expression.kind {
        case .bool(let value): return LiteralNode(.bool(value), span: span)
        case .long(let value): return LiteralNode(.long(value), span: span)
        case .string(let value): return LiteralNode(.string(value), span: span)
        case .entity(let uid): return LiteralNode(.entity(uid), span: span)
        case .variable(let variable): return VariableNode(variable, span: span)
        case .not(let operand): return NotNode(compile(operand), span: span)
        case .negate(let operand): return NegateNode(compile(operand), span: span)
        case .binary(let op, let left, let right): return binary(op, compile(left), compile(right), span: span)
        case .ifThenElse(let condition, let then, let otherwise):
            return IfNode(compile(condition), compile(then), compile(otherwise), span: span)
        case .has(let operand, let name):
            if case .variable(let variable) = operand.kind { return VariableHasNode(variable, name, span: span) }
            return HasNode(compile(operand), name, span: span)
        case .like(let operand, let pattern): return LikeNode(compile(operand), pattern, span: span)
        case .is(let operand, let type, let container):
            return IsNode(compile(operand), type: type, container: container.map(compile), span: span)
        case .attribute(let operand, let name):
            if case .variable(let variable) = operand.kind { return VariableAttributeNode(variable, name, span: span) }
            return AttributeNode(compile(operand), name, span: span)
        case .method(let receiver, let method, let arguments):
            let receiverNode = compile(receiver)
            if method == .contains, case .set(let elements)? = receiverNode.constant,
                elements.count <= ContainsConstantNode.linearLimit
            {
                return ContainsConstantNode(Array(elements), compile(arguments[0]), span: span)
            }
            return MethodNode(method, receiverNode, arguments.first.map(compile), span: span)
        case .set(let elements):
            let nodes = elements.map(compile)
            let constants = nodes.compactMap(\.constant)
            if constants.count == nodes.count { return LiteralNode(.set(Set(constants)), span: span) }
            return SetNode(nodes, span: span)
        case .record(let entries):
            let nodes = entries.map { (key: $0.key, value: compile($0.value)) }
            if nodes.allSatisfy({ $0.value.constant != nil }) {
                var members = Record()
                for node in nodes { members[node.key] = node.value.constant! }
                return LiteralNode(.record(members), span: span)
            }
            return RecordNode(nodes, span: span)
        }
    }

    static func binary(_ op: BinaryOperator, _ left: any Node, _ right: any Node, span: SourceSpan) -> any Node {
        switch op {
        case .and: return AndNode(left, right, span: span)
        case .or: return OrNode(left, right, span: span)
        case .equal: return EqualNode(left, right, isNegated: false, span: span)
        case .notEqual: return EqualNode(left, right, isNegated: true, span: span)
        case .less, .lessEqual, .greater, .greaterEqual: return CompareNode(op, left, right, span: span)
        case .add, .subtract, .multiply: return ArithmeticNode(op, left, right, span: span)
        case .in: return InNode(left, right, span: span)
        }
    }
}
