import Testing

@testable import Cryptography

struct ConstantTimeTests {
    @Test func equalBytesAreEqual() {
        #expect(ConstantTime.isEqual([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(ConstantTime.isEqual([UInt8](repeating: 9, count: 1000), [UInt8](repeating: 9, count: 1000)))
    }

    @Test func bytesDifferingAnywhereAreUnequal() {
        let base = [UInt8](repeating: 0x5a, count: 64)
        for index in [0, 1, 31, 63] {
            var other = base
            other[index] ^= 0x80
            #expect(!ConstantTime.isEqual(base, other), "differs at \(index)")
        }
    }

    @Test func differentLengthsAreUnequal() {
        #expect(!ConstantTime.isEqual([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(!ConstantTime.isEqual([UInt8](), [0] as [UInt8]))
    }

    @Test func emptyCollectionsAreEqual() {
        #expect(ConstantTime.isEqual([UInt8](), [UInt8]()))
        #expect(ConstantTime.isEqual([UInt8]().lazy.map { $0 }, EmptyCollection<UInt8>()))
    }

    @Test func nonContiguousCollectionsCompareTheSameWay() {
        let bytes: [UInt8] = [1, 2, 3, 4]
        #expect(ConstantTime.isEqual(bytes.lazy.map { $0 }, bytes))
        #expect(!ConstantTime.isEqual(bytes.lazy.map { $0 ^ 1 }, bytes))
        #expect(ConstantTime.isEqualByIteration(bytes, bytes))
        #expect(!ConstantTime.isEqualByIteration(bytes, [1, 2, 3, 5]))
        #expect(ConstantTime.isEqual(bytes[1...], [2, 3, 4] as [UInt8]))
    }
}
