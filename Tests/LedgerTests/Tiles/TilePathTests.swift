import Testing

@testable import Ledger

struct TilePathTests {
    @Test func writesIndicesInGroupsOfThreeDigits() {
        #expect(TilePath.encode(index: 0) == "000")
        #expect(TilePath.encode(index: 7) == "007")
        #expect(TilePath.encode(index: 999) == "999")
        #expect(TilePath.encode(index: 1000) == "x001/000")
        #expect(TilePath.encode(index: 1_234_067) == "x001/x234/067")
        #expect(TilePath.encode(index: UInt64.max) == "x018/x446/x744/x073/x709/x551/615")
    }

    @Test func namesFullAndPartialTiles() {
        #expect(TilePath.hashTile(level: 0, index: 1234067) == "tile/0/x001/x234/067")
        #expect(TilePath.hashTile(level: 1, index: 1, width: 44) == "tile/1/001.p/44")
        #expect(TilePath.entryBundle(index: 0) == "tile/entries/000")
        #expect(TilePath.entryBundle(index: 2, width: 1) == "tile/entries/002.p/1")
    }

    @Test func entryBundlesRoundTripAndRefuseTruncation() throws {
        let entries: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 7, count: 65_535)]
        let bytes = EntryBundle.encode(entries)
        #expect(Array(bytes.prefix(7)) == [0, 0, 0, 3, 1, 2, 3])
        #expect(try EntryBundle.decode(bytes, path: "b") == entries)
        #expect(throws: LedgerError(.corrupt, "")) { try EntryBundle.decode(Array(bytes.dropLast()), path: "b") }
        #expect(throws: LedgerError(.corrupt, "")) { try EntryBundle.decode([0], path: "b") }
        let tooMany = EntryBundle.encode(Array(repeating: [UInt8](), count: 257))
        #expect(throws: LedgerError(.corrupt, "")) { try EntryBundle.decode(tooMany, path: "b") }
    }
}
