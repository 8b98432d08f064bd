/// Cedar's expression grammar, by precedence from loosest to tightest:
/// `if`, `||`, `&&`, relations (non-associative), `+ -`, `*`, unary `! -` (at most four), member access.
extension Parser {
    static let reservedWords: Set<String> = [
        "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar",
    ]
    static let maximumUnaryOperators = 4

    mutating func parseExpression() throws(PolicyError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw PolicyError(
                .nestingTooDeep, "expressions may nest at most \(Self.maximumDepth) levels", at: current.span)
        }
        let start = current.span
        if takeKeyword("if") {
            let condition = try parseExpression()
            try expectKeyword("then")
            let then = try parseExpression()
            try expectKeyword("else")
            let otherwise = try parseExpression()
            return Expression(kind: .ifThenElse(condition, then, otherwise), span: start.merged(with: previousSpan))
        }
        return try parseOr()
    }

    mutating func parseOr() throws(PolicyError) -> Expression {
        var left = try parseAnd()
        while take(.or) {
            let right = try parseAnd()
            left = Expression(kind: .binary(.or, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    mutating func parseAnd() throws(PolicyError) -> Expression {
        var left = try parseRelation()
        while take(.and) {
            let right = try parseRelation()
            left = Expression(kind: .binary(.and, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    mutating func parseRelation() throws(PolicyError) -> Expression {
        let left = try parseAdditive()
        let relation: Expression
        if let op = relationalOperator() {
            advance()
            let right = try parseAdditive()
            relation = Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
        } else if takeKeyword("has") {
            relation = try parseHas(left)
        } else if takeKeyword("like") {
            guard case .string = current.kind else { throw unexpected("a string pattern after `like`") }
            let pattern = try unescapePattern(current)
            advance()
            relation = Expression(kind: .like(left, pattern), span: left.span.merged(with: previousSpan))
        } else if takeKeyword("is") {
            let type = try parsePath("an entity type after `is`")
            var container: Expression? = nil
            if takeKeyword("in") { container = try parseAdditive() }
            relation = Expression(kind: .is(left, type, container), span: left.span.merged(with: previousSpan))
        } else {
            return left
        }
        // Cedar's relations do not associate: `a < b < c` and `a == b == c` are syntax errors.
        if relationalOperator() != nil || isKeyword("has") || isKeyword("like") || isKeyword("is") {
            throw PolicyError(
                .unexpectedToken,
                "expected `&&`, `||` or the end of the expression, found \(current.display) "
                    + "(comparisons cannot be chained; use `&&`)", at: current.span)
        }
        return relation
    }

    /// `e has a` or `e has "a b"`; `e has a.b.c` means `e has a && e.a has b && e.a.b has c`.
    mutating func parseHas(_ operand: Expression) throws(PolicyError) -> Expression {
        let name: String
        if case .string = current.kind {
            name = try unescapeString(current)
            advance()
            return Expression(kind: .has(operand, name), span: operand.span.merged(with: previousSpan))
        }
        name = try attributeName("an attribute name after `has`")
        var result = Expression(kind: .has(operand, name), span: operand.span.merged(with: previousSpan))
        var reached = Expression(kind: .attribute(operand, name), span: result.span)
        while take(.dot) {
            let next = try attributeName("an attribute name after `.`")
            let test = Expression(kind: .has(reached, next), span: operand.span.merged(with: previousSpan))
            result = Expression(kind: .binary(.and, result, test), span: test.span)
            reached = Expression(kind: .attribute(reached, next), span: test.span)
        }
        return result
    }

    /// An identifier used as an attribute name or record key: Cedar reserves its keywords there.
    mutating func attributeName(_ what: String) throws(PolicyError) -> String {
        let span = current.span
        let name = try identifier(what)
        guard !Self.reservedWords.contains(name) else {
            throw PolicyError(
                .unexpectedToken, "`\(name)` is reserved and cannot name an attribute; quote it as `[\"\(name)\"]`",
                at: span)
        }
        return name
    }

    func relationalOperator() -> BinaryOperator? {
        switch current.kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .identifier("in"): return .in
        default: return nil
        }
    }

    mutating func parseAdditive() throws(PolicyError) -> Expression {
        var left = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            let op: BinaryOperator = current.kind == .plus ? .add : .subtract
            advance()
            let right = try parseMultiplicative()
            left = Expression(kind: .binary(op, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    mutating func parseMultiplicative() throws(PolicyError) -> Expression {
        var left = try parseUnary()
        while take(.star) {
            let right = try parseUnary()
            left = Expression(kind: .binary(.multiply, left, right), span: left.span.merged(with: right.span))
        }
        return left
    }

    mutating func parseUnary() throws(PolicyError) -> Expression {
        var operators: [Token] = []
        while current.kind == .not || current.kind == .minus {
            // Cedar allows a run of one operator (`!!a`, `--1`), not a mix (`!-1`).
            if let first = operators.first, first.kind != current.kind {
                throw PolicyError(
                    .unexpectedToken, "`!` and `-` cannot be mixed in front of one operand; use parentheses",
                    at: current.span)
            }
            operators.append(current)
            advance()
        }
        if operators.count > Self.maximumUnaryOperators {
            throw PolicyError(
                .unexpectedToken, "at most \(Self.maximumUnaryOperators) unary `!` or `-` may precede an operand",
                at: operators[0].span)
        }
        var operand: Expression
        // `-9223372036854775808` is a literal, so a minus right before digits belongs to them.
        if let last = operators.last, last.kind == .minus, case .integer(let digits) = current.kind {
            operand = try parseMember(
                startingWith: integerLiteral(digits, negative: true, span: last.span.merged(with: current.span)))
            operators.removeLast()
        } else {
            operand = try parseMember(startingWith: try parsePrimary())
        }
        for token in operators.reversed() {
            let kind: Expression.Kind = token.kind == .not ? .not(operand) : .negate(operand)
            operand = Expression(kind: kind, span: token.span.merged(with: operand.span))
        }
        return operand
    }

    mutating func integerLiteral(_ digits: String, negative: Bool, span: SourceSpan) throws(PolicyError) -> Expression {
        advance()
        guard let magnitude = UInt64(digits), magnitude <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)) else {
            throw PolicyError(
                .integerOutOfRange, "integer literal `\(negative ? "-" : "")\(digits)` does not fit in a 64-bit Long",
                at: span)
        }
        let value = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
        return Expression(kind: .long(value), span: span)
    }

    mutating func parseMember(startingWith primary: Expression) throws(PolicyError) -> Expression {
        var expression = primary
        while true {
            if take(.dot) {
                let nameSpan = current.span
                let name = try identifier("an attribute or method name after `.`")
                if current.kind != .leftParen && Self.reservedWords.contains(name) {
                    throw PolicyError(
                        .unexpectedToken, "`\(name)` is reserved and cannot name an attribute; use `[\"\(name)\"]`",
                        at: nameSpan)
                }
                if take(.leftParen) {
                    guard let method = Method(rawValue: name) else {
                        throw PolicyError(.unknownFunction, "unknown method `\(name)`", at: nameSpan)
                    }
                    let arguments = try parseArguments(closing: .rightParen)
                    guard arguments.count == method.arity else {
                        throw PolicyError(
                            .unexpectedToken,
                            "`\(name)` takes \(method.arity) argument\(method.arity == 1 ? "" : "s"), "
                                + "found \(arguments.count)", at: nameSpan)
                    }
                    expression = Expression(
                        kind: .method(expression, method, arguments), span: expression.span.merged(with: previousSpan))
                } else {
                    expression = Expression(
                        kind: .attribute(expression, name), span: expression.span.merged(with: nameSpan))
                }
            } else if current.kind == .leftBracket {
                advance()
                guard case .string = current.kind else { throw unexpected("a quoted attribute name inside `[ ]`") }
                let name = try unescapeString(current)
                advance()
                try expect(.rightBracket, "`]` after the attribute name")
                expression = Expression(
                    kind: .attribute(expression, name), span: expression.span.merged(with: previousSpan))
            } else {
                return expression
            }
        }
    }

    mutating func parseArguments(closing: Token.Kind) throws(PolicyError) -> [Expression] {
        // Cedar's lists allow a trailing comma: `[1, 2,]`.
        var arguments: [Expression] = []
        while !take(closing) {
            arguments.append(try parseExpression())
            guard take(.comma) else {
                try expect(closing, "`,` or `\(Token.symbol(closing))`")
                break
            }
        }
        return arguments
    }

    mutating func parsePrimary() throws(PolicyError) -> Expression {
        let token = current
        switch token.kind {
        case .integer(let digits):
            return try integerLiteral(digits, negative: false, span: token.span)
        case .string:
            let value = try unescapeString(token)
            advance()
            return Expression(kind: .string(value), span: token.span)
        case .leftParen:
            advance()
            let inner = try parseExpression()
            try expect(.rightParen, "`)`")
            return Expression(kind: inner.kind, span: token.span.merged(with: previousSpan))
        case .leftBracket:
            advance()
            let elements = try parseArguments(closing: .rightBracket)
            return Expression(kind: .set(elements), span: token.span.merged(with: previousSpan))
        case .leftBrace:
            advance()
            return try parseRecord(from: token.span)
        case .identifier(let name):
            return try parseNamedPrimary(name, token: token)
        default:
            throw unexpected("an expression")
        }
    }

    mutating func parseNamedPrimary(_ name: String, token: Token) throws(PolicyError) -> Expression {
        switch name {
        case "true", "false":
            advance()
            return Expression(kind: .bool(name == "true"), span: token.span)
        case "principal", "action", "resource", "context":
            advance()
            return Expression(kind: .variable(Variable(rawValue: name)!), span: token.span)
        default:
            break
        }
        if Self.reservedWords.contains(name) { throw unexpected("an expression") }
        if tokens[index + 1].kind == .doubleColon {
            // Either an entity literal or a namespaced function call; look past the path.
            var lookahead = index + 1
            while tokens[lookahead].kind == .doubleColon, case .identifier = tokens[lookahead + 1].kind {
                lookahead += 2
            }
            if tokens[lookahead].kind == .doubleColon {
                let entity = try parseEntityLiteral()
                return Expression(kind: .entity(entity), span: token.span.merged(with: previousSpan))
            }
        }
        let path = try parsePath("an expression")
        if current.kind == .leftParen {
            throw PolicyError(.unknownFunction, "unknown function `\(path)`", at: token.span)
        }
        throw PolicyError(.unexpectedToken, "unknown variable `\(path)`", at: token.span)
    }

    mutating func parseRecord(from start: SourceSpan) throws(PolicyError) -> Expression {
        var entries: [RecordEntry] = []
        while !take(.rightBrace) {
            do {
                let keySpan = current.span
                let key: String
                switch current.kind {
                case .identifier: key = try attributeName("a record key")
                case .string:
                    key = try unescapeString(current)
                    advance()
                default: throw unexpected("a record key")
                }
                try expect(.colon, "`:` after the record key")
                let value = try parseExpression()
                if entries.contains(where: { exactlyEqual($0.key, key) }) {
                    throw PolicyError(.duplicateKey, "record key `\(key)` appears twice", at: keySpan)
                }
                entries.append(RecordEntry(key: key, value: value))
            }
            guard take(.comma) else {
                try expect(.rightBrace, "`,` or `}` in the record")
                break
            }
        }
        return Expression(kind: .record(entries), span: start.merged(with: previousSpan))
    }

    /// Rejects a tree deeper than `maximumDepth`, measured without recursion (long operator chains
    /// such as `1 + 1 + …` are built by loops, so the parser's own depth does not bound them).
    static func checkDepth(_ root: Expression) throws(PolicyError) {
        var stack: [(Expression, Int)] = [(root, 1)]
        while let (expression, level) = stack.popLast() {
            guard level <= maximumDepth else {
                throw PolicyError(
                    .nestingTooDeep, "expressions may nest at most \(maximumDepth) levels", at: expression.span)
            }
            for child in expression.children { stack.append((child, level + 1)) }
        }
    }
}

extension Expression {
    /// The direct subexpressions.
    var children: [Expression] {
        switch kind {
        case .bool, .long, .string, .entity, .variable: return []
        case .not(let operand), .negate(let operand), .has(let operand, _), .like(let operand, _),
            .attribute(let operand, _):
            return [operand]
        case .binary(_, let left, let right): return [left, right]
        case .ifThenElse(let condition, let then, let otherwise): return [condition, then, otherwise]
        case .is(let operand, _, let container): return [operand] + (container.map { [$0] } ?? [])
        case .method(let receiver, _, let arguments): return [receiver] + arguments
        case .set(let elements): return elements
        case .record(let entries): return entries.map(\.value)
        }
    }
}
