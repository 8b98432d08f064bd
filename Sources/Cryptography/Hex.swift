/// Hexadecimal (RFC 4648 §8, "base16") encoding and strict decoding.
public enum Hex {
    /// Encodes bytes as lowercase hexadecimal, two digits per byte.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The hex text, such as `00ff10` for `[0x00, 0xff, 0x10]`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        withContiguousBytes(of: bytes) { input in
            String(unsafeUninitializedCapacity: input.count * 2) { output in
                var position = 0
                for byte in input {
                    output[position] = lowercaseDigits[Int(byte >> 4)]
                    output[position + 1] = lowercaseDigits[Int(byte & 0x0f)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Decodes hexadecimal text; upper- and lowercase digits are both accepted.
    ///
    /// - Parameter text: An even number of hex digits, with no prefix, separators or whitespace.
    /// - Returns: The decoded bytes.
    /// - Throws: `cryptography.invalid_hex` if the length is odd or a character is not a hex digit;
    ///   the message gives the offending offset but never the text, which may be a secret.
    public static func decode(_ text: String) throws(CryptographyError) -> [UInt8] {
        try withUTF8Bytes(of: text) { decode(digits: $0) }.get()
    }

    private static let lowercaseDigits: StaticString = "0123456789abcdef"

    private static func decode(digits: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], CryptographyError> {
        guard digits.count % 2 == 0 else {
            return .failure(CryptographyError(.invalidHex, "hex text has an odd length of \(digits.count) bytes"))
        }
        var badOffset: Int?
        let bytes = [UInt8](unsafeUninitializedCapacity: digits.count / 2) { output, initialized in
            var index = 0
            while index < digits.count {
                let high = value(of: digits[index])
                let low = value(of: digits[index + 1])
                guard high < 16, low < 16 else {
                    badOffset = high < 16 ? index + 1 : index
                    return
                }
                output[index / 2] = high << 4 | low
                initialized += 1
                index += 2
            }
        }
        if let badOffset {
            return .failure(CryptographyError(.invalidHex, "non-hex character at offset \(badOffset)"))
        }
        return .success(bytes)
    }

    /// The value of a hex digit, or 0xff for any other byte.
    @inline(__always)
    private static func value(of digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit &- UInt8(ascii: "A") &+ 10
        default: 0xff
        }
    }
}
