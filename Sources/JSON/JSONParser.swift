/// Limits and choices for ``JSONValue/parse(_:options:)``.
public struct JSONParseOptions: Sendable {
    /// What to do when an object names a member twice.
    public enum DuplicateKeys: Sendable {
        /// Fail with `json.duplicate_key`: I-JSON (RFC 7493 §2.3), so two readers can never see different values.
        case reject
        /// Keep the last value, as many RFC 8259 parsers do.
        case useLast
    }

    /// Maximum nesting of arrays and objects; the top-level container is depth 1.
    public var maxDepth: Int
    /// Maximum input length in bytes.
    public var maxBytes: Int
    /// Duplicate member policy.
    public var duplicateKeys: DuplicateKeys

    /// Makes options; the defaults suit untrusted request bodies.
    public init(maxDepth: Int = 128, maxBytes: Int = 8 << 20, duplicateKeys: DuplicateKeys = .reject) {
        precondition(maxDepth >= 1 && maxDepth <= 4096, "maxDepth must be in 1...4096 to bound stack use")
        precondition(maxBytes >= 0)
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.duplicateKeys = duplicateKeys
    }

    /// Untrusted input: depth 128, 8 MiB, duplicates rejected.
    public static let `default` = JSONParseOptions()
    /// RFC 8259 as written: duplicate names allowed (last wins), same limits.
    public static let rfc8259 = JSONParseOptions(duplicateKeys: .useLast)
}

extension JSONValue {
    /// Parses one JSON text (RFC 8259), strictly.
    ///
    /// Accepts exactly the RFC 8259 grammar over UTF-8: no comments, no trailing commas, no BOM, no
    /// leading `+` or zeros, no `NaN`. Strings must be well-formed UTF-8 and may not escape a lone
    /// surrogate (a Swift `String` cannot hold one, and silently replacing it would make two
    /// different texts read the same).
    /// - Parameters:
    ///   - bytes: the UTF-8 text.
    ///   - options: depth and size limits and the duplicate-member policy.
    /// - Returns: the value.
    /// - Throws: `JSONError` with `json.unexpected_end`, `json.unexpected_character`, `json.invalid_number`,
    ///   `json.number_out_of_range`, `json.invalid_string`, `json.invalid_escape`, `json.invalid_unicode`,
    ///   `json.too_deep`, `json.too_large`, `json.duplicate_key` or `json.trailing_content`.
    public static func parse(
        _ bytes: some Collection<UInt8>, options: JSONParseOptions = .default
    ) throws(JSONError) -> JSONValue {
        guard bytes.count <= options.maxBytes else {
            throw JSONError(.tooLarge, "input of \(bytes.count) bytes exceeds the limit of \(options.maxBytes) bytes")
        }
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try parseBuffer(buffer, options: options) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try parseBuffer(buffer, options: options) }
        }.get()
    }

    /// Parses one JSON text given as a string. See ``parse(_:options:)``.
    public static func parse(_ text: String, options: JSONParseOptions = .default) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONError) in
                guard buffer.count <= options.maxBytes else {
                    throw JSONError(
                        .tooLarge, "input of \(buffer.count) bytes exceeds the limit of \(options.maxBytes) bytes")
                }
                return try parseBuffer(buffer, options: options)
            }
        }.get()
    }

    private static func parseBuffer(
        _ buffer: UnsafeBufferPointer<UInt8>, options: JSONParseOptions
    ) throws(JSONError) -> JSONValue {
        var parser = JSONParser(input: buffer, options: options)
        return try parser.parseDocument()
    }
}

