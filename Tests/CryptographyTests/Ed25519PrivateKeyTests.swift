import Foundation
import TestSupport
import Testing

@testable import Cryptography

struct Ed25519PrivateKeyTests {
    // MARK: - Third-party vectors (shared/vectors/ed25519)

    @Test(.enabled(if: Vectors.shouldRun("ed25519"), Comment(rawValue: Vectors.skipMessage("ed25519"))))
    func matchesEveryRFC8032Section71Test() throws {
        let cases = try VectorFiles.jsonObject("ed25519/rfc8032_7_1.json").objects("cases")
        #expect(cases.count == 5)
        for testCase in cases {
            let name = try testCase.string("name")
            try expectKnownAnswer(
                seed: TestHex.bytes(try testCase.string("secretKey")),
                publicKey: TestHex.bytes(try testCase.string("publicKey")),
                message: TestHex.bytes(try testCase.string("message")),
                signature: TestHex.bytes(try testCase.string("signature")),
                label: name)
        }
    }

    /// Fields per line: `seed‖pk : pk : msg : sig‖msg :`.
    @Test(.enabled(if: Vectors.shouldRun("ed25519"), Comment(rawValue: Vectors.skipMessage("ed25519"))))
    func matchesEveryLineOfSignInput() throws {
        let text = String(decoding: try Vectors.data("ed25519/sign.input.first128"), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
        #expect(lines.count == 128)
        for (index, line) in lines.enumerated() {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count >= 4, "line \(index)")
            let seedAndKey = TestHex.bytes(fields[0])
            let message = TestHex.bytes(fields[2])
            let signatureAndMessage = TestHex.bytes(fields[3])
            #expect(message.count == index, "line \(index)")
            #expect(Array(seedAndKey[32...]) == TestHex.bytes(fields[1]), "line \(index)")
            #expect(Array(signatureAndMessage[64...]) == message, "line \(index)")
            try expectKnownAnswer(
                seed: Array(seedAndKey[..<32]),
                publicKey: TestHex.bytes(fields[1]),
                message: message,
                signature: Array(signatureAndMessage[..<64]),
                label: "line \(index)")
        }
    }

    /// Seed → public key, deterministic signature, verification.
    private func expectKnownAnswer(
        seed: [UInt8], publicKey: [UInt8], message: [UInt8], signature: [UInt8], label: String
    ) throws {
        let key = try Ed25519.PrivateKey(rawRepresentation: seed)
        #expect(key.rawRepresentation == seed, "\(label)")
        #expect(key.publicKey.rawRepresentation == publicKey, "\(label)")
        #expect(try key.signature(for: message) == signature, "\(label)")
        let verifier = try Ed25519.PublicKey(rawRepresentation: publicKey)
        #expect(verifier.isValidSignature(signature, for: message), "\(label)")
    }

    // MARK: - Keys

    @Test func generatedKeysSignAndVerify() throws {
        let key = try Ed25519.PrivateKey.generate()
        let other = try Ed25519.PrivateKey.generate()
        #expect(key.rawRepresentation != other.rawRepresentation)
        for message in [[UInt8](), Array("hello".utf8), [UInt8](repeating: 0xab, count: 10_000)] {
            let signature = try key.signature(for: message)
            #expect(signature.count == Ed25519.signatureByteCount)
            #expect(key.publicKey.isValidSignature(signature, for: message))
            #expect(!other.publicKey.isValidSignature(signature, for: message))
        }
    }

    @Test func signsDeterministicallyWhateverTheSequenceType() throws {
        let key = try Ed25519.PrivateKey.generate()
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let signature = try key.signature(for: message)
        #expect(try key.signature(for: message) == signature)
        #expect(try key.signature(for: message.lazy.map { $0 }) == signature)
        #expect(key.publicKey.isValidSignature(signature.lazy.map { $0 }, for: message[...]))
    }

    @Test func rejectsSeedsOfTheWrongLength() {
        for length in [0, 31, 33, 64] {
            #expect(throws: CryptographyError(.invalidKeyLength, "")) {
                try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: length))
            }
        }
    }

    @Test func descriptionNamesOnlyThePublicKey() throws {
        let key = try Ed25519.PrivateKey.generate()
        #expect(key.description == "Ed25519.PrivateKey(publicKey: \(TestHex.string(key.publicKey.rawRepresentation)))")
        #expect(!key.description.contains(TestHex.string(key.rawRepresentation)))
    }

    // MARK: - PEM

    @Test func roundTripsThroughPKCS8PEM() throws {
        let key = try Ed25519.PrivateKey.generate()
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        // RFC 8410 §7: version 0, OID 1.3.101.112, OCTET STRING { OCTET STRING { seed } }.
        #expect(try PEMText.der(pem) == TestHex.bytes("302e020100300506032b657004220420") + key.rawRepresentation)
        let parsed = try Ed25519.PrivateKey(pemRepresentation: pem)
        #expect(parsed.rawRepresentation == key.rawRepresentation)
        #expect(parsed.publicKey == key.publicKey)
        // Text around the block is allowed (RFC 7468 §2).
        #expect(try Ed25519.PrivateKey(pemRepresentation: "key for tests\n" + pem).publicKey == key.publicKey)
    }

    @Test func rejectsPEMThatIsNotAnUnencryptedEd25519PrivateKey() throws {
        let key = try Ed25519.PrivateKey.generate()
        let der = try PEMText.der(key.pemRepresentation)
        var x25519 = der
        x25519[11] = 0x6e  // OID 1.3.101.110: an X25519 key, valid PKCS#8 but not Ed25519
        let legacyEncrypted = key.pemRepresentation.replacingFirst(
            "-----\n", with: "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n"
        )
        let rejected = [
            "",
            "garbage",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n",
            key.publicKey.pemRepresentation,
            PEMText.make(label: "PRIVATE KEY", der: x25519),
            PEMText.make(label: "PRIVATE KEY", der: Array(der.dropLast())),
            PEMText.make(label: "PRIVATE KEY", der: der + [0]),
            PEMText.make(label: "ENCRYPTED PRIVATE KEY", der: der),
            PEMText.make(label: "ED25519 PRIVATE KEY", der: der),
            legacyEncrypted,
            String(repeating: "A", count: 70_000),
        ]
        for (index, pem) in rejected.enumerated() {
            #expect(throws: CryptographyError(.invalidKeyEncoding, ""), "case \(index)") {
                try Ed25519.PrivateKey(pemRepresentation: pem)
            }
        }
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
