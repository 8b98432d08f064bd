/// Base64 (RFC 4648 §4): the standard alphabet, padded with `=`, decoded strictly.
///
/// Decoding accepts only the canonical encoding: the standard alphabet, a length that is a multiple
/// of four, `=` only as the final one or two characters, no whitespace or line breaks, and zero
/// unused bits in the last character (RFC 4648 §3.5). So every byte string has exactly one
/// accepted encoding, which matters wherever encoded values are compared or signed.
public enum Base64 {
    /// Encodes bytes as padded base64 (RFC 4648 §4).
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The encoding, such as `Zm9vYg==` for the bytes of `foob`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        withContiguousBytes(of: bytes) { encode($0, alphabet: standardAlphabet, isPadded: true) }
    }

    /// Decodes padded base64 (RFC 4648 §4), accepting only the canonical encoding.
    ///
    /// - Parameter text: The encoding.
    /// - Returns: The decoded bytes.
    /// - Throws: `cryptography.invalid_base64` for a length that is not a multiple of four, a
    ///   character outside the standard alphabet (including whitespace and misplaced `=`), or
    ///   non-zero unused bits; the message gives the offset but never the text.
    public static func decode(_ text: String) throws(CryptographyError) -> [UInt8] {
        try withUTF8Bytes(of: text) { utf8 in
            standardDecodeTable.withUnsafeBufferPointer { table in
                decode(utf8, table: table, isPadded: true, name: "base64")
            }
        }.get()
    }

    // RFC 4648 Table 1.
    private static let standardAlphabet: StaticString =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    private static let standardDecodeTable = makeDecodeTable(standardAlphabet)

    /// The marker for a byte outside the alphabet: any value with either of the top two bits set.
    private static let invalid: UInt8 = 0xff

    /// Maps each byte to its 6-bit value in `alphabet`, or to ``invalid``.
    static func makeDecodeTable(_ alphabet: StaticString) -> [UInt8] {
        var table = [UInt8](repeating: invalid, count: 256)
        for value in 0..<64 {
            table[Int(alphabet[value])] = UInt8(value)
        }
        return table
    }

    /// Encodes with a 64-character alphabet, padding the last group with `=` if asked to.
    static func encode(_ input: UnsafeRawBufferPointer, alphabet: StaticString, isPadded: Bool) -> String {
        let wholeGroups = input.count / 3
        let remainder = input.count % 3
        let tailLength = remainder == 0 ? 0 : (isPadded ? 4 : remainder + 1)
        return String(unsafeUninitializedCapacity: wholeGroups * 4 + tailLength) { output in
            var read = 0
            var written = 0
            for _ in 0..<wholeGroups {
                let group = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8 | UInt32(input[read + 2])
                output[written] = alphabet[Int(group >> 18)]
                output[written + 1] = alphabet[Int(group >> 12 & 0x3f)]
                output[written + 2] = alphabet[Int(group >> 6 & 0x3f)]
                output[written + 3] = alphabet[Int(group & 0x3f)]
                read += 3
                written += 4
            }
            guard remainder > 0 else { return written }
            let second = remainder == 2 ? UInt32(input[read + 1]) : 0
            let group = UInt32(input[read]) << 16 | second << 8
            output[written] = alphabet[Int(group >> 18)]
            output[written + 1] = alphabet[Int(group >> 12 & 0x3f)]
            written += 2
            if remainder == 2 {
                output[written] = alphabet[Int(group >> 6 & 0x3f)]
                written += 1
            }
            if isPadded {
                while written % 4 != 0 {
                    output[written] = UInt8(ascii: "=")
                    written += 1
                }
            }
            return written
        }
    }

    /// Decodes canonical base64 text with the given decode table, padded or not.
    static func decode(
        _ text: UnsafeBufferPointer<UInt8>,
        table: UnsafeBufferPointer<UInt8>,
        isPadded: Bool,
        name: String
    ) -> Result<[UInt8], CryptographyError> {
        var characterCount = text.count
        if isPadded {
            guard text.count % 4 == 0 else {
                return .failure(
                    CryptographyError(.invalidBase64, "\(name) length \(text.count) is not a multiple of 4"))
            }
            // Up to two trailing `=`; any other `=` falls out below as a character outside the alphabet.
            if characterCount > 0, text[characterCount - 1] == UInt8(ascii: "=") { characterCount -= 1 }
            if characterCount > 0, text[characterCount - 1] == UInt8(ascii: "=") { characterCount -= 1 }
        } else if text.count % 4 == 1 {
            // RFC 4648 §5 unpadded: one character alone carries only 6 bits, never a whole byte.
            return .failure(CryptographyError(.invalidBase64, "\(name) length \(text.count) leaves a lone character"))
        }
        let wholeGroups = characterCount / 4
        let tail = characterCount % 4  // 0, 2 or 3; never 1 (checked above, or by the padding)
        let byteCount = wholeGroups * 3 + (tail == 0 ? 0 : tail - 1)

        var failure: CryptographyError?
        let bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { output, initialized in
            var read = 0
            for _ in 0..<wholeGroups {
                let a = table[Int(text[read])], b = table[Int(text[read + 1])]
                let c = table[Int(text[read + 2])], d = table[Int(text[read + 3])]
                guard (a | b | c | d) & 0xc0 == 0 else {
                    failure = badCharacter(in: text, from: read, table: table, name: name)
                    return
                }
                let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[initialized] = UInt8(truncatingIfNeeded: group >> 16)
                output[initialized + 1] = UInt8(truncatingIfNeeded: group >> 8)
                output[initialized + 2] = UInt8(truncatingIfNeeded: group)
                initialized += 3
                read += 4
            }
            guard tail > 0 else { return }
            let a = table[Int(text[read])], b = table[Int(text[read + 1])]
            let c = tail == 3 ? table[Int(text[read + 2])] : 0
            guard (a | b | c) & 0xc0 == 0 else {
                failure = badCharacter(in: text, from: read, table: table, name: name)
                return
            }
            // RFC 4648 §3.5: the bits after the last whole byte must be zero in a canonical encoding.
            let unusedBits = tail == 2 ? b & 0x0f : c & 0x03
            guard unusedBits == 0 else {
                failure = CryptographyError(
                    .invalidBase64, "\(name) has non-zero unused bits at offset \(read + tail - 1)")
                return
            }
            output[initialized] = a << 2 | b >> 4
            initialized += 1
            if tail == 3 {
                output[initialized] = b << 4 | c >> 2
                initialized += 1
            }
        }
        if let failure { return .failure(failure) }
        return .success(bytes)
    }

    /// The error for the first character at or after `start` outside the alphabet.
    private static func badCharacter(
        in text: UnsafeBufferPointer<UInt8>,
        from start: Int,
        table: UnsafeBufferPointer<UInt8>,
        name: String
    ) -> CryptographyError {
        var offset = start
        while offset < text.count, table[Int(text[offset])] & 0xc0 == 0 { offset += 1 }
        return CryptographyError(.invalidBase64, "invalid \(name) character at offset \(offset)")
    }
}
