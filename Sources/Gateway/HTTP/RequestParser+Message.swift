extension RequestParser {
    /// What is known of the request being read, gathered line by line.
    struct Message: Sendable {
        /// The one empty line allowed before the request line was seen (RFC 9112 §2.2).
        var hasLeadingEmptyLine = false
        var method = ""
        var target = ""
        var version = HTTPVersion.http11
        /// The authority of an absolute-form or authority-form target (RFC 9112 §3.2.2–3.2.3).
        var targetAuthority: String?
        var headers = HTTPHeaders()
        /// Bytes of the header (then trailer) section so far, each line with its CRLF.
        var sectionBytes = 0
        /// Field lines of the header (then trailer) section so far.
        var fieldCount = 0
        var hostCount = 0
        var host: String?
        var contentLength: Int?
        var transferCodings = TransferCodings()
        /// `Connection` options seen (RFC 9110 §7.6.1).
        var hasCloseOption = false
        var hasKeepAliveOption = false
        var hasContinueExpectation = false
        /// The first `Expect` member other than `100-continue`, for the message.
        var unsupportedExpectation: String?
        /// Set once the header section is done.
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        var trailers = HTTPHeaders()
        /// An `.expectContinue` event is owed if the body has to be waited for.
        var isContinuePending = false
    }

    /// The `Transfer-Encoding` codings seen, across all its field lines (RFC 9112 §6.1).
    struct TransferCodings: Sendable {
        var isPresent = false
        var count = 0
        /// The last coding so far is `chunked`.
        var isChunkedLast = false
        /// `chunked` was followed by another coding (chunked applied twice, or not final).
        var isChunkedNotFinal = false
        /// The first coding other than `chunked`, for the message.
        var unsupported: String?
    }
}
