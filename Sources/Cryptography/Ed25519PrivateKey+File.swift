extension Ed25519.PrivateKey {
    /// Reads a private key from a PEM file, as written by ``save(toFile:)`` or `openssl genpkey`.
    ///
    /// The file's bytes are wiped from memory once parsed. The call blocks on file I/O.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: The key.
    /// - Throws: `cryptography.key_file_unreadable` if the file cannot be read or is over 64 KiB;
    ///   `cryptography.invalid_key_encoding` if it does not hold an unencrypted PKCS#8 Ed25519 key.
    public static func load(fromFile path: String) throws(CryptographyError) -> Self {
        var contents = try KeyFile.contents(ofFile: path)
        defer { LibCrypto.cleanse(&contents) }
        let parsed = contents.withUnsafeBufferPointer { pem in
            Result { () throws(CryptographyError) in try Self(pemBytes: pem) }
        }
        return try parsed.get()
    }

    /// Saves the key to a new PEM file with mode 0600, atomically, never replacing an existing file.
    ///
    /// The key is written to a temporary file beside `path`, synced, then linked into place, so
    /// the file at `path` either does not exist or holds the whole key. The call blocks on file
    /// I/O and `fsync`.
    ///
    /// - Parameter path: The new file's path; its directory must exist.
    /// - Throws: `cryptography.key_file_exists` if a file already exists at `path`;
    ///   `cryptography.key_file_unwritable` if the file cannot be created, written or synced.
    public func save(toFile path: String) throws(CryptographyError) {
        var contents = key.privateKeyPEM()
        defer { LibCrypto.cleanse(&contents) }
        try KeyFile.createNew(path: path, contents: contents)
    }
}
