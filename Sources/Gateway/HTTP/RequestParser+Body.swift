extension RequestParser {
    /// Reads body bytes, chunk framing and trailers until the request completes or bytes run out.
    /// - Returns: the completed request, or nil when more bytes are needed.
    mutating func advanceBody(_ p: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Event? {
        while true {
            switch phase {
            case .contentBody(let remaining):
                // RFC 9112 §6.3 rule 6 — exactly Content-Length bytes; what follows is the next request.
                let taken = takeBody(upTo: remaining, p)
                guard taken == remaining else {
                    phase = .contentBody(remaining: remaining - taken)
                    return nil
                }
                return completeRequest()
            case .chunkLine:
                guard let line = try readLine(.chunkLine, p) else { return nil }
                let size = try Self.parseChunkLine(p, line)
                if size == 0 {
                    // RFC 9112 §7.1 — last-chunk, then the trailer section.
                    message.sectionBytes = 0
                    message.fieldCount = 0
                    phase = .trailerFields
                } else {
                    guard size <= limits.maxBodyBytes - message.body.count else {
                        throw .bodyTooLarge("chunked body larger than \(limits.maxBodyBytes) bytes")
                    }
                    phase = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let taken = takeBody(upTo: remaining, p)
                guard taken == remaining else {
                    phase = .chunkData(remaining: remaining - taken)
                    return nil
                }
                phase = .chunkDataEnd
            case .chunkDataEnd:
                // RFC 9112 §7.1 — chunk-data is followed by exactly CRLF.
                let available = p.count - readIndex
                if available >= 1 && p[readIndex] != HTTPSyntax.cr
                    || available >= 2 && p[readIndex + 1] != HTTPSyntax.lf
                {
                    throw .invalidChunk("chunk data not followed by CRLF")
                }
                guard available >= 2 else { return nil }
                readIndex += 2
                phase = .chunkLine
            case .trailerFields:
                guard let line = try readLine(.trailerField, p) else { return nil }
                message.sectionBytes += line.count + 2
                if line.isEmpty { return completeRequest() }
                try Self.parseTrailerField(p, line, into: &message, limits: limits)
            case .requestLine, .headerFields:
                preconditionFailure("reading a body in phase \(phase)")
            }
        }
    }

    /// Moves up to `count` buffered bytes into the body.
    /// - Returns: how many were moved.
    private mutating func takeBody(upTo count: Int, _ p: UnsafeBufferPointer<UInt8>) -> Int {
        let taken = min(count, p.count - readIndex)
        if taken > 0 {
            message.body.append(contentsOf: UnsafeBufferPointer(rebasing: p[readIndex..<readIndex + taken]))
            readIndex += taken
        }
        return taken
    }

    /// RFC 9112 §7.1, §7.1.1 — chunk-size [ chunk-ext ], where
    /// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ). Extensions are
    /// checked and ignored.
    /// - Returns: the chunk size.
    static func parseChunkLine(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError) -> Int {
        let end = line.upperBound
        var index = line.lowerBound
        var size = 0
        while index < end, let digit = HTTPSyntax.hexValue(p[index]) {
            // RFC 9112 §7.1 — anticipate large hex numerals and prevent overflow.
            let (times16, overflow1) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflow2) = times16.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else {
                throw .invalidChunk("chunk size \(HTTPSyntax.excerpt(p, line)) is too large")
            }
            size = sum
            index += 1
        }
        guard index > line.lowerBound else {
            throw .invalidChunk("invalid chunk size \(HTTPSyntax.excerpt(p, line))")
        }
        while index < end {
            index = skipWhitespace(p, index, end)
            guard index < end, p[index] == HTTPSyntax.semicolon else {
                throw .invalidChunk("invalid chunk extension in \(HTTPSyntax.excerpt(p, line))")
            }
            index = skipWhitespace(p, index + 1, end)
            let nameEnd = skipToken(p, index, end)
            guard nameEnd > index else {
                throw .invalidChunk("invalid chunk extension in \(HTTPSyntax.excerpt(p, line))")
            }
            index = nameEnd
            let equals = skipWhitespace(p, nameEnd, end)
            guard equals < end, p[equals] == UInt8(ascii: "=") else { continue }
            let valueStart = skipWhitespace(p, equals + 1, end)
            let valueEnd =
                valueStart < end && p[valueStart] == UInt8(ascii: "\"")
                ? skipQuotedString(p, valueStart, end) : skipToken(p, valueStart, end)
            guard let valueEnd, valueEnd > valueStart else {
                throw .invalidChunk("invalid chunk extension in \(HTTPSyntax.excerpt(p, line))")
            }
            index = valueEnd
        }
        return size
    }

    @inline(__always)
    private static func skipWhitespace(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end && HTTPSyntax.isWhitespace(p[index]) { index += 1 }
        return index
    }

    @inline(__always)
    private static func skipToken(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end && HTTPSyntax.isTokenByte(p[index]) { index += 1 }
        return index
    }

    /// RFC 9110 §5.6.4 — quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE.
    /// - Returns: the index after the closing quote, or nil if the string is malformed.
    private static func skipQuotedString(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start + 1
        while index < end {
            let byte = p[index]
            if byte == UInt8(ascii: "\"") { return index + 1 }
            if byte == UInt8(ascii: "\\") {
                // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                guard index + 1 < end, HTTPSyntax.isFieldValueByte(p[index + 1]) else { return nil }
                index += 2
                continue
            }
            // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
            guard HTTPSyntax.isFieldValueByte(byte) else { return nil }
            index += 1
        }
        return nil
    }
}
