extension RequestParser {
    /// RFC 9112 §5 — field-line = field-name ":" OWS field-value OWS, in the header section; notes
    /// the fields that decide host, framing, persistence and expectations.
    static func parseHeaderField(
        _ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into message: inout Message, limits: HTTPLimits
    ) throws(HTTPParseError) {
        let (name, value) = try splitField(p, line, fieldCount: message.fieldCount, limits: limits, section: "header")
        if message.fieldCount == 0 { message.headers.reserveCapacity(16) }
        message.fieldCount += 1
        var valueString: String?
        switch name.count {
        case 4 where HTTPSyntax.equalsIgnoringCase(p, name, "host"):
            // RFC 9110 §7.2 — Host = uri-host [ ":" port ]; empty when the target has no authority.
            guard value.isEmpty || HTTPSyntax.isValidAuthority(p, value, requiresPort: false) else {
                throw .invalidHost("invalid host \(HTTPSyntax.excerpt(p, value))")
            }
            message.hostCount += 1
            valueString = HTTPSyntax.makeASCIIString(p, value)
            message.host = valueString
        case 14 where HTTPSyntax.equalsIgnoringCase(p, name, "content-length"):
            try parseContentLength(p, value, into: &message)
        case 17 where HTTPSyntax.equalsIgnoringCase(p, name, "transfer-encoding"):
            try parseTransferEncoding(p, value, into: &message.transferCodings)
        case 10 where HTTPSyntax.equalsIgnoringCase(p, name, "connection"):
            // RFC 9110 §7.6.1 — connection options are case-insensitive tokens.
            forEachListElement(p, value) { element in
                if HTTPSyntax.equalsIgnoringCase(p, element, "close") { message.hasCloseOption = true }
                if HTTPSyntax.equalsIgnoringCase(p, element, "keep-alive") { message.hasKeepAliveOption = true }
            }
        case 6 where HTTPSyntax.equalsIgnoringCase(p, name, "expect"):
            forEachListElement(p, value) { element in
                if HTTPSyntax.equalsIgnoringCase(p, element, "100-continue") {
                    message.hasContinueExpectation = true
                } else if message.unsupportedExpectation == nil {
                    message.unsupportedExpectation = HTTPSyntax.excerpt(p, element)
                }
            }
        default:
            break
        }
        message.headers.add(HTTPSyntax.makeASCIIString(p, name), valueString ?? HTTPSyntax.makeString(p, value))
    }

    /// RFC 9112 §7.1.2 — a field line of the trailer section, kept apart from the headers.
    static func parseTrailerField(
        _ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into message: inout Message, limits: HTTPLimits
    ) throws(HTTPParseError) {
        let (name, value) = try splitField(p, line, fieldCount: message.fieldCount, limits: limits, section: "trailer")
        message.fieldCount += 1
        message.trailers.add(HTTPSyntax.makeASCIIString(p, name), HTTPSyntax.makeString(p, value))
    }

    /// The name and the OWS-trimmed value of a field line whose bytes were already checked by the scan.
    @inline(__always)
    private static func splitField(
        _ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, fieldCount: Int, limits: HTTPLimits, section: String
    ) throws(HTTPParseError) -> (name: Range<Int>, value: Range<Int>) {
        let start = line.lowerBound
        // RFC 9112 §5.2 — obs-fold is refused; RFC 9112 §2.2 — so is whitespace before the first field.
        if HTTPSyntax.isWhitespace(p[start]) {
            throw .invalidHeader(
                fieldCount == 0
                    ? "whitespace before the first \(section) field" : "obsolete line folding in a \(section) field")
        }
        guard fieldCount < limits.maxHeaderCount else {
            throw .headerSectionTooLarge("more than \(limits.maxHeaderCount) \(section) fields")
        }
        var index = start
        while index < line.upperBound && HTTPSyntax.isTokenByte(p[index]) { index += 1 }
        guard index < line.upperBound, p[index] == HTTPSyntax.colon, index > start else {
            let excerpt = HTTPSyntax.excerpt(p, line)
            if index == line.upperBound { throw .invalidHeader("\(section) field without a colon: \(excerpt)") }
            if index == start && p[index] == HTTPSyntax.colon {
                throw .invalidHeader("\(section) field with an empty name: \(excerpt)")
            }
            if HTTPSyntax.isWhitespace(p[index]) {
                var next = index
                while next < line.upperBound && HTTPSyntax.isWhitespace(p[next]) { next += 1 }
                // RFC 9112 §5.1 — whitespace between the name and the colon MUST be refused with 400.
                if next < line.upperBound && p[next] == HTTPSyntax.colon {
                    throw .invalidHeader("whitespace between \(section) field name and colon: \(excerpt)")
                }
                throw .invalidHeader("whitespace in \(section) field name: \(excerpt)")
            }
            throw .invalidHeader("invalid byte \(HTTPSyntax.excerpt(byte: p[index])) in \(section) field name")
        }
        return (start..<index, HTTPSyntax.trimmingWhitespace(p, (index + 1)..<line.upperBound))
    }

