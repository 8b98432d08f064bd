/// Base64url (RFC 4648 §5): the URL- and filename-safe alphabet, without padding, decoded strictly.
///
/// This is the form JWS, JWK and webhook signatures use (RFC 7515 §2 "Base64url Encoding").
/// Decoding accepts only the canonical unpadded encoding: no `=`, no `+` or `/`, no whitespace,
/// no length of the form 4k + 1, and zero unused bits in the last character.
public enum Base64URL {
    /// Encodes bytes as unpadded base64url (RFC 4648 §5).
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The encoding, such as `-_8` for `[0xfb, 0xff]`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        withContiguousBytes(of: bytes) { Base64.encode($0, alphabet: urlAlphabet, isPadded: false) }
    }

    /// Decodes unpadded base64url (RFC 4648 §5), accepting only the canonical encoding.
    ///
    /// - Parameter text: The encoding, without padding.
    /// - Returns: The decoded bytes.
    /// - Throws: `cryptography.invalid_base64` for a length of the form 4k + 1, a character outside
    ///   the URL-safe alphabet (including `=`, `+`, `/` and whitespace), or non-zero unused bits;
    ///   the message gives the offset but never the text.
    public static func decode(_ text: String) throws(CryptographyError) -> [UInt8] {
        try withUTF8Bytes(of: text) { utf8 in
            urlDecodeTable.withUnsafeBufferPointer { table in
                Base64.decode(utf8, table: table, isPadded: false, name: "base64url")
            }
        }.get()
    }

    // RFC 4648 Table 2: `-` and `_` replace `+` and `/`.
    private static let urlAlphabet: StaticString =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    private static let urlDecodeTable = Base64.makeDecodeTable(urlAlphabet)
}
