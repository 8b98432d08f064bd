/// Strings (RFC 8259 §7): escapes, surrogate pairs, and UTF-8 validation.
extension JSONParser {
    /// Reads a string starting at its opening quote.
    mutating func parseString() throws(JSONError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes, so the bytes are the string once validated as UTF-8; plain ASCII
        // (the common case) needs no validation at all.
        var seen: UInt8 = 0
        while position < input.count {
            let byte = input[position]
            seen |= byte
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: input[start..<position])
                if seen < 0x80 {
                    position += 1
                    return String(decoding: raw, as: UTF8.self)
                }
                guard let string = String(validating: raw, as: UTF8.self) else {
                    throw JSONError(
                        .invalidUnicode, "string at byte \(start - 1) is not well-formed UTF-8", offset: start - 1)
                }
                position += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw failure(
                    .invalidString, "control character \(describeByte(at: position)) must be escaped in a string")
            }
            position += 1
        }
        guard position < input.count else {
            throw failure(.unexpectedEnd, "unterminated string starting at byte \(start - 1)")
        }
        return try parseEscapedString(from: start)
    }

    /// Slow path for strings with escapes: decode into the scratch buffer, then validate once.
    mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<position]))
        while position < input.count {
            let byte = input[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let string = String(validating: scratch, as: UTF8.self) else {
                    throw JSONError(
                        .invalidUnicode, "string at byte \(start - 1) is not well-formed UTF-8", offset: start - 1)
                }
                return string
            case UInt8(ascii: "\\"):
                position += 1
                try appendEscape()
            case 0..<0x20:
                throw failure(
                    .invalidString, "control character \(describeByte(at: position)) must be escaped in a string")
            default:
                scratch.append(byte)
                position += 1
            }
        }
        throw failure(.unexpectedEnd, "unterminated string starting at byte \(start - 1)")
    }

    mutating func appendEscape() throws(JSONError) {
        guard position < input.count else { throw failure(.unexpectedEnd, "unterminated escape sequence") }
        let byte = input[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHexQuad()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by an escaped low surrogate (RFC 8259 §7).
                guard position + 1 < input.count, input[position] == UInt8(ascii: "\\"),
                    input[position + 1] == UInt8(ascii: "u")
                else { throw failure(.invalidUnicode, "escaped high surrogate is not followed by a low surrogate") }
                position += 2
                let low = try readHexQuad()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw failure(.invalidUnicode, "escaped high surrogate is not followed by a low surrogate")
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw failure(.invalidUnicode, "escaped low surrogate without a high surrogate")
            }
            // The surrogate checks above guarantee a valid scalar.
            scratch.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalarValue)!)!)
        default:
            position -= 1
            throw failure(.invalidEscape, "`\\\(describeByte(at: position))` is not a JSON escape")
        }
    }

    mutating func readHexQuad() throws(JSONError) -> UInt16 {
        guard position + 4 <= input.count else { throw failure(.unexpectedEnd, "expected four hex digits after `\\u`") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = input[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidEscape, "expected four hex digits after `\\u`")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }
}
