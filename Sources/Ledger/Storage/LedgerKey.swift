import Cryptography

/// The ledger's checkpoint signing key: an Ed25519 key in a PKCS#8 PEM file (mode 0600), with its
/// C2SP verifier key (`name+id+key`) in a file beside it. The key's name is the log's origin.
public enum LedgerKey {
    /// `<data>/keys/ledger-signing.pem`.
    public static func signingKeyPath(dataDirectory: String) -> String { dataDirectory + "/keys/ledger-signing.pem" }
    /// `<data>/keys/ledger.vkey`.
    public static func verifierKeyPath(dataDirectory: String) -> String { dataDirectory + "/keys/ledger.vkey" }

    /// Loads the signer from `keyFile` and `vkeyFile`, or — when neither exists — creates a new key
    /// named `origin` and writes both.
    /// - Throws: `ledger.key_unusable` when only one file exists, a file cannot be read or written,
    ///   or the vkey does not belong to the key.
    public static func loadOrCreate(keyFile: String, vkeyFile: String, origin: String) throws(LedgerError) -> NoteSigner
    {
        let hasKey = FileIO.exists(keyFile)
        let hasVkey = FileIO.exists(vkeyFile)
        if !hasKey && !hasVkey {
            let key: Ed25519.PrivateKey
            do throws(CryptographyError) {
                key = try Ed25519.PrivateKey.generate()
                try FileIO.makeDirectoriesForKey(parentOf: keyFile)
                try key.save(toFile: keyFile)
            } catch {
                throw LedgerError(.keyUnusable, "cannot create the ledger key `\(keyFile)`: \(error.message)")
            }
            let signer = try NoteSigner(name: origin, privateKey: key)
            try FileIO.replace(vkeyFile, with: Array((signer.verifierKey + "\n").utf8), durable: true)
            return signer
        }
        guard hasKey && hasVkey else {
            throw LedgerError(
                .keyUnusable,
                "`\(hasKey ? vkeyFile : keyFile)` is missing beside `\(hasKey ? keyFile : vkeyFile)`; restore it from backup"
            )
        }
        let key: Ed25519.PrivateKey
        do throws(CryptographyError) {
            key = try Ed25519.PrivateKey.load(fromFile: keyFile)
        } catch {
            throw LedgerError(.keyUnusable, "cannot load the ledger key `\(keyFile)`: \(error.message)")
        }
        let verifier = try readVerifierKey(vkeyFile)
        let signer = try NoteSigner(name: verifier.name, privateKey: key)
        guard signer.verifierKey == verifier.verifierKey else {
            throw LedgerError(.keyUnusable, "`\(vkeyFile)` is not the verifier key of `\(keyFile)`")
        }
        return signer
    }

    /// Reads a verifier key file (one `name+id+key` line).
    /// - Throws: `ledger.key_unusable` if it cannot be read; the vkey parse errors.
    public static func readVerifierKey(_ path: String) throws(LedgerError) -> NoteVerifier {
        guard let bytes = try FileIO.read(path) else { throw LedgerError(.keyUnusable, "`\(path)` does not exist") }
        guard bytes.count < 4096 else { throw LedgerError(.keyUnusable, "`\(path)` is too long for a verifier key") }
        let text = String(decoding: bytes, as: UTF8.self).trimmingSuffix(while: { $0 == "\n" || $0 == "\r" })
        return try NoteVerifier(verifierKey: String(text))
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
