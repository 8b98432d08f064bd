import Cryptography
import JSON

/// An evidence bundle (`maestro-evidence/v1`): one ledger entry, its inclusion proof to a signed
/// checkpoint and the log's verifier key, in one file that anyone can check offline.
///
/// The file is one JSON object, written in RFC 8785 canonical form and followed by a newline:
///
/// ```
/// {"entry":<the entry>,"format":"maestro-evidence/v1","proof":"<tlog-proof text>","vkey":"<vkey>"}
/// ```
///
/// - `entry`: the entry as JSON. Its RFC 8785 encoding is the entry's exact bytes in the ledger, so
///   its leaf hash is `SHA-256(0x00 ‖ JCS(entry))` (RFC 9162 §2.1.1).
/// - `format`: `maestro-evidence/v1`.
/// - `proof`: the c2sp.org/tlog-proof@v1 text: the leaf index, the inclusion path and the signed
///   checkpoint note the path leads to.
/// - `vkey`: the C2SP verifier key of the log that signed the checkpoint. It says which key to
///   expect; trust comes from a key the verifier already holds.
///
/// Versioning: readers refuse any other `format` and any member they do not know, so a change to
/// the members or to their meaning is a new format version.
public struct EvidenceBundle: Sendable, Hashable {
    /// What a bundle shows once verified: the entry is leaf `leafIndex` of the log's signed tree.
    public struct Verified: Sendable, Hashable {
        /// The entry's position in the log, from 0.
        public var leafIndex: UInt64
        /// The size of the tree the checkpoint signs.
        public var treeSize: UInt64
        /// `SHA-256(0x00 ‖ JCS(entry))`.
        public var leafHash: SHA256Digest
        /// The checkpoint, verified with the trusted key.
        public var checkpoint: Checkpoint
    }

    /// The `format` member of every bundle this type writes and the only one it reads.
    public static let format = "maestro-evidence/v1"
    /// The largest bundle accepted or written, in bytes: 1 MiB.
    static let maxByteCount = 1 << 20

    /// The entry; its RFC 8785 canonical encoding is the entry's exact bytes.
    public var entry: JSONValue
    /// The inclusion proof, with the signed checkpoint it leads to.
    public var proof: TLogProof
    /// The verifier key (vkey) of the log that signed the checkpoint.
    public var verifierKey: String

    /// Makes a bundle from its parts; ``verify(trusting:)`` checks that they fit together.
    ///
    /// - Parameters:
    ///   - entry: The entry as JSON.
    ///   - proof: The entry's tlog-proof.
    ///   - verifierKey: The log's vkey.
    public init(entry: JSONValue, proof: TLogProof, verifierKey: String) {
        self.entry = entry
        self.proof = proof
        self.verifierKey = verifierKey
    }

    /// Exports the entry at `leafIndex` from a ledger directory, proved against the directory's
    /// signed checkpoint.
    ///
    /// The bundle is verified before it is returned, so an export never hands out evidence that
    /// does not check.
    ///
    /// - Parameters:
    ///   - reader: The ledger directory, opened with `verifier`.
    ///   - leafIndex: The entry's index. Requires `leafIndex < treeSize`.
    ///   - verifier: The log's key, which the bundle carries.
    /// - Returns: The bundle.
    /// - Throws: `ledger.leaf_index_out_of_range` unless `leafIndex` is below the checkpoint's tree
    ///   size; `ledger.evidence_entry_not_canonical` when the entry is not RFC 8785 canonical JSON;
    ///   `ledger.evidence_too_large` when the bundle would be over 1 MiB; `ledger.corrupt` and
    ///   `ledger.io_failed` when the ledger's files cannot be read or do not prove the entry; the
    ///   note codes when `verifier` did not sign the checkpoint.
    public static func export(
        from reader: TiledLogReader, leafIndex: UInt64, verifier: NoteVerifier
    ) throws(LedgerError) -> EvidenceBundle {
        let bytes = try reader.entry(at: leafIndex)
        let path = try reader.inclusionProof(leafIndex: leafIndex).path
        let proof = TLogProof(leafIndex: leafIndex, inclusionPath: path, checkpointNote: reader.checkpointNote)
        return try make(entry: bytes, proof: proof, verifier: verifier)
    }

