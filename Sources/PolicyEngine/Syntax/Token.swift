/// A lexical token of the policy language.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier(String)
        case string(String)
        /// The digits of an integer literal; its range is checked by the parser, which knows about unary minus.
        case integer(String)
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case comma, semicolon, colon, doubleColon, dot, at
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        case and, or, not, plus, minus, star
        case end
    }

    var kind: Kind
    var span: SourceSpan
    /// For strings: the raw text between the quotes, escapes unprocessed, for `like` patterns.
    var raw: Substring = ""

    /// How the token reads in a message: `` `when` ``, `` `==` ``, `the end of input`.
    var display: String {
        switch kind {
        case .identifier(let name): return "`\(name)`"
        case .string: return "a string"
        case .integer(let digits): return "`\(digits)`"
        case .end: return "the end of input"
        default: return "`\(Token.symbol(kind))`"
        }
    }

    static func symbol(_ kind: Kind) -> String {
        switch kind {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .comma: return ","
        case .semicolon: return ";"
        case .colon: return ":"
        case .doubleColon: return "::"
        case .dot: return "."
        case .at: return "@"
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .and: return "&&"
        case .or: return "||"
        case .not: return "!"
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .identifier(let name): return name
        case .string: return "\""
        case .integer(let digits): return digits
        case .end: return ""
        }
    }
}
