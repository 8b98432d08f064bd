/// A response as an `http` step received it: status, header fields (names lowercased, in order)
/// and the body with any chunked framing removed.
struct ReceivedResponse: Sendable, Equatable {
    var status: Int
    var reason: String
    var fields: [HeaderField]
    var body: [UInt8]

    struct HeaderField: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// The value of the first field named `name` (lowercase).
    func value(of name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}

/// Parses an HTTP/1.1 response (RFC 9112) from the bytes received so far: wire bytes in, a
/// response or a verdict out, with no I/O, so that tests can feed it bytes directly.
///
/// The client sends `Connection: close`, so a body without a length ends where the connection does.
/// Interim (1xx) responses are skipped. A response with both `Transfer-Encoding` and
/// `Content-Length`, or a transfer coding other than `chunked`, is refused as ambiguous.
struct HTTPResponseParser: Sendable {
    /// What the bytes so far amount to.
    enum Verdict: Equatable {
        /// The response is complete.
        case complete(ReceivedResponse)
        /// More bytes are needed.
        case incomplete
        /// The connection closed before the response was complete (worth another attempt).
        case closedEarly
        /// The bytes are not an HTTP/1.1 response.
        case invalid(String)
        /// The head or the body exceeds its limit.
        case tooLarge(String)
    }

    var maxHeaderBytes: Int
    var maxBodyBytes: Int
    /// Whether the request was `HEAD`, whose response has no body whatever its headers say.
    var isHeadRequest = false

    /// Parses `bytes`.
    /// - Parameters:
    ///   - bytes: Everything received so far.
    ///   - isAtEnd: Whether the peer has closed the connection (no more bytes will come).
    /// - Returns: The verdict.
    func parse(_ bytes: [UInt8], isAtEnd: Bool) -> Verdict {
        var start = 0
        while true {
            guard let headEnd = Self.find([13, 10, 13, 10], in: bytes, from: start) else {
                if bytes.count - start > maxHeaderBytes { return headTooLarge }
                return isAtEnd ? .closedEarly : .incomplete
            }
            guard headEnd - start <= maxHeaderBytes else { return headTooLarge }
            let head: (status: Int, reason: String, fields: [ReceivedResponse.HeaderField])
            switch Self.parseHead(bytes[start..<headEnd]) {
            case .success(let parsed): head = parsed
            case .failure(let problem): return .invalid(problem.message)
            }
            let bodyStart = headEnd + 4
            if head.status == 101 { return .invalid("the server switched protocols, which a step cannot use") }
            if head.status < 200 {
                start = bodyStart  // an interim response; the final one follows
                continue
            }
            var response = ReceivedResponse(status: head.status, reason: head.reason, fields: head.fields, body: [])
            if isHeadRequest || head.status == 204 || head.status == 304 { return .complete(response) }
            return body(of: &response, bytes: bytes, from: bodyStart, isAtEnd: isAtEnd)
        }
    }

    private var headTooLarge: Verdict {
        .tooLarge("the response's status line and headers exceed the limit of \(maxHeaderBytes) bytes")
    }

    private var bodyTooLarge: Verdict {
        .tooLarge("the response body exceeds the limit of \(maxBodyBytes) bytes")
    }

