import Cryptography

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server's own token-signing key: an Ed25519 key kept in the data directory, which
/// `maestro token` signs with and the gateway verifies with.
///
/// The key lives in `<data>/keys/token-signing.pem` (PKCS#8 PEM, mode 0600). The first use creates
/// it, and the missing directories with mode 0700; later uses load it and never replace it. A key
/// file that its group or others may access is refused rather than trusted. These calls block on
/// file I/O: async callers go through the `BlockingExecutor`.
public enum LocalTokenKey {
    /// The `iss` of tokens signed with the local key.
    public static let issuer = "maestro-local"
    /// The `aud` of tokens signed with the local key.
    public static let audience = "maestro"
    /// The key file's path inside the data directory.
    public static let relativePath = "keys/token-signing.pem"

    /// The key file's path for a data directory.
    ///
    /// - Parameter dataDirectory: The data directory, such as `./maestro-data`.
    /// - Returns: `<dataDirectory>/keys/token-signing.pem`.
    public static func path(dataDirectory: String) -> String {
        keysDirectory(dataDirectory: dataDirectory) + "/token-signing.pem"
    }

    /// The directory holding the key file: `<dataDirectory>/keys`.
    static func keysDirectory(dataDirectory: String) -> String {
        (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "keys"
    }

    /// Loads the local signing key, creating it on first use.
    ///
    /// - Parameter dataDirectory: The data directory, created if missing.
    /// - Returns: The key and its key ID, the hex of the first 8 bytes of the SHA-256 of the raw public key.
    /// - Throws: `gateway.token_key_insecure` if the file's mode gives its group or others any
    ///   access; `CryptographyError` (`cryptography.key_file_unreadable`,
    ///   `cryptography.key_file_unwritable`, `cryptography.invalid_key_encoding`) if it cannot be
    ///   read, created or parsed.
    public static func loadOrCreate(dataDirectory: String) throws -> (key: Ed25519.PrivateKey, kid: String) {
        let path = path(dataDirectory: dataDirectory)
        let key: Ed25519.PrivateKey
        if try fileExists(path) {
            key = try load(path)
        } else {
            try makeDirectories(path: keysDirectory(dataDirectory: dataDirectory))
            let generated = try Ed25519.PrivateKey.generate()
            do {
                try generated.save(toFile: path)
                key = generated
            } catch let error where error.code == .keyFileExists {
                // Another process created it between our check and our save: use theirs.
                key = try load(path)
            }
        }
        return (key, keyID(for: key.publicKey))
    }

    /// The key that verifies tokens signed with the local key, creating the key on first use.
    ///
    /// - Parameter dataDirectory: The data directory.
    /// - Returns: An EdDSA verification key named by the local key's `kid`.
    /// - Throws: as ``loadOrCreate(dataDirectory:)``.
    public static func verificationKey(dataDirectory: String) throws -> VerificationKey {
        let (key, kid) = try loadOrCreate(dataDirectory: dataDirectory)
        return try VerificationKey(kid: kid, .eddsa(key.publicKey))
    }

    /// The key ID of a public key: the lowercase hex of the first 8 bytes of SHA-256 of its raw form.
    static func keyID(for publicKey: Ed25519.PublicKey) -> String {
        Hex.encode(SHA256.hash(publicKey.rawRepresentation).bytes.prefix(8))
    }

    /// Loads the key file after checking that only its owner may access it.
    private static func load(_ path: String) throws -> Ed25519.PrivateKey {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw CryptographyError(.keyFileUnreadable, "cannot inspect key file `\(path)`: \(errorText())")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw CryptographyError(.keyFileUnreadable, "key file `\(path)` is not a regular file")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw AuthError(
                AuthErrorCode.tokenKeyInsecure,
                "key file `\(path)` has mode \(octal(mode)), which lets its group or others access it; "
                    + "run `chmod 600 \(path)`")
        }
        return try Ed25519.PrivateKey.load(fromFile: path)
    }

    /// Whether something exists at `path` (following symbolic links).
    private static func fileExists(_ path: String) throws(CryptographyError) -> Bool {
        var status = stat()
        if stat(path, &status) == 0 { return true }
        if errno == ENOENT { return false }
        throw CryptographyError(.keyFileUnreadable, "cannot inspect key file `\(path)`: \(errorText())")
    }

    /// Creates `directory` and its missing ancestors, each with mode 0700.
    private static func makeDirectories(path directory: String) throws(CryptographyError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) == 0 {
                // The umask may only have removed bits; set the mode outright all the same.
                chmod(prefix, 0o700)
            } else if errno != EEXIST {
                throw CryptographyError(.keyFileUnwritable, "cannot create directory `\(prefix)`: \(errorText())")
            }
            prefix += "/"
        }
    }

    /// A file mode as four octal digits, such as `0644`.
    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The text of the current `errno`.
    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
