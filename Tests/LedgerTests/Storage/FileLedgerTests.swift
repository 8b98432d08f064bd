import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Ledger

/// The file-backed ledger: appends are durable, proofs verify against its signed checkpoints, its
/// files are the tlog-tiles layout, and reopening recovers from what a crash leaves behind.
struct FileLedgerTests {
    static func configuration(_ directory: TemporaryDirectory) -> LedgerConfiguration {
        LedgerConfiguration(dataDirectory: directory.path("data"), origin: "test.example/ledger")
    }

    static func entry(_ index: Int) -> [UInt8] { Array(#"{"n":\#(index)}"#.utf8) }

    @Test func appendsProvesAndPublishesTheTileLayout() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try FileLedger(configuration: Self.configuration(directory))
        var expected = InMemoryTree()
        var hasher = TreeHasher()
        for index in 0..<600 {
            let appended = try await ledger.append(Self.entry(index))
            #expect(appended.leafIndex == UInt64(index))
            #expect(appended.leafHash == hasher.leafHash(Self.entry(index)))
            expected.append(leafHash: appended.leafHash, hasher: &hasher)
        }
        let (checkpoint, note) = ledger.checkpoint
        #expect(checkpoint.treeSize == 600)
        #expect(checkpoint.rootHash == expected.rootHash)
        let vkey = try String(contentsOfFile: directory.path("data/keys/ledger.vkey"), encoding: .utf8)
        #expect(
            try Checkpoint.open(note: note, verifier: NoteVerifier(verifierKey: vkey.trimmingCharacters(in: .newlines)))
                == checkpoint)
        for index in [0, 1, 255, 256, 511, 512, 599] as [UInt64] {
            let proof = try ledger.inclusionProof(leafIndex: index)
            try proof.verify(leafHash: expected.levels[0][Int(index)], rootHash: checkpoint.rootHash)
            #expect(try ledger.entry(at: index) == Self.entry(Int(index)))
        }
        for oldSize in [1, 255, 256, 257, 599] as [UInt64] {
            try ledger.consistencyProof(oldSize: oldSize).verify(
                oldRoot: expected.rootHash(treeSize: oldSize), rootHash: checkpoint.rootHash)
        }
        #expect(try ledger.rootHash(treeSize: 300) == expected.rootHash(treeSize: 300))
        // On disk: exactly the hash tiles a third party computes, and the entry bundles.
        for file in TileLayout.hashTiles(of: expected, treeSize: 600) {
            #expect(
                FileManager.default.contents(atPath: directory.path("data/ledger/" + file.path)) == Data(file.bytes),
                "\(file.path)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("data/ledger/tile/0/000.p")))
        let bundle = try #require(
            FileManager.default.contents(atPath: directory.path("data/ledger/tile/entries/002.p/88")))
        #expect(try EntryBundle.decode(Array(bundle), path: "") == (512..<600).map(Self.entry))
        ledger.close()
        await #expect(throws: LedgerError(.closed, "")) { try await ledger.append([1]) }
    }

    @Test func reopensWhereItStoppedAndKeepsIdempotencyKeys() async throws {
        let directory = try TemporaryDirectory()
        var ledger = try FileLedger(configuration: Self.configuration(directory))
        let first = try await ledger.append(Self.entry(0), idempotencyKey: "publish:w1:1")
        #expect(try await ledger.append(Self.entry(0), idempotencyKey: "publish:w1:1") == first)
        await #expect(throws: LedgerError(.idempotencyConflict, "")) {
            try await ledger.append(Self.entry(1), idempotencyKey: "publish:w1:1")
        }
        for index in 1..<300 { _ = try await ledger.append(Self.entry(index)) }
        let before = ledger.checkpoint
        ledger.close()

