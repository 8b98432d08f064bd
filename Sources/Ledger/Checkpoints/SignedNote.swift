import Cryptography

/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one
/// or more signature lines `— <key name> base64(key ID ‖ signature)`.
///
/// Parsing checks the format only; ``verify(_:)`` decides whether the text can be trusted.
///
/// ```
/// example.com/log42
/// 7
/// <base64 root hash>
///
/// — example.com/log42 <base64 of the key ID and the signature>
/// ```
public struct SignedNote: Sendable, Hashable {
    /// One signature line of a note.
    public struct Signature: Sendable, Hashable {
        /// The name of the key that made the signature.
        public let name: String
        /// The key ID: the first four bytes of the decoded signature, read big-endian.
        public let keyID: UInt32
        /// The signature proper: the decoded bytes after the key ID (64 bytes for Ed25519).
        public let bytes: [UInt8]

        /// Makes a signature from its parts.
        ///
        /// - Parameters:
        ///   - name: The key's name.
        ///   - keyID: The key's ID.
        ///   - bytes: The signature after the key ID.
        public init(name: String, keyID: UInt32, bytes: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.bytes = bytes
        }

        /// The signature line, ending in a newline.
        var line: String {
            let keyIDBytes = (0..<4).map { UInt8(truncatingIfNeeded: keyID >> (24 - 8 * $0)) }
            return "\(SignedNote.signaturePrefix)\(name) \(Base64.encode(keyIDBytes + bytes))\n"
        }
    }

    /// The signed text, ending in a newline (the blank line before the signatures excluded).
    public let text: String
    /// The signatures, in the order of the note's lines.
    public let signatures: [Signature]

    /// The largest note accepted, in UTF-8 bytes: 1 MiB.
    static let maxByteCount = 1 << 20
    /// The most signature lines accepted; C2SP requires accepting at least 16.
    static let maxSignatureCount = 16
    /// The longest signature line accepted, in UTF-8 bytes (room for post-quantum signatures).
    static let maxSignatureLineByteCount = 8192
    /// What every signature line starts with: an em dash (U+2014) and a space.
    static let signaturePrefix = "\u{2014} "

