import Testing

@testable import PolicyEngine

struct RecordTests {
    @Test(arguments: [3, 8, 9, 100])
    func findsEveryKeyWhateverTheSize(_ count: Int) {
        var record = Record()
        for index in 0..<count { record["key\(index)"] = .long(Int64(index)) }
        #expect(record.count == count)
        for index in 0..<count { #expect(record["key\(index)"] == .long(Int64(index))) }
        #expect(record["key\(count)"] == nil)
        #expect(record.value(for: "key0", hash: Record.hash("key0")) == .long(0))
    }

    @Test func replacesAndRemoves() {
        var record: Record = ["a": .long(1), "b": .long(2)]
        record["a"] = .long(3)
        record["b"] = nil
        #expect(record == ["a": .long(3)])
        for index in 0..<20 { record["k\(index)"] = .bool(true) }
        for index in 0..<20 { record["k\(index)"] = nil }
        #expect(record == ["a": .long(3)])
        #expect(record["k5"] == nil)
    }

    @Test func equalityAndHashIgnoreOrder() {
        let a: Record = ["x": .long(1), "y": .string("s")]
        let b: Record = ["y": .string("s"), "x": .long(1)]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != ["x": .long(1)])
    }

    @Test func keysCompareByExactCodePoints() {
        let record: Record = ["\u{E9}": .long(1)]
        #expect(record["e\u{301}"] == nil)
        #expect(record["\u{E9}"] == .long(1))
    }
}
