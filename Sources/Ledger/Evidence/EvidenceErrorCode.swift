// The codes of evidence bundles (`maestro-evidence/v1`): exporting one entry with its proof, and
// reading a bundle back. Verifying a bundle reports the proof and note codes above it.
extension LedgerError.Code {
    /// An evidence bundle is not one JSON object with exactly the string members `format`, `proof`
    /// and `vkey` and the member `entry`, or its JSON is invalid.
    public static let evidenceMalformed = Self("ledger.evidence_malformed")
    /// An evidence bundle's `format` is not `maestro-evidence/v1`, the only version this build reads.
    public static let evidenceFormatUnsupported = Self("ledger.evidence_format_unsupported")
    /// An evidence bundle is over the 1 MiB limit, when read or when about to be written.
    public static let evidenceTooLarge = Self("ledger.evidence_too_large")
    /// An entry cannot be exported: it is not JSON, or not in its RFC 8785 canonical form, so a
    /// bundle could not carry its exact bytes.
    public static let evidenceEntryNotCanonical = Self("ledger.evidence_entry_not_canonical")
    /// An evidence bundle's own verifier key is not the trusted key that signed its checkpoint.
    public static let evidenceKeyMismatch = Self("ledger.evidence_key_mismatch")
}
