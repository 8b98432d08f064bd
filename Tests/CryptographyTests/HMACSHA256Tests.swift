import TestSupport
import Testing

@testable import Cryptography

struct HMACSHA256Tests {
    // MARK: - Third-party vectors (shared/vectors/hmac)

    /// A 128-bit tag size means the tag is the MAC's first 16 bytes; `invalid` tags must not verify.
    @Test(.enabled(if: Vectors.shouldRun("hmac"), Comment(rawValue: Vectors.skipMessage("hmac"))))
    func agreesWithEveryWycheproofTest() throws {
        let file = try VectorFiles.jsonObject("hmac/hmac_sha256_test.json")
        var exercised = 0
        for group in try file.objects("testGroups") {
            let tagByteCount = try group.int("tagSize") / 8
            for test in try group.objects("tests") {
                let id = try test.int("tcId")
                let key = TestHex.bytes(try test.string("key"))
                let message = TestHex.bytes(try test.string("msg"))
                let tag = TestHex.bytes(try test.string("tag"))
                let result = try test.string("result")
                #expect(result == "valid" || result == "invalid", "tcId \(id): unexpected result \(result)")

                let code = HMACSHA256.authenticationCode(for: message, key: key)
                let verifies = ConstantTime.isEqual(code.prefix(tagByteCount), tag)
                #expect(verifies == (result == "valid"), "tcId \(id)")
                if tagByteCount == HMACSHA256.byteCount {
                    let isValid = HMACSHA256.isValidAuthenticationCode(tag, for: message, key: key)
                    #expect(isValid == (result == "valid"), "tcId \(id)")
                }
                exercised += 1
            }
        }
        #expect(exercised == (try file.int("numberOfTests")))
        #expect(exercised == 174)
    }

    @Test(.enabled(if: Vectors.shouldRun("hmac"), Comment(rawValue: Vectors.skipMessage("hmac"))))
    func matchesEveryRFC4231TestCase() throws {
        let cases = try VectorFiles.jsonObject("hmac/rfc4231.json").objects("cases")
        #expect(cases.count == 7)
        for testCase in cases {
            let id = try testCase.string("id")
            let key = TestHex.bytes(try testCase.string("key"))
            let data = TestHex.bytes(try testCase.string("data"))
            let expected = TestHex.bytes(try testCase.string("hmacSha256"))
            let code = HMACSHA256.authenticationCode(for: data, key: key)
            if let truncateBits = testCase["truncateBits"] as? Int {
                #expect(Array(code.prefix(truncateBits / 8)) == expected, "\(id)")
            } else {
                #expect(code == expected, "\(id)")
                #expect(HMACSHA256.isValidAuthenticationCode(expected, for: data, key: key), "\(id)")
            }
        }
    }

    // MARK: - Properties

    @Test func incrementalUpdatesAgreeWithOneShot() {
        let key = Array("webhook secret".utf8)
        let id = Array("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W".utf8)
        let timestamp = Array("1674087231".utf8)
        let body = Array(#"{"type":"run.completed"}"#.utf8)
        var authenticator = HMACSHA256(key: key)
        authenticator.update(id)
        authenticator.update([UInt8(ascii: ".")])
        timestamp.withUnsafeBytes { authenticator.update($0) }
        authenticator.update(CollectionOfOne(UInt8(ascii: ".")))
        authenticator.update(body.lazy.map { $0 })
        let joined = id + [UInt8(ascii: ".")] + timestamp + [UInt8(ascii: ".")] + body
        #expect(authenticator.finalize() == HMACSHA256.authenticationCode(for: joined, key: key))
    }

    @Test func finalizeResetsUnderTheSameKey() {
        let key = [UInt8](repeating: 0x42, count: 32)
        var authenticator = HMACSHA256(key: key)
        authenticator.update(Array("one".utf8))
        #expect(authenticator.finalize() == HMACSHA256.authenticationCode(for: Array("one".utf8), key: key))
        authenticator.update(Array("two".utf8))
        #expect(authenticator.finalize() == HMACSHA256.authenticationCode(for: Array("two".utf8), key: key))
        #expect(authenticator.finalize() == HMACSHA256.authenticationCode(for: [UInt8](), key: key))
    }

    /// RFC 2104 §2: a key shorter than the block is zero-padded, a longer one is hashed first.
    @Test func treatsKeysAsRFC2104Specifies() {
        let message = Array("message".utf8)
        let empty = HMACSHA256.authenticationCode(for: message, key: [UInt8]())
        #expect(empty == HMACSHA256.authenticationCode(for: message, key: [UInt8](repeating: 0, count: 64)))
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        let hashedKey = SHA256.hash(longKey).bytes
        #expect(
            HMACSHA256.authenticationCode(for: message, key: longKey)
                == HMACSHA256.authenticationCode(for: message, key: hashedKey))
    }

    @Test func acceptsOnlyTheWholeExactCode() {
        let key = Array("key".utf8)
        let message = Array("message".utf8)
        let code = HMACSHA256.authenticationCode(for: message, key: key)
        #expect(code.count == 32)
        #expect(HMACSHA256.isValidAuthenticationCode(code, for: message, key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(code.prefix(16), for: message, key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(code + [0], for: message, key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode([UInt8](), for: message, key: key))
        for index in [0, 15, 31] {
            var tampered = code
            tampered[index] ^= 0x01
            #expect(!HMACSHA256.isValidAuthenticationCode(tampered, for: message, key: key), "byte \(index)")
        }
        #expect(!HMACSHA256.isValidAuthenticationCode(code, for: message + [0], key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(code, for: message, key: key + [1]))
    }
}