    /// Exports the entry at `leafIndex` from an open ledger, proved against its latest checkpoint.
    ///
    /// - Parameters:
    ///   - ledger: The ledger.
    ///   - leafIndex: The entry's index. Requires `leafIndex < treeSize`.
    /// - Returns: The bundle, verified with the ledger's key.
    /// - Throws: As ``export(from:leafIndex:verifier:)``.
    public static func export(from ledger: FileLedger, leafIndex: UInt64) throws(LedgerError) -> EvidenceBundle {
        // One checkpoint for the proof and the note: the ledger may sign a newer one meanwhile.
        let (checkpoint, note) = ledger.checkpoint
        let bytes = try ledger.entry(at: leafIndex)
        let path = try ledger.inclusionProof(leafIndex: leafIndex, treeSize: checkpoint.treeSize).path
        let proof = TLogProof(leafIndex: leafIndex, inclusionPath: path, checkpointNote: note)
        return try make(entry: bytes, proof: proof, verifier: ledger.verifier)
    }

    /// The bundle for an entry's exact bytes, checked as a reader will check it.
    private static func make(entry bytes: [UInt8], proof: TLogProof, verifier: NoteVerifier) throws(LedgerError)
        -> EvidenceBundle
    {
        let entry = try canonicalEntry(bytes, leafIndex: proof.leafIndex)
        let bundle = EvidenceBundle(entry: entry, proof: proof, verifierKey: verifier.verifierKey)
        let count = bundle.bytes.count
        guard count <= maxByteCount else {
            throw LedgerError(
                .evidenceTooLarge, "the bundle for entry \(proof.leafIndex) would be \(count) bytes, over 1 MiB")
        }
        do throws(LedgerError) {
            try bundle.verify(trusting: verifier)
        } catch {
            guard error.code == .proofInvalid else { throw error }
            throw LedgerError(.corrupt, "the ledger's tiles do not prove entry \(proof.leafIndex): \(error.message)")
        }
        return bundle
    }

    /// The entry as JSON, when `bytes` are exactly its RFC 8785 encoding.
    static func canonicalEntry(_ bytes: [UInt8], leafIndex: UInt64) throws(LedgerError) -> JSONValue {
        let entry: JSONValue
        do throws(JSONError) {
            entry = try JSONValue.parse(bytes)
        } catch {
            throw LedgerError(
                .evidenceEntryNotCanonical, "entry \(leafIndex) is not JSON: \(error.code): \(error.message)")
        }
        guard entry.encoded(.canonical) == bytes else {
            throw LedgerError(
                .evidenceEntryNotCanonical,
                "entry \(leafIndex) is JSON but not in RFC 8785 canonical form, so a bundle cannot carry its exact bytes"
            )
        }
        return entry
    }

    /// The file's bytes: the RFC 8785 canonical JSON object, then a newline.
    public var bytes: [UInt8] {
        let object: JSONValue = .object([
            "entry": entry, "format": .string(Self.format), "proof": .string(proof.text),
            "vkey": .string(verifierKey),
        ])
        return object.encoded(.canonical) + [0x0A]
    }

    /// Verifies the bundle with a key the caller trusts: the entry is leaf ``TLogProof/leafIndex``
    /// of the tree that the checkpoint signs.
    ///
    /// Hashes the entry's canonical encoding as a leaf, opens the checkpoint note with `verifier`,
    /// then walks the inclusion path to the checkpoint's root (RFC 9162 §2.1.3.2).
    ///
    /// - Parameter verifier: The log's key as the caller knows it, not taken from the bundle
    ///   unless the caller chooses to.
    /// - Returns: What the bundle shows.
    /// - Throws: `ledger.note_unverified` when the checkpoint has no signature by `verifier`;
    ///   `ledger.note_signature_invalid` when that signature does not verify;
    ///   `ledger.checkpoint_origin_mismatch` and the other note and checkpoint codes of
    ///   ``Checkpoint/open(note:verifier:)``; `ledger.leaf_index_out_of_range` unless the leaf
    ///   index is below the checkpoint's tree size; `ledger.proof_invalid` when the path does not
    ///   lead from the entry to the checkpoint's root; `ledger.evidence_key_mismatch` when all that
    ///   holds but the bundle names another key than `verifier`.
    @discardableResult
    public func verify(trusting verifier: NoteVerifier) throws(LedgerError) -> Verified {
        let leafHash = TreeHasher.leafHash(of: entry.encoded(.canonical))
        let checkpoint = try Checkpoint.open(note: proof.checkpointNote, verifier: verifier)
        let inclusion = InclusionProof(
            leafIndex: proof.leafIndex, treeSize: checkpoint.treeSize, path: proof.inclusionPath)
        try inclusion.verify(leafHash: leafHash, rootHash: checkpoint.rootHash)
        guard verifierKey == verifier.verifierKey else {
            throw LedgerError(
                .evidenceKeyMismatch,
                "the bundle names key `\(verifierKey)`, but its checkpoint is signed by the trusted key `\(verifier.verifierKey)`"
            )
        }
        return Verified(
            leafIndex: proof.leafIndex, treeSize: checkpoint.treeSize, leafHash: leafHash, checkpoint: checkpoint)
    }
}

