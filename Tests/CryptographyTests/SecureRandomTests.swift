import Testing

@testable import Cryptography

struct SecureRandomTests {
    @Test func returnsExactlyTheBytesAskedFor() throws {
        #expect(try SecureRandom.bytes(count: 0) == [])
        #expect(try SecureRandom.bytes(count: 1).count == 1)
        #expect(try SecureRandom.bytes(count: 32).count == 32)
    }

    @Test func neverRepeatsAThirtyTwoByteValue() throws {
        var seen = Set<[UInt8]>()
        for _ in 0..<100 {
            #expect(seen.insert(try SecureRandom.bytes(count: 32)).inserted)
        }
    }

    @Test func fillsEveryByteOfABuffer() throws {
        // The chance that a given byte stays zero in each of 8 fills is 2^-64.
        var everSet = [Bool](repeating: false, count: 1 << 16)
        for _ in 0..<8 {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            try buffer.withUnsafeMutableBytes { try SecureRandom.fill($0) }
            for (index, byte) in buffer.enumerated() where byte != 0 { everSet[index] = true }
        }
        #expect(everSet.allSatisfy { $0 })
        try SecureRandom.fill(UnsafeMutableRawBufferPointer(start: nil, count: 0))
    }
}