    /// RFC 9110 §8.6, RFC 9112 §6.3 rule 5 — Content-Length = 1*DIGIT; a list (or repeated lines)
    /// of one value counts as that value, differing values are an error.
    private static func parseContentLength(
        _ p: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, into message: inout Message
    )
        throws(HTTPParseError)
    {
        var index = value.lowerBound
        while true {
            while index < value.upperBound && HTTPSyntax.isWhitespace(p[index]) { index += 1 }
            let digitsStart = index
            var length = 0
            while index < value.upperBound && HTTPSyntax.isDigit(p[index]) {
                let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(p[index] &- UInt8(ascii: "0")))
                guard !overflow1 && !overflow2 else {
                    throw .invalidContentLength("content-length \(HTTPSyntax.excerpt(p, value)) is too large")
                }
                length = sum
                index += 1
            }
            guard index > digitsStart else {
                throw .invalidContentLength("invalid content-length \(HTTPSyntax.excerpt(p, value))")
            }
            if let previous = message.contentLength, previous != length {
                throw .invalidContentLength("content-length values `\(previous)` and `\(length)` differ")
            }
            message.contentLength = length
            while index < value.upperBound && HTTPSyntax.isWhitespace(p[index]) { index += 1 }
            if index == value.upperBound { return }
            guard p[index] == HTTPSyntax.comma else {
                throw .invalidContentLength("invalid content-length \(HTTPSyntax.excerpt(p, value))")
            }
            index += 1
        }
    }

    /// RFC 9112 §6.1 — Transfer-Encoding = #transfer-coding, gathered across field lines.
    private static func parseTransferEncoding(
        _ p: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, into codings: inout TransferCodings
    ) throws(HTTPParseError) {
        codings.isPresent = true
        var failure: HTTPParseError?
        forEachListElement(p, value) { element in
            // RFC 9112 §7 — chunked MUST be final and MUST NOT be applied twice.
            if codings.isChunkedLast { codings.isChunkedNotFinal = true }
            codings.count += 1
            if HTTPSyntax.equalsIgnoringCase(p, element, "chunked") {
                codings.isChunkedLast = true
                return
            }
            codings.isChunkedLast = false
            // transfer-coding = token *( OWS ";" OWS transfer-parameter )
            var end = element.lowerBound
            while end < element.upperBound && HTTPSyntax.isTokenByte(p[end]) { end += 1 }
            let rest = HTTPSyntax.trimmingWhitespace(p, end..<element.upperBound)
            if end == element.lowerBound || !(rest.isEmpty || p[rest.lowerBound] == HTTPSyntax.semicolon) {
                if failure == nil {
                    failure = .invalidTransferEncoding("invalid transfer-encoding \(HTTPSyntax.excerpt(p, value))")
                }
            } else if codings.unsupported == nil {
                codings.unsupported = HTTPSyntax.excerpt(p, element.lowerBound..<end)
            }
        }
        if let failure { throw failure }
    }

    /// RFC 9110 §5.6.1 — calls `body` with each non-empty, OWS-trimmed element of a comma list.
    @inline(__always)
    static func forEachListElement(
        _ p: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, _ body: (Range<Int>) -> Void
    ) {
        var start = value.lowerBound
        while start <= value.upperBound {
            var end = start
            while end < value.upperBound && p[end] != HTTPSyntax.comma { end += 1 }
            let element = HTTPSyntax.trimmingWhitespace(p, start..<end)
            if !element.isEmpty { body(element) }
            start = end + 1
        }
    }
}
