// A libFuzzer target for the HTTP/1.1 request parser, built by `scripts/fuzz-http.sh` from
// `Sources/Gateway/HTTP/*.swift` alone (standard library only) plus this file.

/// Feeds the input to a parser whole and in splits derived from its first byte, and checks the
/// parser's invariants; any violation traps, which libFuzzer reports as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let seed = input.first ?? 0
    // Odd first byte: tiny limits, so every limit is reached often. Even: the server's defaults.
    let limits =
        seed & 1 == 1
        ? HTTPLimits(
            maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 64, maxChunkLineBytes: 16)
        : HTTPLimits()
    let whole = FuzzRun(input, cuts: [], limits: limits)
    var splits: [[Int]] = []
    if size > 1 {
        splits.append([Int(seed) % size])
        let step = Int(seed % 13) + 1
        splits.append(Array(stride(from: step, to: size, by: step)))
        if size <= 1024 { splits.append(Array(1..<size)) }
    }
    for cuts in splits {
        let split = FuzzRun(input, cuts: cuts, limits: limits)
        precondition(split.outcome == whole.outcome, "split changed outcome: \(split.outcome) vs \(whole.outcome)")
        precondition(split.requests == whole.requests, "split changed requests")
    }
    checkSerializer(input)
    return 0
}

/// One run of the parser over the input, cut at `cuts`, with every invariant checked on the way.
struct FuzzRun {
    var requests: [String] = []
    var outcome = "incomplete"

    init(_ input: [UInt8], cuts: [Int], limits: HTTPLimits) {
        var parser = RequestParser(limits: limits)
        var start = 0
        var continued = false
        // A partial line never exceeds its limit; the slack covers a CRLF and the empty line before
        // the request line.
        let bufferBound = max(limits.maxRequestLineBytes, limits.maxHeaderBytes, limits.maxChunkLineBytes) + 4
        for end in cuts + [input.count] where end >= start {
            input[start..<end].withUnsafeBytes { parser.append($0) }
            start = end
            while true {
                let event: RequestParser.Event?
                do {
                    event = try parser.next()
                } catch {
                    Self.check(error)
                    precondition(parser.isClosed)
                    do {
                        _ = try parser.next()
                        preconditionFailure("no error after an error")
                    } catch let again {
                        precondition(
                            again == error && again.message == error.message, "a different error after an error")
                    }
                    outcome = "reject \(error.status) \(error.code)"
                    return
                }
                guard let event else {
                    precondition(parser.bufferedByteCount <= bufferBound, "buffered \(parser.bufferedByteCount)")
                    precondition(parser.state != .idle || parser.bufferedByteCount == 0, "idle with bytes buffered")
                    break
                }
                switch event {
                case .expectContinue(let head):
                    precondition(!continued, "two continues for one request")
                    precondition(head.expectsContinue && head.version == .http11)
                    precondition(parser.state == .body && parser.pendingHead != nil)
                    continued = true
                case .request(let request):
                    Self.check(request, limits: limits)
                    requests.append(Self.summary(request))
                    continued = false
                    if !request.head.keepAlive {
                        precondition(parser.isClosed && parser.state == .idle)
                        outcome = start < input.count || parser.bufferedByteCount > 0 ? "close" : "end"
                        return
                    }
                }
            }
        }
        outcome = parser.state == .idle ? "end" : "incomplete"
    }

    static func check(_ error: HTTPParseError) {
        precondition(
            HTTPParseErrorCode.all.contains { $0.code == error.code && $0.status == error.status },
            "unknown code \(error.code) \(error.status)")
        precondition(!error.message.isEmpty && error.message.utf8.count < 200, "message length")
        precondition(!error.message.utf8.contains { $0 < 0x20 || $0 == 0x7f }, "control character in message")
    }

    static func check(_ request: HTTPRequest, limits: HTTPLimits) {
        let head = request.head
        switch head.framing {
        case .none:
            precondition(request.body.isEmpty && request.trailers.count == 0)
        case .contentLength(let length):
            precondition(request.body.count == length && length <= limits.maxBodyBytes, "body length")
            precondition(request.trailers.count == 0)
        case .chunked:
            precondition(request.body.count <= limits.maxBodyBytes && head.version == .http11)
            precondition(request.trailers.count <= limits.maxHeaderCount)
        }
        precondition(!head.method.isEmpty && !head.target.isEmpty)
        precondition(head.headers.count <= limits.maxHeaderCount)
        let hosts = head.headers.values("host")
        precondition(hosts.count <= 1 && (head.version == .http10 || hosts.count == 1), "host count")
        precondition(head.headers.values("content-length").isEmpty || head.headers.values("transfer-encoding").isEmpty)
        for (name, value) in head.headers.fields + request.trailers.fields {
            precondition(!name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != 0x3a }, "field name")
            precondition(!value.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7f }, "value")
            precondition(value.first != " " && value.last != " ", "untrimmed value")
        }
        precondition(!head.expectsContinue || head.version == .http11)
        if head.version == .http10 && head.headers.values("connection").isEmpty { precondition(!head.keepAlive) }
    }

    static func summary(_ request: HTTPRequest) -> String {
        let head = request.head
        return "\(head.method) \(head.target) \(head.version) \(head.headers.fields.map { "\($0.name):\($0.value)" }) "
            + "\(request.body) \(request.trailers.fields.map { "\($0.name):\($0.value)" }) \(head.keepAlive) "
            + "\(head.expectsContinue) \(head.effectiveHost ?? "-") \(head.framing)"
    }
}

/// Whatever a handler puts in a header, the response head has exactly one empty line, at its end.
func checkSerializer(_ input: [UInt8]) {
    let text = String(decoding: input.prefix(256), as: UTF8.self)
    var headers = HTTPHeaders()
    headers.add(text, text)
    headers.add("X-Value", text)
    let head = ResponseSerializer.head(
        status: 200, headers: headers, version: input.count % 2 == 0 ? .http11 : .http10, contentLength: input.count,
        chunked: false, keepAlive: input.count % 3 == 0, date: text)
    var lineEnds = 0
    for index in head.indices {
        if head[index] == 0x0a {
            precondition(index > 0 && head[index - 1] == 0x0d, "bare LF in a response head")
            lineEnds += 1
        } else if head[index] == 0x0d {
            precondition(index + 1 < head.count && head[index + 1] == 0x0a, "bare CR in a response head")
        }
    }
    precondition(head.suffix(4) == [0x0d, 0x0a, 0x0d, 0x0a], "head does not end with an empty line")
    precondition(lineEnds <= 7, "a header value started a new line")
}
