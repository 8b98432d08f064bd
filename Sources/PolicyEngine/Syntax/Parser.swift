/// Parses policy text into ``Policy`` values (Cedar's grammar, for the supported subset).
///
/// Policies get their ids later, in ``PolicySet``: `@id` if present, else `source:index`.
struct Parser {
    var tokens: [Token]
    var index = 0
    let source: String
    /// How deeply `parseExpression` has recursed.
    var depth = 0
    /// Expressions may nest this deep (parentheses, operands of operators, members): far beyond any
    /// real policy, and well within the stack of every thread that evaluates them.
    static let maximumDepth = 200

    init(tokens: [Token], source: String) {
        self.tokens = tokens
        self.source = source
    }

    /// Parses every policy in `text`.
    /// - Throws: `PolicyError` with the first problem's code and `file:line:column`.
    static func parsePolicies(_ text: String, source: String) throws(PolicyError) -> [Policy] {
        var parser = Parser(tokens: try Lexer.tokenize(text, source: source), source: source)
        var policies: [Policy] = []
        while parser.current.kind != .end {
            var policy = try parser.parsePolicy()
            policy.id = PolicyID("\(source):\(policies.count)")
            policies.append(policy)
        }
        return policies
    }

    /// Parses one expression (as in a `when` clause), for workflow conditions and tests.
    static func parseExpression(_ text: String, source: String) throws(PolicyError) -> Expression {
        var parser = Parser(tokens: try Lexer.tokenize(text, source: source), source: source)
        let expression = try parser.parseExpression()
        guard parser.current.kind == .end else { throw parser.unexpected("the end of the expression") }
        try checkDepth(expression)
        return expression
    }