        ledger = try FileLedger(configuration: Self.configuration(directory))
        #expect(ledger.discardedBytes == 0)
        #expect(ledger.checkpoint.note == before.note)  // nothing new to sign
        #expect(try await ledger.append(Self.entry(0), idempotencyKey: "publish:w1:1") == first)
        let next = try await ledger.append(Self.entry(300))
        #expect(next.leafIndex == 300)
        try ledger.consistencyProof(oldSize: 300).verify(
            oldRoot: before.checkpoint.rootHash, rootHash: ledger.checkpoint.checkpoint.rootHash)
        ledger.close()
    }

    @Test func cutsATornJournalTailAndRewritesLostTiles() async throws {
        let directory = try TemporaryDirectory()
        var ledger = try FileLedger(configuration: Self.configuration(directory))
        for index in 0..<260 { _ = try await ledger.append(Self.entry(index)) }
        let before = ledger.checkpoint
        ledger.close()
        // A write the crash tore: half a record after the last whole one.
        let journal = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.path("data/ledger/.journal")))
        try journal.seekToEnd()
        try journal.write(contentsOf: Data([0, 0, 0, 40, 0, 0, 1, 2, 3]))
        try journal.close()
        // Files written without a sync that the crash lost.
        try FileManager.default.removeItem(atPath: directory.path("data/ledger/tile/0/000"))
        try FileManager.default.removeItem(atPath: directory.path("data/ledger/tile/entries/001.p/4"))

        ledger = try FileLedger(configuration: Self.configuration(directory))
        #expect(ledger.discardedBytes == 9)
        #expect(ledger.checkpoint.checkpoint == before.checkpoint)
        #expect(FileManager.default.fileExists(atPath: directory.path("data/ledger/tile/0/000")))
        #expect(try ledger.entry(at: 259) == Self.entry(259))
        try ledger.inclusionProof(leafIndex: 3).verify(
            leafHash: TreeHasher.leafHash(of: Self.entry(3)), rootHash: before.checkpoint.rootHash)
        #expect(try await ledger.append(Self.entry(260)).leafIndex == 260)
        ledger.close()
    }

    @Test func refusesToSignPastACheckpointItsEntriesDoNotMatch() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try FileLedger(configuration: Self.configuration(directory))
        for index in 0..<10 { _ = try await ledger.append(Self.entry(index)) }
        ledger.close()
        // The journal loses its last entries (a disk that lied about a sync).
        let path = directory.path("data/ledger/.journal")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try bytes.prefix(bytes.count - 20).write(to: URL(fileURLWithPath: path))
        #expect(throws: LedgerError(.checkpointInconsistent, "")) {
            _ = try FileLedger(configuration: Self.configuration(directory))
        }
    }

    @Test func refusesOversizedEntriesAndKeys() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try FileLedger(configuration: Self.configuration(directory))
        await #expect(throws: LedgerError(.entryTooLarge, "")) {
            try await ledger.append(Array(repeating: 1, count: 65_536))
        }
        await #expect(throws: LedgerError(.entryTooLarge, "")) {
            try await ledger.append([1], idempotencyKey: String(repeating: "k", count: 1025))
        }
        #expect(try await ledger.append(Array(repeating: 1, count: 65_535)).leafIndex == 0)
        #expect(throws: LedgerError(.leafIndexOutOfRange, "")) { try ledger.entry(at: 1) }
        #expect(throws: LedgerError(.treeSizeInvalid, "")) { try ledger.inclusionProof(leafIndex: 0, treeSize: 2) }
        ledger.close()
    }

    @Test func batchesConcurrentAppendsIntoOneOrder() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try FileLedger(configuration: Self.configuration(directory))
        let indices = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for index in 0..<1000 { group.addTask { try await ledger.append(Self.entry(index)).leafIndex } }
            return try await group.reduce(into: Set<UInt64>()) { $0.insert($1) }
        }
        #expect(indices == Set(0..<1000))
        #expect(ledger.checkpoint.checkpoint.treeSize == 1000)
        ledger.close()
    }
}
