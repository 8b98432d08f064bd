@testable import Gateway

/// Drives a ``RequestParser`` the way the server does — append what was read, then take events
/// until it needs more — and records everything it yields.
struct ParserDriver {
    /// How a run ended.
    enum Outcome: Equatable, CustomStringConvertible {
        /// Every byte consumed and the parser idle.
        case end
        /// The parser waits for more bytes.
        case incomplete
        /// A request ended the connection while bytes were left over.
        case close
        /// The parser refused the input.
        case reject(status: Int, code: String)

        var description: String {
            switch self {
            case .end: "end"
            case .incomplete: "incomplete"
            case .close: "close"
            case .reject(let status, let code): "reject \(status) \(code)"
            }
        }
    }

    /// What one run yielded.
    struct Run {
        var requests: [HTTPRequest] = []
        /// Each `.expectContinue` head, with how many requests had come before it.
        var continues: [(index: Int, head: HTTPRequestHead)] = []
        var outcome = Outcome.incomplete
        /// The parser's pending head when the input ran out.
        var pendingHead: HTTPRequestHead?
        var errorMessage: String?
    }

    /// Feeds `bytes` cut at `cuts` (sorted offsets), taking events after every piece.
    static func run(_ bytes: [UInt8], cuts: [Int] = [], limits: HTTPLimits = HTTPLimits()) -> Run {
        var parser = RequestParser(limits: limits)
        var run = Run()
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            bytes[start..<end].withUnsafeBytes { parser.append($0) }
            start = end
            while true {
                let event: RequestParser.Event?
                do {
                    event = try parser.next()
                } catch {
                    run.outcome = .reject(status: error.status, code: error.code)
                    run.errorMessage = error.message
                    return run
                }
                guard let event else { break }
                switch event {
                case .expectContinue(let head):
                    run.continues.append((run.requests.count, head))
                case .request(let request):
                    run.requests.append(request)
                    if !request.head.keepAlive {
                        run.outcome = start < bytes.count || parser.bufferedByteCount > 0 ? .close : .end
                        return run
                    }
                }
            }
        }
        run.pendingHead = parser.pendingHead
        run.outcome = parser.state == .idle && parser.bufferedByteCount == 0 ? .end : .incomplete
        return run
    }

    /// Feeds `bytes` one at a time.
    static func runByteByByte(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Run {
        run(bytes, cuts: bytes.isEmpty ? [] : Array(1..<bytes.count), limits: limits)
    }

    /// Sorted cut points for `count` bytes, from a deterministic generator.
    static func randomCuts(count: Int, using generator: inout SplitMix64) -> [Int] {
        guard count > 1 else { return [] }
        let pieces = Int(generator.next() % 8) + 1
        return Set((0..<pieces).map { _ in Int(generator.next() % UInt64(count - 1)) + 1 }).sorted()
    }

    /// A short comparable summary of a request, for checking that splits do not change results.
    static func summary(_ request: HTTPRequest) -> String {
        let head = request.head
        return "\(head.method) \(head.target) \(head.version) \(head.headers.map { "\($0.name)=\($0.value)" }) "
            + "body=\(request.body) trailers=\(request.trailers.map { "\($0.name)=\($0.value)" }) "
            + "keepAlive=\(head.keepAlive) continue=\(head.expectsContinue) host=\(head.effectiveHost ?? "nil") "
            + "framing=\(head.framing)"
    }
}

/// A small deterministic generator (SplitMix64), so a failing split can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A seed from text, stable across runs (FNV-1a).
    init(seed text: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
