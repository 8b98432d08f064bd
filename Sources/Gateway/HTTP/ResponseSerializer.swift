/// Writes a response's status line, header section and chunk framing as HTTP/1.1 bytes (RFC 9112 §4, §7.1).
///
/// The serializer owns the fields that frame the message and the connection: it writes
/// `Content-Length` or `Transfer-Encoding`, and `Connection`, itself, dropping a caller's copy
/// of whichever it writes, so a field never appears twice. A caller's `Date` is kept. Bytes that
/// could split the response are never written: a field whose name is not a token is dropped, and
/// CR, LF, NUL and other control characters in a value become SP (RFC 9110 §5.5).
public enum ResponseSerializer {
    /// The last-chunk and empty trailer section that end a chunked body: `0\r\n\r\n`.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// The status line and header section of a response, ending with the empty line.
    ///
    /// The status line always says `HTTP/1.1`, the highest version the server speaks (RFC 9110 §6.2);
    /// `version` is the request's, and decides how persistence is spelled.
    /// - Parameters:
    ///   - status: the status code; requires `100 <= status <= 999`.
    ///   - headers: the handler's fields.
    ///   - version: the request's version; requires `.http11` when `chunked`.
    ///   - contentLength: the body's length, written as `Content-Length`, or nil.
    ///   - chunked: whether the body follows as chunks (`Transfer-Encoding: chunked`); requires
    ///     `contentLength == nil`.
    ///   - keepAlive: whether the connection stays open after this response: if not,
    ///     `Connection: close`; for HTTP/1.0, `Connection: keep-alive` if so (RFC 9112 §9.3).
    ///   - date: the `Date` value (IMF-fixdate), written unless nil, empty, or the caller set one.
    /// - Returns: the bytes to send before the body.
    public static func head(
        status: Int, headers: HTTPHeaders, version: HTTPVersion, contentLength: Int?, chunked: Bool, keepAlive: Bool,
        date: String?
    ) -> [UInt8] {
        precondition((100...999).contains(status), "status \(status) is not three digits")
        precondition(!(chunked && contentLength != nil), "a response is either chunked or has a content-length")
        precondition(!chunked || version == .http11, "HTTP/1.0 has no chunked transfer coding")
        var out: [UInt8] = []
        out.reserveCapacity(128 + headers.count * 48)
        out += "HTTP/1.1 ".utf8
        out += String(status).utf8
        out.append(HTTPSyntax.space)
        out += HTTPStatus.reason(status).utf8
        out += "\r\n".utf8
        let writesFraming = chunked || contentLength != nil
        let writesConnection = !keepAlive || version == .http10
        var hasDate = false
        for (name, value) in headers {
            if writesFraming && (isNamed(name, "content-length") || isNamed(name, "transfer-encoding")) { continue }
            if writesConnection && isNamed(name, "connection") { continue }
            if isNamed(name, "date") { hasDate = true }
            appendField(name, value, to: &out)
        }
        if let contentLength {
            out += "Content-Length: ".utf8
            out += String(contentLength).utf8
            out += "\r\n".utf8
        } else if chunked {
            out += "Transfer-Encoding: chunked\r\n".utf8
        }
        if !keepAlive {
            out += "Connection: close\r\n".utf8
        } else if version == .http10 {
            out += "Connection: keep-alive\r\n".utf8
        }
        if let date, !date.isEmpty, !hasDate { appendField("Date", date, to: &out) }
        out += "\r\n".utf8
        return out
    }

    /// One chunk of a chunked body: size in hex, CRLF, the bytes, CRLF (RFC 9112 §7.1).
    /// - Parameter bytes: the chunk's data.
    /// - Returns: the framed chunk, or nothing for empty data (an empty chunk would end the body).
    public static func chunk(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 20)
        out += String(bytes.count, radix: 16).utf8
        out += "\r\n".utf8
        out += bytes
        out += "\r\n".utf8
        return out
    }

    /// Writes `name: value` CRLF, dropping a field whose name is not a token and replacing control
    /// characters in the value with SP, so no input can end the line early.
    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        guard !name.isEmpty, name.utf8.allSatisfy(HTTPSyntax.isTokenByte) else { return }
        out += name.utf8
        out += ": ".utf8
        for byte in value.utf8 {
            out.append(HTTPSyntax.isFieldValueByte(byte) ? byte : HTTPSyntax.space)
        }
        out += "\r\n".utf8
    }

    @inline(__always)
    private static func isNamed(_ name: String, _ lowercased: String) -> Bool {
        HTTPHeaders.namesMatch(name, lowercased)
    }
}
