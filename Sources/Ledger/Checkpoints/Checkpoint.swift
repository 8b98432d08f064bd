import Cryptography

/// A C2SP transparency-log checkpoint (c2sp.org/tlog-checkpoint): the signed statement of a log's
/// tree head.
///
/// Its body, the text that is signed, is one line each for the origin, the tree size in decimal and
/// the base64 root hash, then optional extension lines, each ending in a newline:
///
/// ```
/// example.com/log42
/// 15
/// <base64 of the 32-byte root hash>
/// ```
public struct Checkpoint: Sendable, Hashable {
    /// The log's identity: non-empty, no newline; it may hold spaces (such as `go.sum database tree`).
    public var origin: String
    /// The number of leaves in the tree.
    public var treeSize: UInt64
    /// The RFC 9162 root hash of the tree of `treeSize` leaves.
    public var rootHash: SHA256Digest
    /// Opaque lines after the root hash, each non-empty and without a newline.
    public var extensionLines: [String]

    /// Makes a checkpoint from its parts.
    ///
    /// - Parameters:
    ///   - origin: The log's identity.
    ///   - treeSize: The number of leaves.
    ///   - rootHash: The root hash of that tree.
    ///   - extensionLines: Opaque extra lines, usually none (C2SP advises against them).
    public init(origin: String, treeSize: UInt64, rootHash: SHA256Digest, extensionLines: [String] = []) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.extensionLines = extensionLines
    }

    /// The body: the text that is signed, ending in a newline.
    public var body: String {
        let lines = [origin, String(treeSize), Base64.encode(rootHash.bytes)] + extensionLines
        return lines.map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint body strictly.
    ///
    /// - Parameter body: The note text of a checkpoint, ending in a newline.
    /// - Returns: The checkpoint.
    /// - Throws: `ledger.checkpoint_malformed` when the body is over 1 MiB, does not end in a
    ///   newline, holds a control character other than a newline, has fewer than three lines or an
    ///   empty line, a tree size that is not decimal without leading zeros within 64 bits, or a root
    ///   hash that is not canonical base64 of exactly 32 bytes.
    public static func parse(body: String) throws(LedgerError) -> Checkpoint {
        let bytes = Array(body.utf8)
        guard bytes.count <= SignedNote.maxByteCount else {
            throw LedgerError(.checkpointMalformed, "checkpoint of \(bytes.count) bytes is over the 1 MiB limit")
        }
        guard bytes.last == 0x0A else {
            throw LedgerError(.checkpointMalformed, "checkpoint is empty or does not end in a newline")
        }
        if let offset = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw LedgerError(
                .checkpointMalformed, "checkpoint has control character \(bytes[offset]) at offset \(offset)")
        }
        // c2sp.org/tlog-checkpoint, "Note text" — at least three non-empty lines; extension lines MUST be non-empty.
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 3 else {
            throw LedgerError(.checkpointMalformed, "checkpoint has \(lines.count) lines, not at least 3")
        }
        if let empty = lines.firstIndex(where: \.isEmpty) {
            throw LedgerError(.checkpointMalformed, "checkpoint line \(empty + 1) is empty")
        }
        guard let treeSize = parseDecimal(lines[1]) else {
            throw LedgerError(
                .checkpointMalformed,
                "tree size `\(String(decoding: lines[1].prefix(32), as: UTF8.self))` is not a decimal without leading zeros"
            )
        }
        guard let rootHash = parseHash(lines[2]) else {
            throw LedgerError(.checkpointMalformed, "root hash is not base64 of 32 bytes")
        }
        return Checkpoint(
            origin: String(decoding: lines[0], as: UTF8.self),
            treeSize: treeSize,
            rootHash: rootHash,
            extensionLines: lines.dropFirst(3).map { String(decoding: $0, as: UTF8.self) })
    }

    /// Signs the checkpoint with the log's key and returns the signed note.
    ///
    /// - Parameter signer: The log's key, whose name must be the origin.
    /// - Returns: The signed note: the body, a blank line, the signature line.
    /// - Throws: `ledger.checkpoint_malformed` when the body would not parse back to this checkpoint
    ///   (an empty origin, a newline or control character in a line, an empty extension line);
    ///   `ledger.checkpoint_origin_mismatch` when the signer's name is not the origin;
    ///   `ledger.note_signing_failed` when signing fails.
    public func signed(by signer: NoteSigner) throws(LedgerError) -> String {
        let body = self.body
        guard try Checkpoint.parse(body: body) == self else {
            throw LedgerError(.checkpointMalformed, "checkpoint does not read back the same from its body")
        }
        guard signer.name == origin else {
            throw LedgerError(.checkpointOriginMismatch, "key `\(signer.name)` is not named after origin `\(origin)`")
        }
        return try signer.sign(body)
    }

    /// Parses a signed checkpoint note, verifies it with the log's key and returns the checkpoint.
    ///
    /// Signatures by other keys, such as witness cosignatures, are ignored.
    ///
    /// - Parameters:
    ///   - note: The signed checkpoint note.
    ///   - verifier: The log's key; its name must equal the checkpoint's origin.
    /// - Returns: The verified checkpoint.
    /// - Throws: `ledger.note_malformed` for a malformed note; `ledger.note_signature_invalid` or
    ///   `ledger.note_unverified` when the log's signature is bad or absent;
    ///   `ledger.checkpoint_malformed` for a malformed body; `ledger.checkpoint_origin_mismatch`
    ///   when the origin is not the verifier's name.
    public static func open(note: String, verifier: NoteVerifier) throws(LedgerError) -> Checkpoint {
        let signed = try SignedNote.parse(note)
        _ = try signed.verify([verifier])
        let checkpoint = try parse(body: signed.text)
        guard checkpoint.origin == verifier.name else {
            throw LedgerError(
                .checkpointOriginMismatch, "origin `\(checkpoint.origin)` is not the log key's name `\(verifier.name)`")
        }
        return checkpoint
    }

    /// Parses ASCII decimal digits without leading zeros (except `0` itself) into a 64-bit value.
    static func parseDecimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1, digits.count <= 20 else {
            return nil
        }
        var value: UInt64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Parses canonical base64 of exactly 32 bytes into a hash.
    static func parseHash(_ text: ArraySlice<UInt8>) -> SHA256Digest? {
        // 32 bytes are always 44 base64 characters; longer input is rejected before decoding.
        guard text.count == 44, let bytes = try? Base64.decode(String(decoding: text, as: UTF8.self)) else {
            return nil
        }
        return SHA256Digest(bytes: bytes)
    }
}
