/// String literal escapes, as Cedar reads them: `\n \r \t \\ \0 \' \"`, `\x` with two hex digits
/// (at most `7F`) and `\u{…}` with one to six hex digits naming a Unicode scalar. In a `like`
/// pattern `\*` also stands for a literal star, and a bare `*` is the wildcard.
extension Parser {
    func unescapeString(_ token: Token) throws(PolicyError) -> String {
        var result = String.UnicodeScalarView()
        try unescape(token, allowStar: false) { element throws(PolicyError) in
            if case .literal(let scalar) = element { result.append(scalar) }
        }
        return String(result)
    }

    func unescapePattern(_ token: Token) throws(PolicyError) -> Pattern {
        var elements: [Pattern.Element] = []
        try unescape(token, allowStar: true) { element throws(PolicyError) in elements.append(element) }
        return Pattern(elements: elements)
    }

    private func unescape(
        _ token: Token, allowStar: Bool, _ emit: (Pattern.Element) throws(PolicyError) -> Void
    ) throws(PolicyError) {
        var scalars = token.raw.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "*" && allowStar {
                try emit(.wildcard)
                continue
            }
            guard scalar == "\\" else {
                try emit(.literal(scalar))
                continue
            }
            guard let escape = scalars.next() else { throw invalidEscape(token, "a lone `\\` ends the string") }
            switch escape {
            case "n": try emit(.literal("\n"))
            case "r": try emit(.literal("\r"))
            case "t": try emit(.literal("\t"))
            case "0": try emit(.literal("\0"))
            case "\\", "\"", "'": try emit(.literal(escape))
            case "*" where allowStar: try emit(.literal("*"))
            case "x":
                // Explicit digit checks: `UInt8(_:radix:)` would also accept a sign (`\x+1`).
                guard let high = scalars.next(), let low = scalars.next(), high.properties.isASCIIHexDigit,
                    low.properties.isASCIIHexDigit, let value = UInt8(String(high) + String(low), radix: 16),
                    value <= 0x7F
                else { throw invalidEscape(token, "`\\x` needs two hex digits up to `7F`") }
                try emit(allowStar && value == 0x2A ? .wildcard : .literal(Unicode.Scalar(value)))
            case "u":
                guard scalars.next() == "{" else { throw invalidEscape(token, "`\\u` must be followed by `{`") }
                var hex = ""
                while let digit = scalars.next(), digit != "}" { hex.unicodeScalars.append(digit) }
                guard (1...6).contains(hex.count), hex.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit),
                    let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value)
                else { throw invalidEscape(token, "`\\u{\(hex)}` is not a Unicode scalar value") }
                // Cedar reads `\u{2A}` in a pattern as the wildcard; only `\*` is a literal star.
                try emit(allowStar && decoded == "*" ? .wildcard : .literal(decoded))
            default:
                throw invalidEscape(token, "`\\\(escape)` is not an escape Cedar defines")
            }
        }
    }

    private func invalidEscape(_ token: Token, _ message: String) -> PolicyError {
        PolicyError(.invalidEscape, message, at: token.span)
    }
}