extension EvidenceBundle {
    /// The members of a bundle, each required; any other member is refused.
    static let members: Set<String> = ["entry", "format", "proof", "vkey"]

    /// Parses a bundle strictly; it does not verify it (see ``verify(trusting:)``).
    ///
    /// Any JSON layout is read (the entry is re-encoded before hashing), but not duplicate
    /// members, unknown members or another format version.
    ///
    /// - Parameter bytes: The bundle file's bytes.
    /// - Returns: The bundle.
    /// - Throws: `ledger.evidence_too_large` over 1 MiB; `ledger.evidence_malformed` when the bytes
    ///   are not one JSON object with exactly the members `entry`, `format`, `proof` and `vkey`, the
    ///   last three strings; `ledger.evidence_format_unsupported` when `format` is not
    ///   `maestro-evidence/v1`; what ``TLogProof/parse(_:)`` throws for `proof` and
    ///   ``NoteVerifier/init(verifierKey:)`` for `vkey`.
    public static func parse(_ bytes: [UInt8]) throws(LedgerError) -> EvidenceBundle {
        guard bytes.count <= maxByteCount else {
            throw LedgerError(.evidenceTooLarge, "bundle of \(bytes.count) bytes is over the 1 MiB limit")
        }
        // One level deeper than an exported entry may be, since the entry sits inside the bundle.
        let options = JSONParseOptions(maxDepth: JSONParseOptions.default.maxDepth + 1, maxBytes: maxByteCount)
        let value: JSONValue
        do throws(JSONError) {
            value = try JSONValue.parse(bytes, options: options)
        } catch {
            throw LedgerError(.evidenceMalformed, "bundle is not valid JSON: \(error.code): \(error.message)")
        }
        guard let object = value.objectValue else {
            throw LedgerError(.evidenceMalformed, "bundle is a JSON \(value.typeName), not an object")
        }
        guard let format = object["format"] else {
            throw LedgerError(.evidenceMalformed, "bundle has no member `format`")
        }
        guard format.stringValue == Self.format else {
            throw LedgerError(
                .evidenceFormatUnsupported,
                "bundle format `\(format.stringValue ?? format.typeName)` is not `\(Self.format)`")
        }
        if let unknown = object.keys.filter({ !members.contains($0) }).min() {
            throw LedgerError(.evidenceMalformed, "bundle has unknown member `\(unknown)`")
        }
        guard let entry = object["entry"] else {
            throw LedgerError(.evidenceMalformed, "bundle has no member `entry`")
        }
        let proof = try TLogProof.parse(try string("proof", in: object))
        let verifierKey = try string("vkey", in: object)
        _ = try NoteVerifier(verifierKey: verifierKey)
        return EvidenceBundle(entry: entry, proof: proof, verifierKey: verifierKey)
    }

    /// The string member `name` of a bundle.
    private static func string(_ name: String, in object: [String: JSONValue]) throws(LedgerError) -> String {
        guard let member = object[name] else {
            throw LedgerError(.evidenceMalformed, "bundle has no member `\(name)`")
        }
        guard let text = member.stringValue else {
            throw LedgerError(.evidenceMalformed, "bundle member `\(name)` is a \(member.typeName), not a string")
        }
        return text
    }
}
