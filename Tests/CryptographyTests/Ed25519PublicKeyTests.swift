import TestSupport
import Testing

@testable import Cryptography

struct Ed25519PublicKeyTests {
    // MARK: - Third-party vectors (shared/vectors/ed25519)

    /// A key that fails to import makes every signature under it invalid.
    @Test(.enabled(if: Vectors.shouldRun("ed25519"), Comment(rawValue: Vectors.skipMessage("ed25519"))))
    func agreesWithEveryWycheproofTest() throws {
        let file = try VectorFiles.jsonObject("ed25519/ed25519_test.json")
        var exercised = 0
        for group in try file.objects("testGroups") {
            let rawKey = TestHex.bytes(try group.object("publicKey").string("pk"))
            let key = try? Ed25519.PublicKey(rawRepresentation: rawKey)
            // The group's PEM form must name the same key.
            let pemKey = try Ed25519.PublicKey(pemRepresentation: try group.string("publicKeyPem"))
            #expect(pemKey.rawRepresentation == rawKey)

            for test in try group.objects("tests") {
                let id = try test.int("tcId")
                let message = TestHex.bytes(try test.string("msg"))
                let signature = TestHex.bytes(try test.string("sig"))
                let result = try test.string("result")
                let comment = try test.string("comment")
                #expect(result == "valid" || result == "invalid", "tcId \(id): unexpected result \(result)")
                let isValid = key?.isValidSignature(signature, for: message) ?? false
                #expect(isValid == (result == "valid"), "tcId \(id): \(comment)")
                exercised += 1
            }
        }
        #expect(exercised == (try file.int("numberOfTests")))
        #expect(exercised == 151)
    }

    // MARK: - Raw and PEM forms

    @Test func rejectsRawKeysOfTheWrongLength() {
        for length in [0, 31, 33, 64] {
            #expect(throws: CryptographyError(.invalidKeyLength, "")) {
                try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: length))
            }
        }
    }

    @Test func roundTripsThroughPEM() throws {
        let key = try Ed25519.PrivateKey.generate().publicKey
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(pem.hasSuffix("-----END PUBLIC KEY-----\n"))
        // RFC 8410 §4: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING { key } }.
        #expect(try PEMText.der(pem) == TestHex.bytes("302a300506032b6570032100") + key.rawRepresentation)
        #expect(try Ed25519.PublicKey(pemRepresentation: pem) == key)
    }

    @Test func rejectsPEMThatIsNotAnEd25519PublicKey() throws {
        let key = try Ed25519.PrivateKey.generate()
        let der = try PEMText.der(key.publicKey.pemRepresentation)
        var x25519 = der
        x25519[10] = 0x6e  // OID 1.3.101.110, X25519
        var trailing = der
        trailing[1] += 1
        trailing.append(0)
        let rejected = [
            "",
            "not a key",
            "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
            key.pemRepresentation,
            PEMText.make(label: "PUBLIC KEY", der: x25519),
            PEMText.make(label: "PUBLIC KEY", der: Array(der.dropLast())),
            PEMText.make(label: "PUBLIC KEY", der: der + [0]),
            PEMText.make(label: "PUBLIC KEY", der: trailing),
            PEMText.make(label: "CERTIFICATE", der: der),
        ]
        for (index, pem) in rejected.enumerated() {
            #expect(throws: CryptographyError(.invalidKeyEncoding, ""), "case \(index)") {
                try Ed25519.PublicKey(pemRepresentation: pem)
            }
        }
    }

    // MARK: - Verification

    @Test func rejectsSignaturesOfTheWrongLength() throws {
        let key = try Ed25519.PrivateKey.generate()
        let message = Array("message".utf8)
        let signature = try key.signature(for: message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature.dropLast(), for: message))
        #expect(!key.publicKey.isValidSignature(signature + [0], for: message))
        #expect(!key.publicKey.isValidSignature([UInt8](), for: message))
    }

    @Test func rejectsAnySingleFlippedBit() throws {
        let key = try Ed25519.PrivateKey.generate()
        let message = (0..<100).map { UInt8($0) }
        let signature = try key.signature(for: message)
        for bit in [0, 7, 8 * 50 + 3, 8 * 99 + 7] {
            var tampered = message
            tampered[bit / 8] ^= 1 << (bit % 8)
            #expect(!key.publicKey.isValidSignature(signature, for: tampered), "message bit \(bit)")
        }
        // Bits in R, in R's sign bit, in S's low byte and in S's top byte.
        for bit in [0, 8 * 31 + 7, 8 * 32, 8 * 63 + 6, 8 * 63 + 7] {
            var tampered = signature
            tampered[bit / 8] ^= 1 << (bit % 8)
            #expect(!key.publicKey.isValidSignature(tampered, for: message), "signature bit \(bit)")
        }
        var otherKey = key.publicKey.rawRepresentation
        otherKey[0] ^= 1
        let wrongKey = try Ed25519.PublicKey(rawRepresentation: otherKey)
        #expect(!wrongKey.isValidSignature(signature, for: message))
    }

    @Test func verifiesConcurrentlyFromManyTasks() async throws {
        let key = try Ed25519.PrivateKey.generate()
        let publicKey = key.publicKey
        let message = Array("shared".utf8)
        let signature = try key.signature(for: message)
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<50).allSatisfy { _ in publicKey.isValidSignature(signature, for: message) }
                }
            }
            for await allValid in group { #expect(allValid) }
        }
    }

    @Test func equalKeysHaveEqualEncodings() throws {
        let key = try Ed25519.PrivateKey.generate().publicKey
        let copy = try Ed25519.PublicKey(rawRepresentation: key.rawRepresentation)
        #expect(key == copy)
        #expect(Set([key, copy]).count == 1)
        #expect(key.description == "Ed25519.PublicKey(\(TestHex.string(key.rawRepresentation)))")
    }
}
