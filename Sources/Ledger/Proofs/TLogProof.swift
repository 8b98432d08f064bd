import Cryptography

/// A transparency-log proof in the C2SP text format (c2sp.org/tlog-proof@v1): an entry's index, its
/// inclusion path and the signed checkpoint the path leads to, verifiable offline.
///
/// ```
/// c2sp.org/tlog-proof@v1
/// extra <base64 of opaque, unauthenticated data>   (optional)
/// index 5
/// <base64 hash>                                  (zero to 64 lines, leaf's sibling first)
///
/// <the signed checkpoint note, verbatim>
/// ```
public struct TLogProof: Sendable, Hashable {
    /// Opaque extra data for the application, or `nil` when the proof has none. It is not
    /// authenticated: never trust it implicitly.
    public var extra: [UInt8]?
    /// The entry's zero-based index in the log.
    public var leafIndex: UInt64
    /// The RFC 9162 inclusion path, from the leaf's sibling up to the root's child.
    public var inclusionPath: [SHA256Digest]
    /// The signed checkpoint note, with any cosignatures, exactly as the log issued it.
    public var checkpointNote: String

    /// The first line of every proof.
    static let header = "c2sp.org/tlog-proof@v1"
    /// The most inclusion-path hashes accepted: one per level of a tree of up to 2^64 leaves.
    static let maxPathCount = 64
    /// The largest extra data accepted, in bytes: 64 KiB.
    static let maxExtraByteCount = 1 << 16
    /// The largest proof text accepted, in UTF-8 bytes: a maximal note plus room for the rest.
    static let maxByteCount = SignedNote.maxByteCount + (1 << 18)

    /// Makes a proof from its parts.
    ///
    /// - Parameters:
    ///   - extra: Opaque extra data, or `nil` for none.
    ///   - leafIndex: The entry's index.
    ///   - inclusionPath: The inclusion path, leaf's sibling first.
    ///   - checkpointNote: The signed checkpoint note.
    public init(extra: [UInt8]? = nil, leafIndex: UInt64, inclusionPath: [SHA256Digest], checkpointNote: String) {
        self.extra = extra
        self.leafIndex = leafIndex
        self.inclusionPath = inclusionPath
        self.checkpointNote = checkpointNote
    }

    /// The proof's text (c2sp.org/tlog-proof@v1), ending with the checkpoint note.
    public var text: String {
        var lines = [Self.header]
        if let extra { lines.append("extra " + Base64.encode(extra)) }
        lines.append("index \(leafIndex)")
        lines += inclusionPath.map { Base64.encode($0.bytes) }
        lines.append("")
        return lines.map { $0 + "\n" }.joined() + checkpointNote
    }

    /// Parses a proof strictly, including its checkpoint note and the checkpoint's body; it verifies
    /// neither the signatures nor the inclusion path.
    ///
    /// - Parameter text: The proof's text.
    /// - Returns: The proof.
    /// - Throws: `ledger.tlog_proof_malformed` when the text is over the size limit, the first line
    ///   is not `c2sp.org/tlog-proof@v1`, an `extra` line is not canonical base64 of at most 64 KiB,
    ///   the `index` line is missing or not decimal without leading zeros within 64 bits, a path line
    ///   is not canonical base64 of 32 bytes, there are more than 64 path lines, or the blank line is
    ///   missing; what ``SignedNote/parse(_:)`` and ``Checkpoint/parse(body:)`` throw for the note.
    public static func parse(_ text: String) throws(LedgerError) -> TLogProof {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxByteCount else {
            throw LedgerError(
                .tlogProofMalformed, "proof of \(bytes.count) bytes is over the \(maxByteCount)-byte limit")
        }
        var reader = LineReader(bytes: bytes)
        guard let header = reader.next(), header.elementsEqual(Self.header.utf8) else {
            throw LedgerError(.tlogProofMalformed, "proof does not start with line `\(Self.header)`")
        }
        guard var line = reader.next() else {
            throw LedgerError(.tlogProofMalformed, "proof has no `index` line")
        }
        var extra: [UInt8]?
        if line.starts(with: "extra ".utf8) {
            extra = try parseExtra(line.dropFirst(6))
            guard let next = reader.next() else {
                throw LedgerError(.tlogProofMalformed, "proof has no `index` line")
            }
            line = next
        }
        // c2sp.org/tlog-proof, "Format" — `index`, a space, ASCII decimal with no leading zeroes.
        guard line.starts(with: "index ".utf8), let leafIndex = Checkpoint.parseDecimal(line.dropFirst(6)) else {
            throw LedgerError(.tlogProofMalformed, "proof line \(reader.lineNumber) is not `index <decimal>`")
        }
        var inclusionPath: [SHA256Digest] = []
        while true {
            guard let hashLine = reader.next() else {
                throw LedgerError(.tlogProofMalformed, "proof has no blank line before its checkpoint")
            }
            if hashLine.isEmpty { break }
            guard inclusionPath.count < maxPathCount else {
                throw LedgerError(.tlogProofMalformed, "proof has more than \(maxPathCount) inclusion path hashes")
            }
            guard let hash = Checkpoint.parseHash(hashLine) else {
                throw LedgerError(
                    .tlogProofMalformed, "proof line \(reader.lineNumber) is not base64 of a 32-byte hash")
            }
            inclusionPath.append(hash)
        }
        let checkpointNote = String(decoding: bytes[reader.offset...], as: UTF8.self)
        _ = try Checkpoint.parse(body: SignedNote.parse(checkpointNote).text)
        return TLogProof(
            extra: extra, leafIndex: leafIndex, inclusionPath: inclusionPath, checkpointNote: checkpointNote)
    }

    /// Decodes the base64 of an `extra` line.
    private static func parseExtra(_ encoded: ArraySlice<UInt8>) throws(LedgerError) -> [UInt8] {
        guard encoded.count <= (maxExtraByteCount + 2) / 3 * 4 else {
            throw LedgerError(.tlogProofMalformed, "proof extra data is over \(maxExtraByteCount) bytes")
        }
        let extra: [UInt8]
        do throws(CryptographyError) {
            extra = try Base64.decode(String(decoding: encoded, as: UTF8.self))
        } catch {
            throw LedgerError(.tlogProofMalformed, "proof extra data is not canonical base64: \(error.message)")
        }
        guard extra.count <= maxExtraByteCount else {
            throw LedgerError(
                .tlogProofMalformed, "proof extra data of \(extra.count) bytes is over \(maxExtraByteCount)")
        }
        return extra
    }

    /// Reads newline-terminated lines from the front of a text; a last line without a newline is not a line.
    private struct LineReader {
        let bytes: [UInt8]
        /// The offset of the first byte not yet read.
        private(set) var offset = 0
        /// The number of lines read so far (the last one read, counted from 1).
        private(set) var lineNumber = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// The next line without its newline, or `nil` when no newline is left.
        mutating func next() -> ArraySlice<UInt8>? {
            guard let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
            defer { offset = end + 1 }
            lineNumber += 1
            return bytes[offset..<end]
        }
    }
}
