import Foundation
import TestSupport
import Testing

@testable import Cryptography

struct SHA256Tests {
    // MARK: - Third-party vectors (shared/vectors/sha256)

    @Test(.enabled(if: Vectors.shouldRun("sha256"), Comment(rawValue: Vectors.skipMessage("sha256"))))
    func matchesEveryNISTShortMessage() throws {
        let records = try VectorFiles.rspRecords("sha256/SHA256ShortMsg.rsp")
        try expectDigests(of: records, file: "SHA256ShortMsg")
        #expect(records.count == 65)
    }

    @Test(.enabled(if: Vectors.shouldRun("sha256"), Comment(rawValue: Vectors.skipMessage("sha256"))))
    func matchesEveryNISTLongMessage() throws {
        let records = try VectorFiles.rspRecords("sha256/SHA256LongMsg.first8.rsp")
        try expectDigests(of: records, file: "SHA256LongMsg")
        #expect(records.count == 8)
    }

    /// SHAVS §6.4: each checkpoint hashes the previous three digests 1000 times over.
    @Test(.enabled(if: Vectors.shouldRun("sha256"), Comment(rawValue: Vectors.skipMessage("sha256"))))
    func matchesEveryNISTMonteCarloCheckpoint() throws {
        let records = try VectorFiles.rspRecords("sha256/SHA256Monte.rsp")
        let seedRecord = try #require(records.first { $0["Seed"] != nil })
        let seedHex = try #require(seedRecord["Seed"])
        var seed = try #require(SHA256Digest(bytes: TestHex.bytes(seedHex)))
        let checkpoints = records.filter { $0["COUNT"] != nil }
        #expect(checkpoints.count == 100)

        var hasher = SHA256()
        for checkpoint in checkpoints {
            let count = try #require(checkpoint["COUNT"])
            var (md0, md1, md2) = (seed, seed, seed)
            for _ in 3...1002 {
                md0.withUnsafeBytes { hasher.update($0) }
                md1.withUnsafeBytes { hasher.update($0) }
                md2.withUnsafeBytes { hasher.update($0) }
                (md0, md1, md2) = (md1, md2, hasher.finalize())
            }
            #expect(md2.hex == checkpoint["MD"], "COUNT \(count)")
            seed = md2
        }
    }

    /// Includes the 1 GiB message, fed through a 1 MiB buffer so the test never holds it whole.
    @Test(.enabled(if: Vectors.shouldRun("sha256"), Comment(rawValue: Vectors.skipMessage("sha256"))))
    func matchesEveryKnownAnswerIncludingOneGibibyte() throws {
        let cases = try VectorFiles.jsonObject("sha256/known.json").objects("cases")
        #expect(cases.count == 6)
        for testCase in cases {
            let id = try testCase.string("id")
            let text = Array(try testCase.string("text").utf8)
            let repeatCount = try testCase.int("repeat")
            var hasher = SHA256()
            if !text.isEmpty {
                let copiesPerChunk = max(1, (1 << 20) / text.count)
                let chunk = [UInt8]([[UInt8]](repeating: text, count: min(copiesPerChunk, repeatCount)).joined())
                var remaining = repeatCount
                while remaining >= copiesPerChunk {
                    hasher.update(chunk)
                    remaining -= copiesPerChunk
                }
                hasher.update(chunk[..<(remaining * text.count)])
            }
            #expect(hasher.finalize().hex == (try testCase.string("sha256")), "case \(id)")
        }
    }

    private func expectDigests(of records: [[String: String]], file: String) throws {
        for record in records {
            let lengthText = try #require(record["Len"])
            let length = try #require(Int(lengthText))
            let messageHex = try #require(record["Msg"])
            // For Len = 0 the file says Msg = 00; only the first Len / 8 bytes are the message.
            let message = Array(TestHex.bytes(messageHex).prefix(length / 8))
            let expected = try #require(record["MD"])
            #expect(SHA256.hash(message).hex == expected, "\(file) Len = \(length)")
            message.withUnsafeBytes { raw in
                #expect(SHA256.hash(raw).hex == expected, "\(file) Len = \(length), raw buffer")
            }
        }
    }

    // MARK: - Incremental use

    @Test func incrementalHashingAgreesWithOneShotAtAnySplit() {
        var generator = SystemRandomNumberGenerator()
        let message = (0..<1000).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let expected = SHA256.hash(message)
        var hasher = SHA256()
        for _ in 0..<50 {
            var start = 0
            while start < message.count {
                let end = min(message.count, start + Int.random(in: 0...150, using: &generator))
                hasher.update(message[start..<end])
                start = end
            }
            #expect(hasher.finalize() == expected)
        }
    }

    @Test func finalizeResetsTheHasherForTheNextMessage() {
        var hasher = SHA256()
        hasher.update(Array("first message".utf8))
        #expect(hasher.finalize() == SHA256.hash(Array("first message".utf8)))
        #expect(hasher.finalize() == SHA256.hash([UInt8]()))
        hasher.update(Array("second".utf8))
        #expect(hasher.finalize() == SHA256.hash(Array("second".utf8)))
    }

    @Test func nonContiguousSequencesHashLikeArrays() {
        // 10 000 bytes cross the 4 KiB streaming buffer twice.
        let streamed = SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 10_000))
        #expect(streamed == SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 10_000)))
        let mapped = SHA256.hash((0..<4096).lazy.map { UInt8(truncatingIfNeeded: $0) })
        #expect(mapped == SHA256.hash((0..<4096).map { UInt8(truncatingIfNeeded: $0) }))
    }

    @Test func emptyRawBufferHashesAsTheEmptyMessage() {
        #expect(SHA256.hash(UnsafeRawBufferPointer(start: nil, count: 0)) == SHA256.hash([UInt8]()))
    }

    @Test func hashersOnSeparateTasksDoNotInterfere() async {
        let message = [UInt8](repeating: 7, count: 4096)
        let expected = SHA256.hash(message)
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var hasher = SHA256()
                    var allEqual = true
                    for _ in 0..<200 {
                        hasher.update(message)
                        allEqual = allEqual && hasher.finalize() == expected
                    }
                    return allEqual
                }
            }
            for await allEqual in group { #expect(allEqual) }
        }
    }
}
