/// How ``JSONValue/encoded(_:)`` lays out its output. Every format writes object members sorted
/// by their UTF-16 code units and escapes strings as RFC 8785 does, so output is deterministic.
public enum JSONFormat: Sendable {
    /// RFC 8785 (JCS): no whitespace, numbers as ECMAScript doubles. Use for everything hashed or signed.
    case canonical
    /// No whitespace; integers beyond 2^53 keep every digit instead of rounding to a double.
    case compact
    /// Two-space indentation and a space after `:`, for people.
    case pretty
}

extension JSONValue {
    /// The value's UTF-8 text in the given format.
    /// - Parameter format: `.canonical` (RFC 8785), `.compact` or `.pretty`.
    /// - Returns: the encoded bytes; never fails, since a `JSONValue` holds only finite numbers and valid strings.
    public func encoded(_ format: JSONFormat = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendEncoded(to: &out, format: format)
        return out
    }

    /// The value's text in the given format. See ``encoded(_:)``.
    public func encodedString(_ format: JSONFormat = .compact) -> String {
        String(decoding: encoded(format), as: UTF8.self)
    }

    /// The RFC 8785 canonical form: the bytes the product hashes and signs.
    public var canonicalBytes: [UInt8] { encoded(.canonical) }

    /// Appends the value's text to `out`, for writers that assemble larger documents.
    public func appendEncoded(to out: inout [UInt8], format: JSONFormat = .compact) {
        var encoder = JSONEncoder(format: format)
        swap(&encoder.out, &out)
        encoder.write(self, indent: 0)
        swap(&encoder.out, &out)
    }
}

/// Writes values into a byte buffer.
struct JSONEncoder {
    let format: JSONFormat
    var out: [UInt8] = []

    init(format: JSONFormat) { self.format = format }

    mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): writeNumber(number)
        case .string(let string): JSONEncoder.appendQuoted(string, to: &out)
        case .array(let elements): writeArray(elements, indent: indent)
        case .object(let members): writeObject(members, indent: indent)
        }
    }

    mutating func writeNumber(_ number: JSONNumber) {
        switch (number.storage, format) {
        case (.integer(let value), .compact), (.integer(let value), .pretty):
            out.append(contentsOf: String(value).utf8)
        case (.integer(let value), .canonical):
            ECMAScriptNumber.append(Double(value), to: &out)  // RFC 8785: every number is a double
        case (.double(let value), _):
            ECMAScriptNumber.append(value, to: &out)
        }
    }

    mutating func writeArray(_ elements: [JSONValue], indent: Int) {
        out.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            write(element, indent: indent + 1)
        }
        if !elements.isEmpty { newline(indent) }
        out.append(UInt8(ascii: "]"))
    }

    mutating func writeObject(_ members: [String: JSONValue], indent: Int) {
        out.append(UInt8(ascii: "{"))
        // RFC 8785 §3.2.3: sort by UTF-16 code units, not code points or locale.
        let keys = members.keys.sorted(by: JSONEncoder.precedesInUTF16)
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            JSONEncoder.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if format == .pretty { out.append(UInt8(ascii: " ")) }
            write(members[key]!, indent: indent + 1)
        }
        if !keys.isEmpty { newline(indent) }
        out.append(UInt8(ascii: "}"))
    }

    mutating func newline(_ indent: Int) {
        guard format == .pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// UTF-16 code unit order (RFC 8785 §3.2.3), decided at the first differing scalar.
    static func precedesInUTF16(_ a: String, _ b: String) -> Bool {
        var left = a.unicodeScalars.makeIterator()
        var right = b.unicodeScalars.makeIterator()
        while true {
            guard let x = left.next() else { return right.next() != nil }
            guard let y = right.next() else { return false }
            if x != y { return utf16Rank(x) < utf16Rank(y) }
        }
    }

    /// A number that orders scalars as their UTF-16 encodings do: supplementary scalars (encoded
    /// from U+D800) sort after U+D7FF and before U+E000…U+FFFF.
    static func utf16Rank(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if value < 0xD800 { return value }
        if value >= 0x10000 { return 0xD800 + (value - 0x10000) }
        return value + 0x10_0000
    }

    /// RFC 8785 §3.2.2.2: escape `"` and `\`, use the short escapes for \b \t \n \f \r, `\u00xx`
    /// (lower-case hex) for the other controls, and leave every other character as UTF-8.
    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
