import Cryptography

/// A C2SP signed-note signer with an Ed25519 key (c2sp.org/signed-note, signature type `0x01`).
///
/// ```swift
/// let signer = try NoteSigner(name: "example.com/log42", privateKey: key)
/// let note = try signer.sign("hello\n")  // "hello\n\n— example.com/log42 <base64>\n"
/// let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
/// ```
public struct NoteSigner: Sendable {
    /// The key's name: non-empty, with no Unicode space, `+` or control character.
    public let name: String
    /// The key ID: the first 4 bytes, big-endian, of `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)`.
    public let keyID: UInt32
    /// The signing key.
    private let privateKey: Ed25519.PrivateKey

    /// Makes a signer from a key name and an Ed25519 private key.
    ///
    /// - Parameters:
    ///   - name: The key name, such as the log's origin `example.com/log42`.
    ///   - privateKey: The signing key.
    /// - Throws: `ledger.note_key_name_invalid` when the name is empty, over 1 KiB, or holds a
    ///   Unicode space, a `+` or a control character.
    public init(name: String, privateKey: Ed25519.PrivateKey) throws(LedgerError) {
        guard NoteVerifier.isValidKeyName(name) else {
            throw LedgerError(
                .noteKeyNameInvalid, "key name `\(name)` is empty or holds a space, `+` or control character")
        }
        self.name = name
        self.privateKey = privateKey
        self.keyID = NoteVerifier.keyID(name: name, publicKey: privateKey.publicKey)
    }

    /// The verifier key (vkey) that checks this signer's signatures:
    /// `<name>+<key ID as 8 lowercase hex digits>+<base64(0x01 ‖ public key)>`.
    public var verifierKey: String {
        NoteVerifier.makeVerifierKey(name: name, publicKey: privateKey.publicKey)
    }

    /// Signs a text and returns the signed note: the text, a blank line, and this key's signature line.
    ///
    /// - Parameter text: The text to sign: non-empty, ending in a newline, with no other control
    ///   character, and small enough that the note stays within 1 MiB.
    /// - Returns: `text + "\n" + "— <name> base64(key ID ‖ signature)\n"`.
    /// - Throws: `ledger.note_malformed` when the text cannot be a note's text;
    ///   `ledger.note_signing_failed` when the cryptography library fails to sign.
    public func sign(_ text: String) throws(LedgerError) -> String {
        try SignedNote.checkText(Array(text.utf8), what: "text", limit: SignedNote.maxByteCount)
        let signature: [UInt8]
        do throws(CryptographyError) {
            signature = try privateKey.signature(for: text.utf8)
        } catch {
            throw LedgerError(.noteSigningFailed, "key `\(name)` failed to sign: \(error.message)")
        }
        let note = text + "\n" + SignedNote.Signature(name: name, keyID: keyID, bytes: signature).line
        guard note.utf8.count <= SignedNote.maxByteCount else {
            throw LedgerError(.noteMalformed, "signed note of \(note.utf8.count) bytes is over the 1 MiB limit")
        }
        return note
    }
}
