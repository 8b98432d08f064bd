/// Splits policy text into tokens, tracking line and column for every token.
struct Lexer {
    private let bytes: [UInt8]
    private let source: String
    private var offset = 0
    private var line = 1
    private var column = 1

    init(text: String, source: String) {
        self.bytes = Array(text.utf8)
        self.source = source
    }

    /// Every token of the text, ending with `.end`.
    /// - Throws: `policy.invalid_character` or `policy.unterminated_string`.
    static func tokenize(_ text: String, source: String) throws(PolicyError) -> [Token] {
        var lexer = Lexer(text: text, source: source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column, offset: offset) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    private mutating func advance() {
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1  // count scalars, not continuation bytes
        }
    }

    private mutating func skipTrivia() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                advance()
            } else if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(PolicyError) -> Token {
        skipTrivia()
        let start = position
        guard let byte = peek() else { return Token(kind: .end, span: span(from: start)) }
        if isIdentifierStart(byte) {
            while let next = peek(), isIdentifierContinue(next) { advance() }
            let name = String(decoding: bytes[start.offset..<offset], as: UTF8.self)
            return Token(kind: .identifier(name), span: span(from: start))
        }
        if isDigit(byte) {
            while let next = peek(), isDigit(next) { advance() }
            let digits = String(decoding: bytes[start.offset..<offset], as: UTF8.self)
            return Token(kind: .integer(digits), span: span(from: start))
        }
        if byte == UInt8(ascii: "\"") { return try string(from: start) }
        advance()
        let kind: Token.Kind
        switch byte {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "."): kind = .dot
        case UInt8(ascii: "@"): kind = .at
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: ":"): kind = take(UInt8(ascii: ":")) ? .doubleColon : .colon
        case UInt8(ascii: "<"): kind = take(UInt8(ascii: "=")) ? .lessEqual : .less
        case UInt8(ascii: ">"): kind = take(UInt8(ascii: "=")) ? .greaterEqual : .greater
        case UInt8(ascii: "!"): kind = take(UInt8(ascii: "=")) ? .notEqual : .not
        case UInt8(ascii: "=") where take(UInt8(ascii: "=")): kind = .equal
        case UInt8(ascii: "&") where take(UInt8(ascii: "&")): kind = .and
        case UInt8(ascii: "|") where take(UInt8(ascii: "|")): kind = .or
        default:
            throw PolicyError(.invalidCharacter, "unexpected character \(describe(byte))", at: span(from: start))
        }
        return Token(kind: kind, span: span(from: start))
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        advance()
        return true
    }

    /// A string literal; escapes are kept raw here and decoded by the parser, which knows
    /// whether the string is a `like` pattern (where `\*` is allowed).
    private mutating func string(from start: SourcePosition) throws(PolicyError) -> Token {
        advance()  // opening quote
        let contentStart = offset
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                let raw = String(decoding: bytes[contentStart..<offset], as: UTF8.self)
                advance()
                return Token(kind: .string(raw), span: span(from: start), raw: Substring(raw))
            }
            if byte == UInt8(ascii: "\\") {
                advance()
                guard peek() != nil else { break }
            }
            advance()
        }
        throw PolicyError(.unterminatedString, "string starting here has no closing `\"`", at: span(from: start))
    }

    private func span(from start: SourcePosition) -> SourceSpan {
        SourceSpan(source: source, start: start, end: position)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F && byte != UInt8(ascii: "`") { return "`\(Character(Unicode.Scalar(byte)))`" }
        let end = min(bytes.count, offset + 4)
        if byte >= 0x80, let text = String(validating: bytes[(offset - 1)..<end], as: UTF8.self)?.first {
            return "`\(text)`"
        }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private func isIdentifierContinue(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
