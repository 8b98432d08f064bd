/// Byte classes and small checks of the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 9112, RFC 3986),
/// over raw bytes, shared by the request parser and the response serializer.
enum HTTPSyntax {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")

    /// The longest excerpt of input an error message quotes, in bytes.
    static let excerptLimit = 32

    // A set of ASCII bytes as a 128-bit mask: bit `b` of (low, high) is set when byte `b` is in it.
    @inline(__always)
    private static func mask(_ low: UInt64, _ high: UInt64, contains byte: UInt8) -> Bool {
        let word = byte & 64 == 0 ? low : high
        return byte < 128 && (word >> UInt64(byte & 63)) & 1 != 0
    }

    /// RFC 9110 §5.6.2 — tchar: ALPHA / DIGIT / "!#$%&'*+-.^_`|~".
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        mask(0x03ff_6cfa_0000_0000, 0x57ff_ffff_c7ff_fffe, contains: byte)
    }

    /// RFC 3986 — the characters of a request-target: unreserved, sub-delims, ":/?@[]" and "%"
    /// (a fragment's "#" is not part of a request-target, RFC 9112 §3.2).
    @inline(__always)
    static func isTargetByte(_ byte: UInt8) -> Bool {
        mask(0xafff_fff2_0000_0000, 0x47ff_fffe_afff_ffff, contains: byte)
    }

    /// RFC 3986 §3.2.2 — reg-name characters other than pct-encoded: unreserved / sub-delims.
    @inline(__always)
    static func isRegNameByte(_ byte: UInt8) -> Bool {
        mask(0x2bff_7fd2_0000_0000, 0x47ff_fffe_87ff_fffe, contains: byte)
    }

    /// RFC 3986 §3.2.2 — the characters inside an IP-literal's brackets: unreserved / sub-delims / ":".
    @inline(__always)
    static func isIPLiteralByte(_ byte: UInt8) -> Bool {
        mask(0x2fff_7fd2_0000_0000, 0x47ff_fffe_87ff_fffe, contains: byte)
    }

    /// RFC 3986 §3.1 — scheme characters after the first: ALPHA / DIGIT / "+" / "-" / ".".
    @inline(__always)
    static func isSchemeByte(_ byte: UInt8) -> Bool {
        mask(0x03ff_6800_0000_0000, 0x07ff_fffe_07ff_fffe, contains: byte)
    }

    @inline(__always)
    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    /// RFC 9110 §5.5 — a byte allowed inside a field value: field-vchar (VCHAR / obs-text), SP or HTAB.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool { (byte >= 0x20 && byte != 0x7f) || byte == tab }

    /// Whether `bytes[range]` equals the lower-case ASCII `name`, ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: StaticString)
        -> Bool
    {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        var index = 0
        for position in range {
            let byte = bytes[position]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != expected[index] { return false }
            index += 1
        }
        return true
    }

    /// Bytes already known to be ASCII (tokens, request targets) as a string.
    @inline(__always)
    static func makeASCIIString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `range` without leading and trailing SP and HTAB (OWS, RFC 9110 §5.6.3).
    @inline(__always)
    static func trimmingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// The bytes as a string: ASCII as such; with any byte 0x80–0xFF (obs-text), each byte becomes the
    /// code point of the same value (ISO-8859-1, RFC 9110 §5.5), so no octet is lost.
    static func makeString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        var high: UInt64 = 0
        var index = 0
        if let base = slice.baseAddress {
            while index + 8 <= slice.count {
                high |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                index += 8
            }
        }
        while index < slice.count {
            high |= UInt64(slice[index])
            index += 1
        }
        if high & 0x8080_8080_8080_8080 == 0 { return String(decoding: slice, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in slice { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// At most ``excerptLimit`` bytes of input for an error message, in backticks, with anything but
    /// printable ASCII escaped as `\xHH`, and `…` when cut short.
    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "`")]
        let end = min(range.upperBound, range.lowerBound + excerptLimit)
        for position in range.lowerBound..<end {
            let byte = bytes[position]
            if byte >= 0x20 && byte < 0x7f && byte != UInt8(ascii: "`") && byte != UInt8(ascii: "\\") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
            }
        }
        if end < range.upperBound { out += Array("…".utf8) }
        out.append(UInt8(ascii: "`"))
        return String(decoding: out, as: UTF8.self)
    }

    /// An excerpt of one byte, for messages about a single bad byte.
    static func excerpt(byte: UInt8) -> String {
        [byte].withUnsafeBufferPointer { excerpt($0, 0..<1) }
    }

    /// RFC 9110 §7.2, RFC 3986 §3.2.2–3.2.3 — whether `bytes[range]` is `uri-host [ ":" port ]` with a
    /// non-empty host; with `requiresPort`, the port must be present (authority-form, RFC 9112 §3.2.3).
    static func isValidAuthority(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, requiresPort: Bool) -> Bool {
        var index = range.lowerBound
        let end = range.upperBound
        guard index < end else { return false }
        if bytes[index] == UInt8(ascii: "[") {
            // IP-literal = "[" ( IPv6address / IPvFuture ) "]"
            index += 1
            let start = index
            while index < end && bytes[index] != UInt8(ascii: "]") {
                guard isIPLiteralByte(bytes[index]) else { return false }
                index += 1
            }
            guard index < end, index > start else { return false }
            index += 1
        } else {
            // reg-name = *( unreserved / pct-encoded / sub-delims ), which also covers IPv4address
            let start = index
            while index < end && bytes[index] != colon {
                if bytes[index] == UInt8(ascii: "%") {
                    guard index + 2 < end, hexValue(bytes[index + 1]) != nil, hexValue(bytes[index + 2]) != nil else {
                        return false
                    }
                    index += 3
                    continue
                }
                guard isRegNameByte(bytes[index]) else { return false }
                index += 1
            }
            guard index > start else { return false }
        }
        if index == end { return !requiresPort }
        guard bytes[index] == colon else { return false }
        index += 1
        // port = *DIGIT
        let portStart = index
        while index < end {
            guard isDigit(bytes[index]) else { return false }
            index += 1
        }
        return !requiresPort || index > portStart
    }
}
