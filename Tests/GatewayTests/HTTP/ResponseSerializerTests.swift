import Testing

@testable import Gateway

/// Response heads and chunks, byte for byte.
struct ResponseSerializerTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func writesAKeepAliveResponseWithContentLength() {
        let head = ResponseSerializer.head(
            status: 200, headers: ["Content-Type": "application/json"], version: .http11, contentLength: 2,
            chunked: false, keepAlive: true, date: Self.date)
        #expect(
            Self.text(head)
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Date: \(Self.date)\r\n\r\n")
    }

    @Test func writesConnectionCloseWhenTheConnectionEnds() {
        let head = ResponseSerializer.head(
            status: 404, headers: HTTPHeaders(), version: .http11, contentLength: 0, chunked: false, keepAlive: false,
            date: nil)
        #expect(Self.text(head) == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    }

    @Test func spellsPersistenceForHTTP10() {
        let keepAlive = ResponseSerializer.head(
            status: 204, headers: HTTPHeaders(), version: .http10, contentLength: nil, chunked: false, keepAlive: true,
            date: nil)
        #expect(Self.text(keepAlive) == "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n")
        let close = ResponseSerializer.head(
            status: 200, headers: HTTPHeaders(), version: .http10, contentLength: 1, chunked: false, keepAlive: false,
            date: nil)
        #expect(Self.text(close) == "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\n")
    }

    @Test func framesAChunkedBody() {
        let head = ResponseSerializer.head(
            status: 200, headers: ["Content-Type": "text/plain"], version: .http11, contentLength: nil, chunked: true,
            keepAlive: true, date: nil)
        var wire = head
        wire += ResponseSerializer.chunk(Array("Wiki".utf8))
        wire += ResponseSerializer.chunk(Array(repeating: UInt8(ascii: "x"), count: 26))
        wire += ResponseSerializer.chunk([UInt8]())
        wire += ResponseSerializer.lastChunk
        #expect(
            Self.text(wire)
                == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nWiki\r\n1a\r\n\(String(repeating: "x", count: 26))\r\n0\r\n\r\n")
    }

    @Test func neverDuplicatesAFieldTheCallerSet() {
        let headers: HTTPHeaders = [
            "content-length": "99", "Transfer-Encoding": "gzip", "Connection": "keep-alive", "date": "yesterday",
        ]
        let head = ResponseSerializer.head(
            status: 200, headers: headers, version: .http11, contentLength: 3, chunked: false, keepAlive: false,
            date: Self.date)
        #expect(
            Self.text(head) == "HTTP/1.1 200 OK\r\ndate: yesterday\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
        // Without a body length of its own (a HEAD or 304 answer), the caller's Content-Length stands.
        let described = ResponseSerializer.head(
            status: 304, headers: ["Content-Length": "10"], version: .http11, contentLength: nil, chunked: false,
            keepAlive: true, date: nil)
        #expect(Self.text(described) == "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")
    }

    @Test func cannotBeMadeToSplitTheResponse() {
        var headers = HTTPHeaders()
        headers.add("X-Echo", "a\r\nSet-Cookie: admin=1\r\n\r\n<html>")
        headers.add("X-Nul", "a\u{0}b\u{7f}c\td")
        headers.add("Bad\r\nName", "x")
        headers.add("Also Bad", "x")
        headers.add("", "x")
        let head = ResponseSerializer.head(
            status: 200, headers: headers, version: .http11, contentLength: 0, chunked: false, keepAlive: true,
            date: "Sun\r\nX: y")
        let text = Self.text(head)
        #expect(
            text
                == "HTTP/1.1 200 OK\r\nX-Echo: a  Set-Cookie: admin=1    <html>\r\nX-Nul: a b c\td\r\n"
                + "Content-Length: 0\r\nDate: Sun  X: y\r\n\r\n")
        // Exactly one empty line, at the end: nothing a caller sends can start a body or a second response.
        #expect(text.components(separatedBy: "\r\n\r\n").count == 2)
        #expect(text.filter { $0 == "\r\n" }.count == 6, "status line, four fields, empty line")
    }

    @Test func parsesBackAsAPlainRequestHeadSection() {
        // The serializer's field lines obey the same grammar the parser enforces.
        var headers = HTTPHeaders()
        headers.add("X-Echo", "v\r\nInjected: 1")
        let head = ResponseSerializer.head(
            status: 200, headers: headers, version: .http11, contentLength: 0, chunked: false, keepAlive: true,
            date: Self.date)
        let fields = Self.text(head).split(separator: "\r\n", omittingEmptySubsequences: false).dropFirst()
        let request = "GET / HTTP/1.1\r\nHost: h\r\n" + fields.joined(separator: "\r\n")
        let run = ParserDriver.run(Array(request.utf8))
        #expect(run.outcome == .end)
        #expect(run.requests.first?.head.headers.values("Injected") == [])
        #expect(run.requests.first?.head.headers["x-echo"] == "v  Injected: 1")
    }
}
