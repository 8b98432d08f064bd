import Cryptography

/// A trusted C2SP signed-note Ed25519 verifier key (c2sp.org/signed-note, signature type `0x01`).
///
/// Its text form, the *vkey*, is `<name>+<key ID as 8 lowercase hex digits>+<base64(0x01 ‖ public
/// key)>`, such as `example.com/log42+<8 hex digits>+<44 base64 characters>`. Two
/// verifiers are equal when their name, key ID and public key are.
public struct NoteVerifier: Sendable, Hashable {
    /// The key's name, which signature lines by this key carry.
    public let name: String
    /// The key ID, `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]` read big-endian.
    public let keyID: UInt32
    /// The vkey this verifier was parsed from, in its one accepted (canonical) spelling.
    public let verifierKey: String
    /// The Ed25519 public key that checks signatures.
    let publicKey: Ed25519.PublicKey

    /// The signature type byte of Ed25519 note signatures (c2sp.org/signed-note, "Signature types").
    static let ed25519SignatureType: UInt8 = 0x01
    /// The longest vkey accepted, in UTF-8 bytes.
    static let maxVerifierKeyByteCount = 2048
    /// The longest key name accepted, in UTF-8 bytes.
    static let maxKeyNameByteCount = 1024

    /// Parses a verifier key (vkey).
    ///
    /// - Parameter verifierKey: The vkey text, as ``NoteSigner/verifierKey`` writes it.
    /// - Throws: `ledger.vkey_malformed` when it is not three `+`-separated parts, the name is not a
    ///   valid key name, the key ID is not 8 lowercase hex digits, the key is not canonical base64 or
    ///   not 33 bytes, or the text is over 2 KiB; `ledger.vkey_unsupported_type` when the key's type
    ///   byte is not `0x01` (Ed25519); `ledger.vkey_id_mismatch` when the key ID is not the one
    ///   computed from the name and key.
    public init(verifierKey: String) throws(LedgerError) {
        let text = Array(verifierKey.utf8)
        guard text.count <= Self.maxVerifierKeyByteCount else {
            throw LedgerError(.vkeyMalformed, "verifier key of \(text.count) bytes is over the limit")
        }
        // The name and key ID hold no `+`; the base64 key may.
        guard let firstPlus = text.firstIndex(of: UInt8(ascii: "+")),
            let secondPlus = text[(firstPlus + 1)...].firstIndex(of: UInt8(ascii: "+"))
        else {
            throw LedgerError(.vkeyMalformed, "verifier key is not `<name>+<key id>+<key>`")
        }
        let name = String(decoding: text[..<firstPlus], as: UTF8.self)
        guard Self.isValidKeyName(name) else {
            throw LedgerError(.vkeyMalformed, "verifier key name `\(name)` is not a valid key name")
        }
        guard let keyID = Self.parseKeyID(text[(firstPlus + 1)..<secondPlus]) else {
            throw LedgerError(.vkeyMalformed, "verifier key id is not 8 lowercase hex digits")
        }
        let key: [UInt8]
        do throws(CryptographyError) {
            key = try Base64.decode(String(decoding: text[(secondPlus + 1)...], as: UTF8.self))
        } catch {
            throw LedgerError(.vkeyMalformed, "verifier key is not canonical base64: \(error.message)")
        }
        guard let type = key.first else {
            throw LedgerError(.vkeyMalformed, "verifier key has no key bytes")
        }
        guard type == Self.ed25519SignatureType else {
            throw LedgerError(.vkeyUnsupportedType, "verifier key type `\(type)` is not Ed25519 (1)")
        }
        guard key.count == 1 + Ed25519.publicKeyByteCount,
            let publicKey = try? Ed25519.PublicKey(rawRepresentation: key.dropFirst())
        else {
            throw LedgerError(.vkeyMalformed, "an Ed25519 verifier key has 33 bytes, not \(key.count)")
        }
        let computed = Self.keyID(name: name, publicKey: publicKey)
        guard computed == keyID else {
            throw LedgerError(
                .vkeyIDMismatch,
                "verifier key id `\(Self.hex(keyID))` is not `\(Self.hex(computed))`, computed from its name and key")
        }
        self.name = name
        self.keyID = keyID
        self.verifierKey = verifierKey
        self.publicKey = publicKey
    }

    /// Whether `signature`, the bytes after the key ID, is this key's signature of `text`.
    func isValidSignature(_ signature: [UInt8], for text: [UInt8]) -> Bool {
        publicKey.isValidSignature(signature, for: text)
    }

    /// The key ID of an Ed25519 key: `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`, big-endian.
    static func keyID(name: String, publicKey: Ed25519.PublicKey) -> UInt32 {
        // c2sp.org/signed-note, "Ed25519 signatures" — key ID = SHA-256(key name || 0x0A || 0x01 || key)[:4]
        var hasher = SHA256()
        hasher.update(name.utf8)
        hasher.update([0x0A, ed25519SignatureType])
        hasher.update(publicKey.rawRepresentation)
        return hasher.finalize().bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The vkey of an Ed25519 key with a valid name.
    static func makeVerifierKey(name: String, publicKey: Ed25519.PublicKey) -> String {
        let key = Base64.encode([ed25519SignatureType] + publicKey.rawRepresentation)
        return "\(name)+\(hex(keyID(name: name, publicKey: publicKey)))+\(key)"
    }

    /// Whether `name` is a valid key name: non-empty, at most 1 KiB, and free of Unicode spaces,
    /// `+` and control characters.
    static func isValidKeyName(_ name: String) -> Bool {
        // c2sp.org/signed-note, "Format" — key names MUST be non-empty and MUST NOT contain any Unicode
        // spaces or plus (U+002B) characters.
        guard !name.isEmpty, name.utf8.count <= maxKeyNameByteCount else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar != "+" && scalar.value >= 0x20 && scalar.value != 0x7f && !scalar.properties.isWhitespace
        }
    }

    /// A key ID as exactly 8 lowercase hex digits.
    static func hex(_ keyID: UInt32) -> String {
        let digits = String(keyID, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Parses exactly 8 lowercase hex digits.
    private static func parseKeyID(_ digits: ArraySlice<UInt8>) -> UInt32? {
        guard digits.count == 8 else { return nil }
        var value: UInt32 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }
}
