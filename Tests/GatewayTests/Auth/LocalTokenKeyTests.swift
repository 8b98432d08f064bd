import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Gateway

struct LocalTokenKeyTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func createsTheKeyFileWithOwnerOnlyModesOnFirstUse() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("nested/data")
        let (key, kid) = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        let path = LocalTokenKey.path(dataDirectory: data)
        #expect(path == data + "/keys/token-signing.pem")
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(data + "/keys") == 0o700)
        #expect(try Self.mode(data) == 0o700)
        #expect(try Self.mode(directory.path("nested")) == 0o700)
        // PKCS#8 PEM that loads to the same key.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try Ed25519.PrivateKey.load(fromFile: path).publicKey == key.publicKey)
        // kid: the first 8 bytes of SHA-256 of the raw public key, in hex.
        #expect(kid == TestHex.string(SHA256.hash(key.publicKey.rawRepresentation).bytes.prefix(8)))
        #expect(kid.count == 16)
    }

    @Test func reloadsTheSameKeyAndNeverOverwritesIt() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        let first = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        let path = LocalTokenKey.path(dataDirectory: data)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let second = try LocalTokenKey.loadOrCreate(dataDirectory: data + "/")
        #expect(second.kid == first.kid)
        #expect(second.key.publicKey == first.key.publicKey)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func loadsAKeyFileThatAlreadyExists() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        try FileManager.default.createDirectory(atPath: data + "/keys", withIntermediateDirectories: true)
        let key = try Ed25519.PrivateKey.generate()
        try key.save(toFile: data + "/keys/token-signing.pem")
        let loaded = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        #expect(loaded.key.publicKey == key.publicKey)
        #expect(loaded.kid == LocalTokenKey.keyID(for: key.publicKey))
    }

    @Test func refusesAKeyFileOthersCanRead() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        _ = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        let path = LocalTokenKey.path(dataDirectory: data)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for mode in [0o644, 0o640, 0o604, 0o660, 0o602] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            let error = #expect(throws: AuthError.self) { try LocalTokenKey.loadOrCreate(dataDirectory: data) }
            #expect(error?.code == AuthErrorCode.tokenKeyInsecure)
            #expect(error?.message.contains("chmod 600") == true)
            #expect(throws: AuthError(AuthErrorCode.tokenKeyInsecure, "")) {
                try LocalTokenKey.verificationKey(dataDirectory: data)
            }
        }
        // The file was left alone.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try Self.mode(path) == 0o602)
    }

    @Test func refusesAKeyFileThatIsNotAKey() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("data/keys/token-signing.pem", "not a key\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(throws: CryptographyError(.invalidKeyEncoding, "")) {
            try LocalTokenKey.loadOrCreate(dataDirectory: directory.path("data"))
        }
    }

    @Test func verificationKeyVerifiesTokensSignedWithTheLocalKey() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        let (key, kid) = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        let verificationKey = try LocalTokenKey.verificationKey(dataDirectory: data)
        #expect(verificationKey.kid == kid)
        #expect(verificationKey.algorithm == "EdDSA")
        let token = try TokenIssuer(key: key, kid: kid, issuer: LocalTokenKey.issuer, audience: LocalTokenKey.audience)
            .issue(claims: ["sub": "a"], now: 1000, lifetime: 60)
        let verifier = TokenVerifier(
            keys: [verificationKey], issuer: LocalTokenKey.issuer, audience: LocalTokenKey.audience)
        #expect(try verifier.verify(token, now: 1000)["sub"] == "a")
        #expect(LocalTokenKey.issuer == "maestro-local")
        #expect(LocalTokenKey.audience == "maestro")
    }
}