    private func body(of response: inout ReceivedResponse, bytes: [UInt8], from start: Int, isAtEnd: Bool) -> Verdict {
        let codings = response.fields.filter { $0.name == "transfer-encoding" }.map(\.value)
        let lengths = Set(response.fields.filter { $0.name == "content-length" }.map(\.value))
        if !codings.isEmpty {
            guard lengths.isEmpty else { return .invalid("the response has both Transfer-Encoding and Content-Length") }
            guard codings.count == 1, codings[0].lowercased() == "chunked" else {
                return .invalid("the response's transfer coding `\(codings.joined(separator: ", "))` is not supported")
            }
            return dechunk(into: &response, bytes: bytes, from: start, isAtEnd: isAtEnd)
        }
        if let text = lengths.first {
            guard lengths.count == 1, !text.isEmpty, text.count <= 18, text.allSatisfy(\.isASCIIDigit),
                let length = Int(text)
            else {
                return .invalid(
                    "the response's Content-Length `\(lengths.sorted().joined(separator: ", "))` is invalid")
            }
            guard length <= maxBodyBytes else { return bodyTooLarge }
            guard bytes.count - start >= length else { return isAtEnd ? .closedEarly : .incomplete }
            response.body = Array(bytes[start..<start + length])
            return .complete(response)
        }
        guard bytes.count - start <= maxBodyBytes else { return bodyTooLarge }
        guard isAtEnd else { return .incomplete }
        response.body = Array(bytes[start...])
        return .complete(response)
    }

    // RFC 9112 §7.1 — chunked-body = *chunk last-chunk trailer-section CRLF
    private func dechunk(into response: inout ReceivedResponse, bytes: [UInt8], from start: Int, isAtEnd: Bool)
        -> Verdict
    {
        var position = start
        var body: [UInt8] = []
        let needMore: Verdict = isAtEnd ? .closedEarly : .incomplete
        while true {
            guard let lineEnd = Self.find([13, 10], in: bytes, from: position) else {
                return bytes.count - position > 1024 ? .invalid("a chunk size line is too long") : needMore
            }
            let line = bytes[position..<lineEnd].prefix { $0 != UInt8(ascii: ";") }
            let digits = line.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            guard !digits.isEmpty, digits.count <= 15,
                let size = Int(String(decoding: digits, as: UTF8.self), radix: 16)
            else { return .invalid("a chunk size is not a hexadecimal number") }
            position = lineEnd + 2
            if size == 0 {
                // The trailer section: fields up to an empty line, which are read and ignored.
                while true {
                    guard let end = Self.find([13, 10], in: bytes, from: position) else {
                        return bytes.count - position > maxHeaderBytes ? headTooLarge : needMore
                    }
                    if end == position {
                        response.body = body
                        return .complete(response)
                    }
                    position = end + 2
                }
            }
            guard body.count + size <= maxBodyBytes else { return bodyTooLarge }
            guard bytes.count - position >= size + 2 else { return needMore }
            guard bytes[position + size] == 13, bytes[position + size + 1] == 10 else {
                return .invalid("a chunk does not end with CRLF")
            }
            body += bytes[position..<position + size]
            position += size + 2
        }
    }

    private struct HeadProblem: Error {
        var message: String
    }

    private static func parseHead(_ head: ArraySlice<UInt8>) -> Result<
        (status: Int, reason: String, fields: [ReceivedResponse.HeaderField]), HeadProblem
    > {
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        // RFC 9112 §4 — status-line = HTTP-version SP status-code SP [ reason-phrase ]
        let statusLine = lines[0]
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
            parts[1].allSatisfy(\.isASCIIDigit), let status = Int(parts[1]), status >= 100
        else {
            return .failure(HeadProblem(message: "the status line `\(statusLine.prefix(80))` is not HTTP/1.1"))
        }
        var fields: [ReceivedResponse.HeaderField] = []
        for line in lines.dropFirst() {
            // RFC 9112 §5.2 — obsolete line folding is refused rather than guessed at.
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex, !line.hasPrefix(" "),
                !line.contains(where: { $0 == "\r" || $0 == "\n" }),
                !line.hasPrefix("\t"), !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else {
                return .failure(HeadProblem(message: "the header line `\(line.prefix(80))` is malformed"))
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            fields.append(.init(name: line[..<colon].lowercased(), value: value))
        }
        return .success((status, parts.count == 3 ? String(parts[2]) : "", fields))
    }

    /// The index of the first occurrence of `pattern` in `bytes` at or after `start`.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        for index in start...(bytes.count - pattern.count) where bytes[index] == pattern[0] {
            if bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
