import TestSupport
import Testing

@testable import Cryptography

struct SHA256DigestTests {
    private let sample: [UInt8] = (0..<32).map { UInt8($0 * 7 + 1) }

    @Test func holdsItsBytesInlineInThirtyTwoBytes() {
        #expect(MemoryLayout<SHA256Digest>.size == 32)
        #expect(SHA256Digest.byteCount == 32)
    }

    @Test func roundTripsItsBytesInOrder() throws {
        let digest = try #require(SHA256Digest(bytes: sample))
        #expect(digest.bytes == sample)
        digest.withUnsafeBytes { raw in
            #expect(Array(raw) == sample)
        }
        #expect(SHA256Digest(bytes: sample[...]) == digest)
    }

    @Test func rejectsAnyLengthButThirtyTwo() {
        #expect(SHA256Digest(bytes: [UInt8]()) == nil)
        #expect(SHA256Digest(bytes: Array(sample.dropLast())) == nil)
        #expect(SHA256Digest(bytes: sample + [0]) == nil)
    }

    @Test func showsLowercaseHex() throws {
        let digest = try #require(SHA256Digest(bytes: sample))
        #expect(digest.hex == TestHex.string(sample))
        #expect(digest.description == digest.hex)
        #expect(digest.hex.count == 64)
    }

    @Test func equalityAndHashingFollowTheBytes() throws {
        let a = try #require(SHA256Digest(bytes: sample))
        var flipped = sample
        flipped[31] ^= 1
        let b = try #require(SHA256Digest(bytes: flipped))
        #expect(a != b)
        #expect(Set([a, b, a]).count == 2)
    }
}
