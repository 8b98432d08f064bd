import Cryptography

@testable import Ledger

/// Keys, notes and byte edits shared by the signed-note, checkpoint and tlog-proof tests.
enum NoteFixtures {
    /// A signer with a fixed key made from `seed` repeated 32 times, so its notes are reproducible.
    static func signer(_ name: String, seed: UInt8 = 7) throws -> NoteSigner {
        try NoteSigner(
            name: name, privateKey: Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: seed, count: 32)))
    }

    /// The verifier for `signer`, parsed from its vkey.
    static func verifier(for signer: NoteSigner) throws -> NoteVerifier {
        try NoteVerifier(verifierKey: signer.verifierKey)
    }

    /// A checkpoint of `treeSize` leaves with a made-up root, for formats that do not check roots.
    static func checkpoint(origin: String = "example.com/log42", treeSize: UInt64 = 5) -> Checkpoint {
        Checkpoint(origin: origin, treeSize: treeSize, rootHash: SHA256.hash(Array("root \(treeSize)".utf8)))
    }

    /// `text` with the UTF-8 byte at `offset` replaced by `byte`.
    static func replacingByte(in text: String, at offset: Int, with byte: UInt8) -> String {
        var bytes = Array(text.utf8)
        bytes[offset] = byte
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A signature line by `name` over `bytes` (key ID first), as a note would carry it.
    static func signatureLine(_ name: String, keyID: UInt32, bytes: [UInt8]) -> String {
        SignedNote.Signature(name: name, keyID: keyID, bytes: bytes).line
    }

    /// The error code `body` throws, or `nil` when it throws nothing.
    static func code<T>(_ body: () throws(LedgerError) -> T) -> LedgerError.Code? {
        do throws(LedgerError) {
            _ = try body()
            return nil
        } catch {
            return error.code
        }
    }
}
