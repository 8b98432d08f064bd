import Foundation
import TestSupport
import Testing

@testable import Gateway

/// The parser against `shared/vectors/http1/requests.json`: every case yields exactly the requests
/// and the outcome the vector expects (the strict choice), fed whole, byte by byte, and in random
/// splits.
@Suite(.enabled(if: Vectors.shouldRun("http1"), Comment(rawValue: Vectors.skipMessage("http1"))))
struct RequestParserVectorTests {
    static let vectors: [HTTPVector] = (try? HTTPVector.loadAll(Vectors.data("http1/requests.json"))) ?? []
    static let ids: [String] = vectors.map(\.id)

    @Test func fileHasAll128Cases() throws {
        let vectors = try HTTPVector.loadAll(Vectors.data("http1/requests.json"))
        #expect(vectors.count == 128)
        #expect(Set(vectors.map(\.id)).count == 128, "case ids are unique")
    }

    @Test(arguments: ids)
    func parsesAsTheVectorExpects(_ id: String) throws {
        let vector = try #require(Self.vectors.first { $0.id == id })
        let whole = ParserDriver.run(vector.bytes)
        check(vector, whole, mode: "whole")
    }

    @Test(arguments: ids)
    func parsesTheSameByteByByte(_ id: String) throws {
        let vector = try #require(Self.vectors.first { $0.id == id })
        // The 100,000-byte cases cost a next() per byte; still cheap, and they exercise the limits.
        let byByte = ParserDriver.runByteByByte(vector.bytes)
        check(vector, byByte, mode: "byte by byte")
        let whole = ParserDriver.run(vector.bytes)
        #expect(byByte.outcome == whole.outcome, "\(id): byte by byte")
        #expect(byByte.requests.map(ParserDriver.summary) == whole.requests.map(ParserDriver.summary), "\(id)")
    }

    @Test(arguments: ids)
    func parsesTheSameInRandomSplits(_ id: String) throws {
        let vector = try #require(Self.vectors.first { $0.id == id })
        let whole = ParserDriver.run(vector.bytes)
        var generator = SplitMix64(seed: id)
        for _ in 0..<16 {
            let cuts = ParserDriver.randomCuts(count: vector.bytes.count, using: &generator)
            let split = ParserDriver.run(vector.bytes, cuts: cuts)
            check(vector, split, mode: "cuts \(cuts.prefix(8))")
            #expect(split.outcome == whole.outcome, "\(id): cuts \(cuts.prefix(8))")
            #expect(split.requests.map(ParserDriver.summary) == whole.requests.map(ParserDriver.summary), "\(id)")
        }
    }

    /// Compares one run with the vector's expectation.
    private func check(_ vector: HTTPVector, _ run: ParserDriver.Run, mode: String) {
        let context = "\(vector.id) (\(mode)): \(vector.description)"
        let complete = vector.requests.filter(\.isComplete)
        let pending = vector.requests.filter { !$0.isComplete }
        #expect(
            run.requests.count == complete.count, "\(context): request count; \(run.outcome) \(run.errorMessage ?? "")")
        for (expected, request) in zip(complete, run.requests) {
            let found = HTTPVector.mismatches(expected, request.head, body: request.body, trailers: request.trailers)
            #expect(found.isEmpty, "\(context): \(found)")
        }
        switch vector.then {
        case "end":
            #expect(run.outcome == .end, "\(context)")
        case "close":
            #expect(run.outcome == .close, "\(context)")
            #expect(run.requests.last?.head.keepAlive == false, "\(context)")
        case "incomplete":
            #expect(run.outcome == .incomplete, "\(context)")
            if let expected = pending.first {
                if let head = run.pendingHead {
                    let found = HTTPVector.mismatches(expected, head, body: nil, trailers: nil)
                    #expect(found.isEmpty, "\(context): pending head \(found)")
                } else {
                    Issue.record("\(context): no pending head")
                }
            } else {
                #expect(run.pendingHead == nil, "\(context): unexpected pending head")
            }
        case "reject":
            if case .reject(let status, let code) = run.outcome {
                #expect(status == vector.status, "\(context): \(code) \(run.errorMessage ?? "")")
                #expect(HTTPParseErrorCode.all.contains { $0.code == code && $0.status == status }, "\(context)")
            } else {
                Issue.record("\(context): want reject \(vector.status ?? 0), got \(run.outcome)")
            }
        default:
            Issue.record("\(context): unknown `then` \(vector.then)")
        }
        // `.expectContinue` comes at most once per request, only for a head that expects it, and
        // before that request.
        for (index, head) in run.continues {
            #expect(head.expectsContinue, "\(context): continue for a head without 100-continue")
            #expect(run.continues.filter { $0.index == index }.count == 1, "\(context): continue twice")
        }
        if mode == "whole" && vector.then == "incomplete" && pending.first?.expect100 == true {
            #expect(run.continues.count == 1, "\(context): 100-continue expected once")
        }
    }
}