    var current: Token { tokens[index] }
    var previousSpan: SourceSpan { tokens[max(0, index - 1)].span }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name) = current.kind { return name == word }
        return false
    }

    mutating func take(_ kind: Token.Kind) -> Bool {
        guard current.kind == kind else { return false }
        advance()
        return true
    }

    mutating func takeKeyword(_ word: String) -> Bool {
        guard isKeyword(word) else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(PolicyError) {
        guard take(kind) else { throw unexpected(what) }
    }

    mutating func expectKeyword(_ word: String) throws(PolicyError) {
        guard takeKeyword(word) else { throw unexpected("`\(word)`") }
    }

    func unexpected(_ expected: String) -> PolicyError {
        PolicyError(.unexpectedToken, "expected \(expected), found \(current.display)", at: current.span)
    }

    mutating func identifier(_ what: String) throws(PolicyError) -> String {
        guard case .identifier(let name) = current.kind else { throw unexpected(what) }
        if name == "__cedar" {
            throw PolicyError(.unexpectedToken, "the name `__cedar` is reserved", at: current.span)
        }
        advance()
        return name
    }

    // MARK: Policies

    mutating func parsePolicy() throws(PolicyError) -> Policy {
        let start = current.span
        var annotations: [Annotation] = []
        while current.kind == .at {
            let annotationStart = current.span
            advance()
            let name = try identifier("an annotation name after `@`")
            var value: String? = nil
            if take(.leftParen) {
                guard case .string = current.kind else { throw unexpected("a string as the annotation's value") }
                value = try unescapeString(current)
                advance()
                try expect(.rightParen, "`)` after the annotation's value")
            }
            if annotations.contains(where: { $0.name == name }) {
                throw PolicyError(.duplicateAnnotation, "annotation `@\(name)` appears twice", at: annotationStart)
            }
            annotations.append(Annotation(name: name, value: value, span: annotationStart.merged(with: previousSpan)))
        }
        let effect: Effect
        if takeKeyword("permit") {
            effect = .permit
        } else if takeKeyword("forbid") {
            effect = .forbid
        } else {
            throw unexpected(annotations.isEmpty ? "`permit` or `forbid`" : "`permit`, `forbid` or another annotation")
        }
        try expect(.leftParen, "`(` before the policy's scope")
        let principal = try parseScope(.principal)
        try expect(.comma, "`,` after the principal")
        let action = try parseActionScope()
        try expect(.comma, "`,` after the action")
        let resource = try parseScope(.resource)
        _ = take(.comma)  // Cedar accepts `resource,)`
        try expect(.rightParen, "`)` after the resource")
        var conditions: [Condition] = []
        while isKeyword("when") || isKeyword("unless") {
            let conditionStart = current.span
            let kind: Condition.Kind = isKeyword("when") ? .when : .unless
            advance()
            try expect(.leftBrace, "`{` after `\(kind.rawValue)`")
            let body = try parseExpression()
            try Parser.checkDepth(body)
            try expect(.rightBrace, "`}` to close the `\(kind.rawValue)` clause")
            conditions.append(Condition(kind: kind, body: body, span: conditionStart.merged(with: previousSpan)))
        }
        try expect(
            .semicolon, conditions.isEmpty ? "`when`, `unless` or `;`" : "`when`, `unless` or `;` after the condition")
        return Policy(
            id: PolicyID(""), effect: effect, annotations: annotations, principal: principal, action: action,
            resource: resource, conditions: conditions, span: start.merged(with: previousSpan))
    }

    mutating func parseScope(_ variable: Variable) throws(PolicyError) -> ScopeConstraint {
        try expectKeyword(variable.rawValue)
        if take(.equal) { return .equals(try parseScopeEntity(variable)) }
        if takeKeyword("is") {
            let type = try parsePath("an entity type after `is`")
            if takeKeyword("in") { return .isIn(type, try parseScopeEntity(variable)) }
            return .is(type)
        }
        if takeKeyword("in") {
            if current.kind == .leftBracket {
                throw PolicyError(
                    .invalidScope, "`\(variable.rawValue) in [ … ]` is not allowed: only `action` may be in a set",
                    at: current.span)
            }
            return .in(try parseScopeEntity(variable))
        }
        return .any
    }

    mutating func parseActionScope() throws(PolicyError) -> ActionConstraint {
        try expectKeyword("action")
        if take(.equal) { return .equals(try parseScopeEntity(.action)) }
        if isKeyword("is") {
            throw PolicyError(.invalidScope, "`action is …` is not allowed in a scope", at: current.span)
        }
        if takeKeyword("in") {
            if take(.leftBracket) {
                var actions: [EntityUID] = []
                while !take(.rightBracket) {
                    actions.append(try parseScopeEntity(.action))
                    guard take(.comma) else {
                        try expect(.rightBracket, "`,` or `]` in the list of actions")
                        break
                    }
                }
                return .inSet(actions)
            }
            return .in(try parseScopeEntity(.action))
        }
        return .any
    }

    mutating func parseScopeEntity(_ variable: Variable) throws(PolicyError) -> EntityUID {
        guard case .identifier = current.kind else {
            throw unexpected("an entity such as `Type::\"id\"` for `\(variable.rawValue)`")
        }
        let span = current.span
        let uid = try parseEntityLiteral()
        // Actions are entities of type `Action` (or `Namespace::Action`).
        if variable == .action && uid.type != "Action" && !uid.type.hasSuffix("::Action") {
            throw PolicyError(.invalidScope, "expected an action such as `Action::\"id\"`, found `\(uid)`", at: span)
        }
        return uid
    }

    /// `Name::Name::…` (an entity type).
    mutating func parsePath(_ what: String) throws(PolicyError) -> String {
        var path = try identifier(what)
        while current.kind == .doubleColon {
            guard case .identifier(let next) = tokens[index + 1].kind else { break }
            advance()
            advance()
            path += "::" + next
        }
        return path
    }

    /// `Name::…::"id"`.
    mutating func parseEntityLiteral() throws(PolicyError) -> EntityUID {
        var path = try identifier("an entity type")
        while take(.doubleColon) {
            switch current.kind {
            case .identifier(let next):
                path += "::" + next
                advance()
            case .string:
                let id = try unescapeString(current)
                advance()
                return EntityUID(type: path, id: id)
            default:
                throw unexpected("a type name or a quoted id after `::`")
            }
        }
        throw unexpected("`::` and a quoted id after `\(path)`")
    }
}
