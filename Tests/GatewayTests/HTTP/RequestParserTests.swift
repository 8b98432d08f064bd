import Testing

@testable import Gateway

/// The parser's limits, state, events and errors, wire bytes in.
struct RequestParserTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Parses `text` whole and byte by byte, expecting the same outcome both ways.
    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> ParserDriver.Run {
        let input = bytes(text)
        let whole = ParserDriver.run(input, limits: limits)
        let byByte = ParserDriver.runByteByByte(input, limits: limits)
        #expect(whole.outcome == byByte.outcome, "byte by byte differs for \(text.prefix(60))")
        #expect(whole.requests.map(ParserDriver.summary) == byByte.requests.map(ParserDriver.summary))
        return whole
    }

    static func status(_ run: ParserDriver.Run) -> Int? {
        if case .reject(let status, _) = run.outcome { return status }
        return nil
    }

    // MARK: Limits, each at its boundary and one over

    @Test func acceptsRequestLineAtLimitAndRefusesOneOver() {
        let limits = HTTPLimits(maxRequestLineBytes: 64)
        let target = "/" + String(repeating: "a", count: 64 - "GET  HTTP/1.1".count - 1)
        let atLimit = Self.parse("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", limits: limits)
        #expect(atLimit.outcome == .end)
        #expect(atLimit.requests.first?.head.target == target)
        let over = Self.parse("GET \(target)a HTTP/1.1\r\nHost: h\r\n\r\n", limits: limits)
        #expect(over.outcome == .reject(status: 414, code: HTTPParseErrorCode.requestLineTooLong))
        // Refused before the line ends: the client need not finish sending it.
        let unterminated = Self.parse("GET \(target)" + String(repeating: "a", count: 11), limits: limits)
        #expect(unterminated.outcome == .reject(status: 414, code: HTTPParseErrorCode.requestLineTooLong))
    }

    @Test func acceptsHeaderSectionAtLimitAndRefusesOneOver() {
        // "Host: h\r\n" (9) + "X: " + value + "\r\n" (5 + n) + "\r\n" (2) = 16 + n bytes.
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let value = String(repeating: "v", count: 84)
        let atLimit = Self.parse("GET / HTTP/1.1\r\nHost: h\r\nX: \(value)\r\n\r\n", limits: limits)
        #expect(atLimit.outcome == .end)
        let over = Self.parse("GET / HTTP/1.1\r\nHost: h\r\nX: \(value)v\r\n\r\n", limits: limits)
        #expect(over.outcome == .reject(status: 431, code: HTTPParseErrorCode.headerSectionTooLarge))
    }

    @Test func acceptsHeaderCountAtLimitAndRefusesOneOver() {
        let limits = HTTPLimits(maxHeaderCount: 3)
        let atLimit = Self.parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits)
        #expect(atLimit.outcome == .end)
        #expect(atLimit.requests.first?.head.headers.count == 3)
        let over = Self.parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits)
        #expect(over.outcome == .reject(status: 431, code: HTTPParseErrorCode.headerSectionTooLarge))
    }

    @Test func acceptsContentLengthAtLimitAndRefusesOneOver() {
        let limits = HTTPLimits(maxBodyBytes: 10)
        let atLimit = Self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits)
        #expect(atLimit.outcome == .end)
        #expect(atLimit.requests.first?.body == Self.bytes("0123456789"))
        // Refused from the head alone, before any of the body arrives.
        let over = Self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits)
        #expect(over.outcome == .reject(status: 413, code: HTTPParseErrorCode.bodyTooLarge))
    }

    @Test func acceptsChunkedBodyAtLimitAndRefusesOneOver() {
        let limits = HTTPLimits(maxBodyBytes: 10)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        let atLimit = Self.parse(head + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits: limits)
        #expect(atLimit.outcome == .end)
        #expect(atLimit.requests.first?.body == Self.bytes("0123456789"))
        let over = Self.parse(head + "5\r\n01234\r\n6\r\n", limits: limits)
        #expect(over.outcome == .reject(status: 413, code: HTTPParseErrorCode.bodyTooLarge))
    }

    @Test func acceptsChunkLineAtLimitAndRefusesOneOver() {
        let limits = HTTPLimits(maxChunkLineBytes: 16)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        let atLimit = Self.parse(head + "1;abcdefghijklmn\r\nx\r\n0\r\n\r\n", limits: limits)
        #expect(atLimit.outcome == .end)
        let over = Self.parse(head + "1;abcdefghijklmno\r\nx\r\n0\r\n\r\n", limits: limits)
        #expect(over.outcome == .reject(status: 400, code: HTTPParseErrorCode.invalidChunk))
    }

    @Test func boundsTrailerSectionLikeTheHeaderSection() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n"
        // Trailer section: "T: " + value + "\r\n" + "\r\n" = 7 + n bytes, counted apart from the headers.
        let bytesLimit = HTTPLimits(maxHeaderBytes: 60)
        let atLimit = Self.parse(head + "T: \(String(repeating: "t", count: 53))\r\n\r\n", limits: bytesLimit)
        #expect(atLimit.outcome == .end)
        #expect(atLimit.requests.first?.trailers["T"]?.count == 53)
        #expect(atLimit.requests.first?.head.headers["T"] == nil, "trailers are never merged into headers")
        let over = Self.parse(head + "T: \(String(repeating: "t", count: 54))\r\n\r\n", limits: bytesLimit)
        #expect(over.outcome == .reject(status: 431, code: HTTPParseErrorCode.headerSectionTooLarge))
        let countLimit = HTTPLimits(maxHeaderCount: 2)
        #expect(Self.parse(head + "A: 1\r\nB: 2\r\n\r\n", limits: countLimit).outcome == .end)
        let tooMany = Self.parse(head + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: countLimit)
        #expect(tooMany.outcome == .reject(status: 431, code: HTTPParseErrorCode.headerSectionTooLarge))
    }

    @Test func neverBuffersMoreThanTheLimitsAllow() {
        let limits = HTTPLimits(maxRequestLineBytes: 100, maxHeaderBytes: 200)
        var parser = RequestParser(limits: limits)
        var refused = false
        for _ in 0..<1_000 {
            parser.append(Self.bytes("x"))
            do {
                _ = try parser.next()
            } catch {
                refused = true
                break
            }
            #expect(parser.bufferedByteCount <= 102)
        }
        #expect(refused)
    }

    // MARK: Pipelining and state

    @Test func yieldsPipelinedRequestsInOrder() throws {
        let text =
            "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
            + "GET /4 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
            + "GET /5 HTTP/1.1\r\nHost: h\r\n\r\n"
        let run = Self.parse(text)
        #expect(run.requests.map(\.head.target) == ["/1", "/2", "/3", "/4"])
        #expect(run.requests.map(\.body) == [[], Self.bytes("abc"), Self.bytes("de"), []])
        #expect(run.requests.map(\.head.framing) == [.none, .contentLength(3), .chunked, .none])
        #expect(run.outcome == .close, "nothing after a `Connection: close` request is parsed")
    }

    @Test func reportsStateForTheServersTimeouts() throws {
        var parser = RequestParser()
        #expect(parser.state == .idle)
        parser.append(Self.bytes("POST / HTTP/1.1\r\nHo"))
        #expect(try parser.next() == nil)
        #expect(parser.state == .head)
        #expect(parser.pendingHead == nil)
        parser.append(Self.bytes("st: h\r\nContent-Length: 4\r\n\r\nab"))
        #expect(try parser.next() == nil)
        #expect(parser.state == .body)
        #expect(parser.pendingHead?.framing == .contentLength(4))
        parser.append(Self.bytes("cdGET"))
        let event = try parser.next()
        guard case .request(let request) = event else {
            Issue.record("want a request, got \(String(describing: event))")
            return
        }
        #expect(request.body == Self.bytes("abcd"))
        #expect(parser.state == .head, "the next request has begun")
        #expect(parser.bufferedByteCount == 3)
        parser.append(Self.bytes(" / HTTP/1.1\r\nHost: h\r\n\r\n"))
        guard case .request = try parser.next() else {
            Issue.record("want the second request")
            return
        }
        #expect(parser.state == .idle)
        #expect(parser.bufferedByteCount == 0)
        #expect(try parser.next() == nil)
    }

    @Test func allowsOneEmptyLineBeforeTheRequestLineButNotTwo() {
        #expect(Self.parse("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").outcome == .end)
        let two = Self.parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(Self.status(two) == 400)
    }

    // MARK: Expect: 100-continue

    @Test func emitsExpectContinueOnceBeforeTheRequest() throws {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello"
        let headLength = text.utf8.count - 5
        var parser = RequestParser()
        var events: [String] = []
        for (offset, byte) in Self.bytes(text).enumerated() {
            parser.append([byte])
            while let event = try parser.next() {
                switch event {
                case .expectContinue(let head):
                    events.append("continue@\(offset + 1)")
                    #expect(head.expectsContinue)
                case .request(let request):
                    events.append("request")
                    #expect(request.head.expectsContinue)
                    #expect(request.body == Self.bytes("hello"))
                }
            }
        }
        #expect(events == ["continue@\(headLength)", "request"])
    }

    @Test func skipsExpectContinueWhenTheBodyIsAlreadyHereOrNotAwaited() {
        let withBody = Self.bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi")
        #expect(ParserDriver.run(withBody).continues.isEmpty)
        let noBody = Self.bytes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 0\r\n\r\n")
        let run = ParserDriver.run(noBody)
        #expect(run.continues.isEmpty)
        #expect(run.requests.first?.head.expectsContinue == true)
        let http10 = Self.bytes("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let old = ParserDriver.run(http10)
        #expect(old.continues.isEmpty)
        #expect(old.pendingHead?.expectsContinue == false)
    }

    @Test func emitsExpectContinueForAChunkedBody() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        let run = ParserDriver.run(Self.bytes(text))
        #expect(run.continues.count == 1)
        #expect(run.outcome == .incomplete)
    }

    // MARK: Hosts and targets

    @Test func takesTheEffectiveHostFromTheTargetsAuthority() {
        let absolute = Self.parse("GET http://a.example:8080/p?q HTTP/1.1\r\nHost: b.example\r\n\r\n")
        #expect(absolute.requests.first?.head.effectiveHost == "a.example:8080")
        let connect = Self.parse("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n")
        #expect(connect.requests.first?.head.effectiveHost == "a.example:443")
        let ipv6 = Self.parse("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n")
        #expect(ipv6.requests.first?.head.effectiveHost == "[::1]:8080")
        let http10 = Self.parse("GET / HTTP/1.0\r\n\r\n")
        #expect(http10.requests.first?.head.effectiveHost == nil)
    }

    @Test(arguments: [
        "GET http://user@a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n",  // userinfo (RFC 9110 §4.2.4)
        "GET http:///x HTTP/1.1\r\nHost: a.example\r\n\r\n",  // empty host (RFC 9110 §4.2.1)
        "GET * HTTP/1.1\r\nHost: a.example\r\n\r\n",  // asterisk-form is for OPTIONS only
        "CONNECT a.example HTTP/1.1\r\nHost: a.example\r\n\r\n",  // authority-form needs a port
        "GET a.example:80 HTTP/1.1\r\nHost: a.example\r\n\r\n",  // authority-form is for CONNECT only
        "GET /a%zz HTTP/1.1\r\nHost: a.example\r\n\r\n",  // bad percent-encoding
        "GET /a{b} HTTP/1.1\r\nHost: a.example\r\n\r\n",  // not a URI character
        "GET / HTTP/1.1\r\nHost: a.example:8o\r\n\r\n",  // port is digits
        "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n",  // unclosed IP-literal
        "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n",  // two Host lines, even in HTTP/1.0
    ])
    func refusesInvalidTargetsAndHosts(_ text: String) {
        #expect(Self.status(Self.parse(text)) == 400, "\(text.prefix(40))")
    }

    @Test func keepsObsTextInValuesAsOneCodePointPerByte() throws {
        var input = Self.bytes("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf")
        input += [0xc3, 0xa9]  // "é" in UTF-8: two octets, two code points
        input += Self.bytes("\r\n\r\n")
        let run = ParserDriver.run(input)
        let value = try #require(run.requests.first?.head.headers["x-name"])
        #expect(value.unicodeScalars.map(\.value) == [0x63, 0x61, 0x66, 0xc3, 0xa9])
    }

    // MARK: After the connection is done

    @Test func rethrowsTheSameErrorAndIgnoresLaterBytes() {
        var parser = RequestParser()
        parser.append(Self.bytes("GET / HTTP/1.1\r\nHost: h\r\nBad Name: 1\r\n\r\n"))
        #expect(throws: HTTPParseError(status: 400, code: HTTPParseErrorCode.invalidHeader, message: "")) {
            try parser.next()
        }
        #expect(parser.isClosed)
        let buffered = parser.bufferedByteCount
        parser.append(Self.bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(parser.bufferedByteCount == buffered)
        #expect(throws: HTTPParseError(status: 400, code: HTTPParseErrorCode.invalidHeader, message: "")) {
            try parser.next()
        }
    }

    @Test func yieldsNothingAfterANonPersistentRequest() throws {
        var parser = RequestParser()
        parser.append(Self.bytes("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n"))
        guard case .request(let request) = try parser.next() else {
            Issue.record("want a request")
            return
        }
        #expect(!request.head.keepAlive)
        #expect(parser.isClosed)
        #expect(try parser.next() == nil)
        #expect(parser.state == .idle)
    }

    // MARK: Errors

    @Test(arguments: [
        "G@T /ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ HTTP/1.1\r\n\r\n",
        "GET /ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ# HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ : 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ Z\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999999999999999999999999999999\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ=\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffffffffffffffffffffffffffffffffffffff\r\n",
        "GET / HTTP/9.9ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\r\n\r\n",
    ])
    func quotesAtMost40BytesOfInputInMessages(_ text: String) {
        let run = Self.parse(text)
        guard let message = run.errorMessage else {
            Issue.record("want a rejection of \(text.prefix(40)), got \(run.outcome)")
            return
        }
        // The longest run of input characters quoted (`Z`, `9`, `f`) stays short.
        for filler: Character in ["Z", "9", "f"] {
            let longest = message.split { $0 != filler }.map(\.count).max() ?? 0
            #expect(longest <= 40, "\(message)")
        }
        #expect(message.first?.isLowercase == true || message.first == "`", "\(message)")
        #expect(!message.hasSuffix("."))
        #expect(!message.contains("\r") && !message.contains("\n"))
    }

    @Test func declaresWellFormedUniqueCodes() {
        let codes = HTTPParseErrorCode.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for (code, status) in HTTPParseErrorCode.all {
            #expect(code.wholeMatch(of: /gateway\.[a-z0-9_]+/) != nil, "\(code)")
            #expect([400, 411, 413, 414, 417, 431, 501, 505].contains(status), "\(code)")
        }
    }
}
