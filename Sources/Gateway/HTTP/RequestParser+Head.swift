extension RequestParser {
    /// RFC 9112 §3 — request-line = method SP request-target SP HTTP-version, with single spaces.
    static func parseRequestLine(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into message: inout Message)
        throws(HTTPParseError)
    {
        let end = line.upperBound
        var index = line.lowerBound
        while index < end && HTTPSyntax.isTokenByte(p[index]) { index += 1 }
        guard index > line.lowerBound, index < end, p[index] == HTTPSyntax.space else {
            throw .invalidRequestLine("invalid method in request line \(HTTPSyntax.excerpt(p, line))")
        }
        let method = line.lowerBound..<index
        index += 1
        let targetStart = index
        while index < end && p[index] != HTTPSyntax.space { index += 1 }
        let target = targetStart..<index
        var spaces = 0
        for position in index..<end where p[position] == HTTPSyntax.space { spaces += 1 }
        guard !target.isEmpty, spaces == 1 else {
            throw .invalidRequestLine(
                "request line \(HTTPSyntax.excerpt(p, line)) is not `method SP target SP version`")
        }
        message.version = try parseVersion(p, (index + 1)..<end)
        message.targetAuthority = try parseTarget(p, target, isConnect: matches(p, method, "CONNECT"))
        if p[target.lowerBound] == UInt8(ascii: "*") && !matches(p, method, "OPTIONS") {
            throw .invalidRequestLine("asterisk-form target with a method other than `OPTIONS`")
        }
        message.method = HTTPSyntax.makeASCIIString(p, method)
        message.target = HTTPSyntax.makeASCIIString(p, target)
    }

    /// RFC 9112 §2.3 — HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive). A higher 1.x minor
    /// version is processed as HTTP/1.1 (RFC 9110 §6.2); another major version is refused with 505.
    private static func parseVersion(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError)
        -> HTTPVersion
    {
        let start = range.lowerBound
        guard range.count == 8, matches(p, start..<start + 5, "HTTP/"), HTTPSyntax.isDigit(p[start + 5]),
            p[start + 6] == UInt8(ascii: "."), HTTPSyntax.isDigit(p[start + 7])
        else {
            throw .invalidRequestLine("invalid http version \(HTTPSyntax.excerpt(p, range))")
        }
        guard p[start + 5] == UInt8(ascii: "1") else {
            throw .unsupportedVersion("http version \(HTTPSyntax.excerpt(p, range)) is not supported")
        }
        return p[start + 7] == UInt8(ascii: "0") ? .http10 : .http11
    }

    /// RFC 9112 §3.2 — checks the target's bytes and form; returns the authority of an
    /// absolute-form or authority-form target (RFC 9112 §3.2.2, §3.2.3), nil for origin-form and
    /// asterisk-form.
    private static func parseTarget(_ p: UnsafeBufferPointer<UInt8>, _ target: Range<Int>, isConnect: Bool)
        throws(HTTPParseError) -> String?
    {
        var index = target.lowerBound
        while index < target.upperBound {
            let byte = p[index]
            guard HTTPSyntax.isTargetByte(byte) else {
                throw .invalidRequestLine("byte \(HTTPSyntax.excerpt(byte: byte)) in the request target")
            }
            // RFC 3986 §2.1 — pct-encoded = "%" HEXDIG HEXDIG
            if byte == UInt8(ascii: "%") {
                guard index + 2 < target.upperBound, HTTPSyntax.hexValue(p[index + 1]) != nil,
                    HTTPSyntax.hexValue(p[index + 2]) != nil
                else {
                    throw .invalidRequestLine("invalid percent-encoding in target \(HTTPSyntax.excerpt(p, target))")
                }
            }
            index += 1
        }
        let first = p[target.lowerBound]
        if isConnect {
            // RFC 9112 §3.2.3 — authority-form = uri-host ":" port, only for CONNECT.
            guard HTTPSyntax.isValidAuthority(p, target, requiresPort: true) else {
                throw .invalidRequestLine("invalid authority-form target \(HTTPSyntax.excerpt(p, target))")
            }
            return HTTPSyntax.makeASCIIString(p, target)
        }
        if first == UInt8(ascii: "/") || (first == UInt8(ascii: "*") && target.count == 1) { return nil }
        // RFC 9112 §3.2.2 — absolute-form: scheme "://" authority [ path ] [ "?" query ]; RFC 9110
        // §4.2.1 forbids an empty host, and §4.2.4 makes userinfo ("@") an error.
        index = target.lowerBound + 1
        while index < target.upperBound && HTTPSyntax.isSchemeByte(p[index]) { index += 1 }
        guard HTTPSyntax.isAlpha(first), target.upperBound - index > 3, matches(p, index..<index + 3, "://") else {
            throw .invalidRequestLine("invalid request target \(HTTPSyntax.excerpt(p, target))")
        }
        let authorityStart = index + 3
        index = authorityStart
        while index < target.upperBound && p[index] != UInt8(ascii: "/") && p[index] != UInt8(ascii: "?") {
            index += 1
        }
        guard HTTPSyntax.isValidAuthority(p, authorityStart..<index, requiresPort: false) else {
            throw .invalidRequestLine("invalid authority in target \(HTTPSyntax.excerpt(p, target))")
        }
        return HTTPSyntax.makeASCIIString(p, authorityStart..<index)
    }

    /// Whether `p[range]` is exactly `text` (case-sensitive).
    @inline(__always)
    static func matches(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        var offset = 0
        for index in range {
            if p[index] != expected[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Decides the head once its section has ended: Host, framing, expectation, persistence.
    mutating func finishHead() throws(HTTPParseError) {
        let isHTTP11 = message.version == .http11
        // RFC 9112 §3.2 — exactly one Host in HTTP/1.1; never more than one.
        if message.hostCount > 1 { throw .invalidHost("more than one host field") }
        if isHTTP11 && message.hostCount == 0 { throw .invalidHost("missing host field") }
        let framing = try decideFraming(isHTTP11: isHTTP11)
        // RFC 9110 §10.1.1 — 417 for an expectation other than 100-continue.
        if let expectation = message.unsupportedExpectation {
            throw .expectationFailed("expectation \(expectation) is not supported")
        }
        // RFC 9112 §9.3 — HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        let keepAlive = !message.hasCloseOption && (isHTTP11 || message.hasKeepAliveOption)
        // RFC 9110 §10.1.1 — ignore 100-continue in an HTTP/1.0 request.
        let expectsContinue = isHTTP11 && message.hasContinueExpectation
        // RFC 9112 §3.3 — the target's authority wins over Host.
        let host = message.host.flatMap { $0.isEmpty ? nil : $0 }
        message.head = HTTPRequestHead(
            method: Self.take(&message.method, replacingWith: ""),
            target: Self.take(&message.target, replacingWith: ""),
            version: message.version, headers: Self.take(&message.headers, replacingWith: HTTPHeaders()),
            keepAlive: keepAlive, expectsContinue: expectsContinue, effectiveHost: message.targetAuthority ?? host,
            framing: framing)
        message.isContinuePending = expectsContinue
    }

    /// RFC 9112 §6.1, §6.3 — the body's framing, refusing anything ambiguous.
    private func decideFraming(isHTTP11: Bool) throws(HTTPParseError) -> BodyFraming {
        let codings = message.transferCodings
        if codings.isPresent {
            guard isHTTP11 else { throw .invalidTransferEncoding("transfer-encoding in an http/1.0 request") }
            guard message.contentLength == nil else {
                throw .conflictingFraming("both content-length and transfer-encoding are present")
            }
            guard codings.count > 0 else { throw .invalidTransferEncoding("empty transfer-encoding") }
            guard !codings.isChunkedNotFinal else {
                throw .invalidTransferEncoding("chunked is not the only and final transfer coding")
            }
            if let coding = codings.unsupported {
                throw .unsupportedTransferCoding("transfer coding \(coding) is not supported")
            }
            return .chunked
        }
        if let length = message.contentLength {
            guard length <= limits.maxBodyBytes else {
                throw .bodyTooLarge("content-length \(length) is above the limit of \(limits.maxBodyBytes) bytes")
            }
            return .contentLength(length)
        }
        // RFC 9112 §6.3 rule 7 — a request with neither has no body.
        return .none
    }

    /// Moves from a finished head to its body, or completes a request without one.
    mutating func advanceToBody() -> Event? {
        switch message.head!.framing {
        case .none, .contentLength(0):
            return completeRequest()
        case .contentLength(let length):
            message.body.reserveCapacity(min(length, 64 * 1024))
            phase = .contentBody(remaining: length)
        case .chunked:
            phase = .chunkLine
        }
        return nil
    }
}