/// A recursive-descent reader over a UTF-8 buffer. Depth is bounded by the options, so recursion is too.
struct JSONParser {
    let input: UnsafeBufferPointer<UInt8>
    let options: JSONParseOptions
    var position = 0
    var depth = 0
    /// Scratch space for strings with escapes, reused to avoid an allocation per string.
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>, options: JSONParseOptions) {
        self.input = input
        self.options = options
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else {
            throw failure(.trailingContent, "unexpected \(describeByte(at: position)) after the top-level value")
        }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < input.count else { throw failure(.unexpectedEnd, "expected a value, found the end of input") }
        switch input[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure(.unexpectedCharacter, "expected a value, found \(describeByte(at: position))")
        }
    }

    mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard position < input.count else {
                throw failure(.unexpectedEnd, "expected a member name, found the end of input")
            }
            guard input[position] == UInt8(ascii: "\"") else {
                throw failure(
                    .unexpectedCharacter, "expected a member name in double quotes, found \(describeByte(at: position))"
                )
            }
            let keyStart = position
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected `:` after a member name")
            skipWhitespace()
            let value = try parseValue()
            if members.updateValue(value, forKey: key) != nil, options.duplicateKeys == .reject {
                throw JSONError(.duplicateKey, "member `\(key)` appears twice at byte \(keyStart)", offset: keyStart)
            }
            skipWhitespace()
            guard position < input.count else {
                throw failure(.unexpectedEnd, "expected `,` or `}`, found the end of input")
            }
            switch input[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(members)
            default:
                throw failure(
                    .unexpectedCharacter, "expected `,` or `}` in an object, found \(describeByte(at: position))")
            }
        }
    }

    mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard position < input.count else {
                throw failure(.unexpectedEnd, "expected `,` or `]`, found the end of input")
            }
            switch input[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw failure(
                    .unexpectedCharacter, "expected `,` or `]` in an array, found \(describeByte(at: position))")
            }
        }
    }

    mutating func enterContainer() throws(JSONError) {
        depth += 1
        guard depth <= options.maxDepth else {
            throw failure(.tooDeep, "nesting exceeds the limit of \(options.maxDepth) levels")
        }
    }

    // MARK: Literals and numbers

    mutating func expectLiteral(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            position + count <= input.count && (0..<count).allSatisfy { input[position + $0] == expected[$0] }
        }
        guard matches else { throw failure(.unexpectedCharacter, "expected `\(word)`") }
        position += count
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let start = position
        var isNegative = false
        if input[position] == UInt8(ascii: "-") {
            isNegative = true
            position += 1
        }
        guard position < input.count, isDigit(input[position]) else {
            throw failure(.invalidNumber, "expected a digit in a number")
        }
        let integerStart = position
        if input[position] == UInt8(ascii: "0") {
            position += 1
            if position < input.count, isDigit(input[position]) {
                throw failure(.invalidNumber, "a number may not have a leading zero")
            }
        } else {
            while position < input.count, isDigit(input[position]) { position += 1 }
        }
        let integerEnd = position
        var isIntegerLiteral = true
        if position < input.count, input[position] == UInt8(ascii: ".") {
            isIntegerLiteral = false
            position += 1
            guard position < input.count, isDigit(input[position]) else {
                throw failure(.invalidNumber, "expected a digit after the decimal point")
            }
            while position < input.count, isDigit(input[position]) { position += 1 }
        }
        if position < input.count, input[position] == UInt8(ascii: "e") || input[position] == UInt8(ascii: "E") {
            isIntegerLiteral = false
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < input.count, isDigit(input[position]) else {
                throw failure(.invalidNumber, "expected a digit in the exponent")
            }
            while position < input.count, isDigit(input[position]) { position += 1 }
        }
        if isIntegerLiteral, let exact = exactInteger(integerStart..<integerEnd, isNegative: isNegative) {
            return JSONNumber(exact)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite, let number = JSONNumber(value) else {
            throw JSONError(
                .numberOutOfRange, "number `\(text.prefix(40))` is beyond the range of a double", offset: start)
        }
        return number
    }

    /// The integer literal's value when it fits in `Int64`, without going through text.
    func exactInteger(_ digits: Range<Int>, isNegative: Bool) -> Int64? {
        guard digits.count <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for index in digits {
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(UInt64(input[index] &- UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            magnitude = sum
        }
        if isNegative {
            if magnitude == 0 { return nil }  // -0 stays a double so that its sign survives
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    // MARK: Helpers

    /// RFC 8259 §2: whitespace is space, tab, line feed and carriage return only.
    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func peek() -> UInt8? { position < input.count ? input[position] : nil }

    mutating func expect(_ byte: UInt8, _ message: String) throws(JSONError) {
        guard position < input.count else { throw failure(.unexpectedEnd, "\(message), found the end of input") }
        guard input[position] == byte else {
            throw failure(.unexpectedCharacter, "\(message), found \(describeByte(at: position))")
        }
        position += 1
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func describeByte(at index: Int) -> String {
        guard index < input.count else { return "the end of input" }
        let byte = input[index]
        if byte >= 0x21 && byte < 0x7F && byte != UInt8(ascii: "`") { return "`\(Character(Unicode.Scalar(byte)))`" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }

    func failure(_ code: JSONError.Code, _ message: String) -> JSONError {
        JSONError(code, "\(message) at byte \(position)", offset: position)
    }
}