    /// Parses a signed note strictly.
    ///
    /// The text is separated from the signatures by the note's last blank line (c2sp.org/signed-note).
    ///
    /// - Parameter note: The whole note, ending in a newline.
    /// - Returns: The text and its signatures, not yet verified.
    /// - Throws: `ledger.note_malformed` when the note is over 1 MiB, holds a control character other
    ///   than a newline, does not end in a newline, has no blank line before the signatures, has no
    ///   signature line or more than 16, or has a line that is not `— <key name> <base64>` with a
    ///   valid key name and at least 5 decoded bytes.
    public static func parse(_ note: String) throws(LedgerError) -> SignedNote {
        let bytes = Array(note.utf8)
        try checkText(bytes, what: "note", limit: maxByteCount)
        // c2sp.org/signed-note, "Format" — the text is separated from the signatures by the last empty line.
        var split = bytes.count - 2
        while split >= 0, !(bytes[split] == 0x0A && bytes[split + 1] == 0x0A) { split -= 1 }
        guard split >= 0 else {
            throw LedgerError(.noteMalformed, "note has no blank line before its signatures")
        }
        var signatures: [Signature] = []
        var lineStart = split + 2
        while lineStart < bytes.count {
            // INVARIANT: the note ends in a newline, so every line has one.
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A)!
            guard signatures.count < maxSignatureCount else {
                throw LedgerError(.noteMalformed, "note has more than \(maxSignatureCount) signatures")
            }
            signatures.append(try parseSignatureLine(bytes[lineStart..<lineEnd], number: signatures.count + 1))
            lineStart = lineEnd + 1
        }
        guard !signatures.isEmpty else {
            throw LedgerError(.noteMalformed, "note has no signature lines")
        }
        return SignedNote(text: String(decoding: bytes[...split], as: UTF8.self), signatures: signatures)
    }

    /// Verifies the note with the keys the caller trusts.
    ///
    /// Signatures by unknown keys (no known key with both the same name and key ID) are ignored;
    /// every signature by a known key must verify.
    ///
    /// - Parameter verifiers: The trusted keys.
    /// - Returns: The verifiers whose signatures verified, once each, in the order of the signatures.
    /// - Throws: `ledger.note_signature_invalid` when a signature by a known key does not verify;
    ///   `ledger.note_unverified` when no signature is by a known key.
    public func verify(_ verifiers: [NoteVerifier]) throws(LedgerError) -> [NoteVerifier] {
        // c2sp.org/signed-note, "Signatures" — verifiers MUST ignore signatures from unknown keys; a
        // known key's signature that fails SHOULD reject the note; no verified known key MUST reject it.
        let message = Array(text.utf8)
        var verified: [NoteVerifier] = []
        for signature in signatures {
            let known = verifiers.filter { $0.name == signature.name && $0.keyID == signature.keyID }
            guard !known.isEmpty else { continue }
            guard let verifier = known.first(where: { $0.isValidSignature(signature.bytes, for: message) }) else {
                throw LedgerError(
                    .noteSignatureInvalid,
                    "signature by key `\(signature.name)+\(NoteVerifier.hex(signature.keyID))` does not verify")
            }
            if !verified.contains(verifier) { verified.append(verifier) }
        }
        guard !verified.isEmpty else {
            let names = signatures.map { "`\($0.name)+\(NoteVerifier.hex($0.keyID))`" }.joined(separator: ", ")
            throw LedgerError(.noteUnverified, "note has no signature by a known key; it is signed by \(names)")
        }
        return verified
    }

    /// Checks that `bytes` can be a note's text or a whole note: non-empty, at most `limit` bytes,
    /// ending in a newline, with no control character other than a newline.
    static func checkText(_ bytes: [UInt8], what: String, limit: Int) throws(LedgerError) {
        // c2sp.org/signed-note, "Format" — notes MUST NOT contain ASCII control characters other than newline.
        guard bytes.count <= limit else {
            throw LedgerError(.noteMalformed, "\(what) of \(bytes.count) bytes is over the \(limit)-byte limit")
        }
        guard bytes.last == 0x0A else {
            throw LedgerError(.noteMalformed, "\(what) is empty or does not end in a newline")
        }
        if let offset = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw LedgerError(.noteMalformed, "\(what) has control character \(bytes[offset]) at offset \(offset)")
        }
    }

    /// Parses `— <key name> <base64(key ID ‖ signature)>`, without its newline.
    private static func parseSignatureLine(_ line: ArraySlice<UInt8>, number: Int) throws(LedgerError) -> Signature {
        guard line.count <= maxSignatureLineByteCount else {
            throw LedgerError(.noteMalformed, "signature line \(number) is over \(maxSignatureLineByteCount) bytes")
        }
        let prefix = Array(signaturePrefix.utf8)
        guard line.starts(with: prefix) else {
            throw LedgerError(.noteMalformed, "signature line \(number) does not start with an em dash and a space")
        }
        let rest = line.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else {
            throw LedgerError(.noteMalformed, "signature line \(number) is not `— <key name> <signature>`")
        }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        guard NoteVerifier.isValidKeyName(name) else {
            throw LedgerError(.noteMalformed, "signature line \(number) has an invalid key name `\(name)`")
        }
        let decoded: [UInt8]
        do throws(CryptographyError) {
            decoded = try Base64.decode(String(decoding: rest[(space + 1)...], as: UTF8.self))
        } catch {
            throw LedgerError(.noteMalformed, "signature line \(number) is not canonical base64: \(error.message)")
        }
        guard decoded.count > 4 else {
            throw LedgerError(
                .noteMalformed, "signature line \(number) has \(decoded.count) bytes, not a key id and more")
        }
        let keyID = decoded.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Signature(name: name, keyID: keyID, bytes: Array(decoded.dropFirst(4)))
    }
}
