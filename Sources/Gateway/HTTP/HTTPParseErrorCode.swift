/// The stable codes of ``HTTPParseError``, one per reason a request is refused before routing.
///
/// Codes are `gateway.<snake_case_reason>` and are never renamed or reused. The status each code
/// is answered with is fixed and given beside it.
public enum HTTPParseErrorCode {
    /// `400`: the request line is not `method SP request-target SP HTTP-version CRLF` (RFC 9112 §3),
    /// or the target is not a valid origin, absolute, authority or asterisk form.
    public static let invalidRequestLine = "gateway.invalid_request_line"
    /// `414`: the request line is longer than ``HTTPLimits/maxRequestLineBytes``.
    public static let requestLineTooLong = "gateway.request_line_too_long"
    /// `505`: the major version is not 1 (RFC 9110 §6.2).
    public static let unsupportedVersion = "gateway.unsupported_version"
    /// `400`: a header or trailer field line is malformed: bad name, whitespace before the colon,
    /// obs-fold, a control character, a bare CR or bare LF (RFC 9112 §2.2, §5).
    public static let invalidHeader = "gateway.invalid_header"
    /// `431`: the header or trailer section has too many bytes or too many fields (RFC 6585 §5).
    public static let headerSectionTooLarge = "gateway.header_section_too_large"
    /// `400`: an HTTP/1.1 request without exactly one `Host` field, or with an invalid one (RFC 9112 §3.2).
    public static let invalidHost = "gateway.invalid_host"
    /// `400`: both `Content-Length` and `Transfer-Encoding` are present (RFC 9112 §6.1, §11.2).
    public static let conflictingFraming = "gateway.conflicting_framing"
    /// `400`: `Content-Length` is not a single non-negative decimal number (RFC 9112 §6.3 rule 5).
    public static let invalidContentLength = "gateway.invalid_content_length"
    /// `400`: `Transfer-Encoding` is empty, in an HTTP/1.0 request, or does not end with a single
    /// `chunked` (RFC 9112 §6.1, §6.3 rule 4).
    public static let invalidTransferEncoding = "gateway.invalid_transfer_encoding"
    /// `501`: a transfer coding other than `chunked` (RFC 9112 §6.1).
    public static let unsupportedTransferCoding = "gateway.unsupported_transfer_coding"
    /// `400`: a malformed chunk size, chunk extension or chunk framing CRLF (RFC 9112 §7.1).
    public static let invalidChunk = "gateway.invalid_chunk"
    /// `413`: the body is longer than ``HTTPLimits/maxBodyBytes``.
    public static let bodyTooLarge = "gateway.body_too_large"
    /// `417`: an `Expect` value other than `100-continue` (RFC 9110 §10.1.1).
    public static let expectationFailed = "gateway.expectation_failed"

    /// Every code with the status it is answered with, for the error catalog.
    public static let all: [(code: String, status: Int)] = [
        (invalidRequestLine, 400), (requestLineTooLong, 414), (unsupportedVersion, 505), (invalidHeader, 400),
        (headerSectionTooLarge, 431), (invalidHost, 400), (conflictingFraming, 400), (invalidContentLength, 400),
        (invalidTransferEncoding, 400), (unsupportedTransferCoding, 501), (invalidChunk, 400), (bodyTooLarge, 413),
        (expectationFailed, 417),
    ]
}

extension HTTPParseError {
    static func invalidRequestLine(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.invalidRequestLine, message: message)
    }

    static func requestLineTooLong(_ message: String) -> Self {
        Self(status: 414, code: HTTPParseErrorCode.requestLineTooLong, message: message)
    }

    static func unsupportedVersion(_ message: String) -> Self {
        Self(status: 505, code: HTTPParseErrorCode.unsupportedVersion, message: message)
    }

    static func invalidHeader(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.invalidHeader, message: message)
    }

    static func headerSectionTooLarge(_ message: String) -> Self {
        Self(status: 431, code: HTTPParseErrorCode.headerSectionTooLarge, message: message)
    }

    static func invalidHost(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.invalidHost, message: message)
    }

    static func conflictingFraming(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.conflictingFraming, message: message)
    }

    static func invalidContentLength(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.invalidContentLength, message: message)
    }

    static func invalidTransferEncoding(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.invalidTransferEncoding, message: message)
    }

    static func unsupportedTransferCoding(_ message: String) -> Self {
        Self(status: 501, code: HTTPParseErrorCode.unsupportedTransferCoding, message: message)
    }

    static func invalidChunk(_ message: String) -> Self {
        Self(status: 400, code: HTTPParseErrorCode.invalidChunk, message: message)
    }

    static func bodyTooLarge(_ message: String) -> Self {
        Self(status: 413, code: HTTPParseErrorCode.bodyTooLarge, message: message)
    }

    static func expectationFailed(_ message: String) -> Self {
        Self(status: 417, code: HTTPParseErrorCode.expectationFailed, message: message)
    }
}
