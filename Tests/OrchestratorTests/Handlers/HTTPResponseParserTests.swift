import Testing

@testable import Orchestrator

/// Response framing: wire bytes in, a response or a verdict out.
struct HTTPResponseParserTests {
    static let parser = HTTPResponseParser(maxHeaderBytes: 1024, maxBodyBytes: 64)

    static func parse(_ text: String, isAtEnd: Bool = false, parser: HTTPResponseParser = parser)
        -> HTTPResponseParser.Verdict
    {
        parser.parse(Array(text.utf8), isAtEnd: isAtEnd)
    }

    static func body(_ verdict: HTTPResponseParser.Verdict) -> String? {
        guard case .complete(let response) = verdict else { return nil }
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test func readsAContentLengthBody() throws {
        let verdict = Self.parse("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        guard case .complete(let response) = verdict else { Issue.record("\(verdict)"); return }
        #expect(response.status == 201)
        #expect(response.reason == "Created")
        #expect(response.value(of: "content-type") == "text/plain")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
    }

    @Test func waitsForTheWholeBody() {
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel") == .incomplete)
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Len") == .incomplete)
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", isAtEnd: true) == .closedEarly)
        #expect(Self.parse("HTTP/1.1 200 OK\r\n", isAtEnd: true) == .closedEarly)
    }

    @Test func decodesAChunkedBodyWithExtensionsAndTrailers() {
        let wire =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=x\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n"
        #expect(Self.body(Self.parse(wire)) == "Wikipedia")
        #expect(Self.parse(String(wire.dropLast(2))) == .incomplete)
        #expect(Self.parse(String(wire.dropLast(2)), isAtEnd: true) == .closedEarly)
    }

    @Test func skipsInterimResponses() {
        let verdict = Self.parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(Self.body(verdict) == "ok")
    }

    @Test func readsABodyWithoutLengthUntilTheConnectionCloses() {
        #expect(Self.parse("HTTP/1.0 200 OK\r\n\r\nall of it") == .incomplete)
        #expect(Self.body(Self.parse("HTTP/1.0 200 OK\r\n\r\nall of it", isAtEnd: true)) == "all of it")
    }

    @Test func headAndNoContentResponsesHaveNoBody() {
        var head = Self.parser
        head.isHeadRequest = true
        #expect(Self.body(Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", parser: head)) == "")
        #expect(Self.body(Self.parse("HTTP/1.1 204 No Content\r\n\r\n")) == "")
    }

    @Test func refusesAmbiguousOrMalformedFraming() {
        let invalid: [String] = [
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
            "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: a\r\n\r\n",
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        ]
        for wire in invalid {
            guard case .invalid = Self.parse(wire) else {
                Issue.record("`\(wire)` should be invalid")
                continue
            }
        }
    }

    @Test func refusesWhatExceedsTheLimits() {
        let long = String(repeating: "a", count: 65)
        let verdicts = [
            Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 65\r\n\r\n"),
            Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n\(long)\r\n0\r\n\r\n"),
            Self.parse("HTTP/1.1 200 OK\r\n\r\n\(long)"),
            Self.parse("HTTP/1.1 200 OK\r\nX: \(String(repeating: "b", count: 1100))"),
        ]
        for verdict in verdicts {
            guard case .tooLarge = verdict else {
                Issue.record("\(verdict) should be too large")
                continue
            }
        }
    }
}
