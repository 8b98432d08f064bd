import Foundation
import Testing

@testable import Cryptography

struct Ed25519PrivateKeyFileTests {
    /// Runs `body` with a fresh empty directory that is removed afterwards.
    private func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("maestro-crypto-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: url) }
        try body(url.path)
    }

    @Test func savesAnOwnerOnlyFileThatLoadsBack() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/signing.pem"
            let key = try Ed25519.PrivateKey.generate()
            try key.save(toFile: path)

            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == key.pemRepresentation)
            // The temporary file is gone.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["signing.pem"])

            let loaded = try Ed25519.PrivateKey.load(fromFile: path)
            #expect(loaded.rawRepresentation == key.rawRepresentation)
            #expect(loaded.publicKey == key.publicKey)
        }
    }

    @Test func refusesToReplaceAnExistingFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/signing.pem"
            let first = try Ed25519.PrivateKey.generate()
            try first.save(toFile: path)
            #expect(throws: CryptographyError(.keyFileExists, "")) {
                try Ed25519.PrivateKey.generate().save(toFile: path)
            }
            #expect(try Ed25519.PrivateKey.load(fromFile: path).publicKey == first.publicKey)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["signing.pem"])
        }
    }

    @Test func reportsAMissingDirectoryAsUnwritable() throws {
        try withTemporaryDirectory { directory in
            let key = try Ed25519.PrivateKey.generate()
            #expect(throws: CryptographyError(.keyFileUnwritable, "")) {
                try key.save(toFile: directory + "/missing/signing.pem")
            }
            #expect(throws: CryptographyError(.keyFileUnwritable, "")) {
                try key.save(toFile: directory + "/")
            }
        }
    }

    @Test func reportsMissingAndOversizedFilesAsUnreadable() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: CryptographyError(.keyFileUnreadable, "")) {
                try Ed25519.PrivateKey.load(fromFile: directory + "/absent.pem")
            }
            let large = directory + "/large.pem"
            try Data(count: KeyFile.maximumByteCount + 1).write(to: URL(fileURLWithPath: large))
            #expect(throws: CryptographyError(.keyFileUnreadable, "")) {
                try Ed25519.PrivateKey.load(fromFile: large)
            }
        }
    }

    @Test func reportsAFileWithoutAKeyAsInvalidEncoding() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/public.pem"
            let key = try Ed25519.PrivateKey.generate()
            try Data(key.publicKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: CryptographyError(.invalidKeyEncoding, "")) {
                try Ed25519.PrivateKey.load(fromFile: path)
            }
        }
    }
}
