// The codes of signed notes, verifier keys, checkpoints and tlog-proof texts (c2sp.org/signed-note,
// c2sp.org/tlog-checkpoint, c2sp.org/tlog-proof).
extension LedgerError.Code {
    /// A signed note is not in the C2SP format: too large, a control character, no blank line
    /// before the signatures, a malformed or excess signature line, or text that cannot be signed.
    public static let noteMalformed = Self("ledger.note_malformed")
    /// A signer's key name is empty, too long, or holds a space, a `+` or a control character.
    public static let noteKeyNameInvalid = Self("ledger.note_key_name_invalid")
    /// A verifier key is not `<name>+<8 lowercase hex digits>+<base64 key>` with a 33-byte Ed25519 key.
    public static let vkeyMalformed = Self("ledger.vkey_malformed")
    /// A verifier key's signature type is not Ed25519 (`0x01`), the only type accepted.
    public static let vkeyUnsupportedType = Self("ledger.vkey_unsupported_type")
    /// A verifier key's key ID is not the one computed from its name and public key.
    public static let vkeyIDMismatch = Self("ledger.vkey_id_mismatch")
    /// A signature by a known key (same name and key ID) does not verify: the whole note is rejected.
    public static let noteSignatureInvalid = Self("ledger.note_signature_invalid")
    /// No signature of a note is by a known key, so the note's text must not be trusted.
    public static let noteUnverified = Self("ledger.note_unverified")
    /// The signing key failed to sign a note (a failure inside the cryptography library).
    public static let noteSigningFailed = Self("ledger.note_signing_failed")
    /// A checkpoint body is not origin, decimal tree size, base64 32-byte root hash and non-empty
    /// extension lines, each ending in a newline.
    public static let checkpointMalformed = Self("ledger.checkpoint_malformed")
    /// A checkpoint's origin is not the name of the log key that signs or verifies it.
    public static let checkpointOriginMismatch = Self("ledger.checkpoint_origin_mismatch")
    /// A tlog-proof text is not in the c2sp.org/tlog-proof@v1 format: header, optional `extra`,
    /// `index`, at most 64 base64 hashes, a blank line, then the checkpoint.
    public static let tlogProofMalformed = Self("ledger.tlog_proof_malformed")
}
