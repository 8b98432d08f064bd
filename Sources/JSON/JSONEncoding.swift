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
            JSONEncoder.appendInteger(value, to: &out)
        case (.integer(let value), .canonical):
            // RFC 8785: every number is a double; below 2^53 the digits are the same.
            if value.magnitude < 1 << 53 {
                JSONEncoder.appendInteger(value, to: &out)
            } else {
                ECMAScriptNumber.append(Double(value), to: &out)
            }
        case (.double(let value), _):
            ECMAScriptNumber.append(value, to: &out)
        }
    }

    /// Decimal digits of an integer, written straight into the buffer.
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index...]))
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
        let sorted = members.sorted { JSONEncoder.precedesInUTF16($0.key, $1.key) }
        for (index, member) in sorted.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            JSONEncoder.appendQuoted(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            if format == .pretty { out.append(UInt8(ascii: " ")) }
            write(member.value, indent: indent + 1)
        }
        if !sorted.isEmpty { newline(indent) }
        out.append(UInt8(ascii: "}"))
    }

    mutating func newline(_ indent: Int) {
        guard format == .pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// UTF-16 code unit order (RFC 8785 §3.2.3). UTF-8 bytes order like code points, which order
    /// like UTF-16 except where a scalar at or above U+E000 meets a supplementary one (lead bytes
    /// 0xEE and up), so bytes decide unless both differing bytes are that high.
    static func precedesInUTF16(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            guard let x = left.next() else { return right.next() != nil }
            guard let y = right.next() else { return false }
            if x == y { continue }
            if x < 0xEE || y < 0xEE { return x < y }
            return precedesInUTF16Scalars(a, b)
        }
    }

    /// The exact rule, scalar by scalar, for the rare keys the byte comparison cannot decide.
    static func precedesInUTF16Scalars(_ a: String, _ b: String) -> Bool {
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
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(byte, to: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789abcdef"
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hex.utf8Start[Int(byte >> 4)])
            out.append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }
}
