/// An incremental, strict HTTP/1.1 request parser for the server side of one connection (RFC 9112).
///
/// Append bytes as they are read, then call ``next()`` until it returns `nil` (it needs more bytes).
/// Requests come out whole, in order, with their bodies collected (bounded by ``HTTPLimits``):
///
/// ```swift
/// parser.append(bytesJustRead)
/// while let event = try parser.next() {
///     switch event {
///     case .expectContinue: write("HTTP/1.1 100 Continue\r\n\r\n")
///     case .request(let request): handle(request)
///     }
/// }
/// ```
///
/// The parser takes the strict choice wherever RFC 9112 allows one: no lenient whitespace, no bare
/// LF line ends, no obs-fold, no request with both `Content-Length` and `Transfer-Encoding`. It
/// throws on the first violation, as soon as the bytes seen make it certain, so feeding the same
/// bytes in any split gives the same requests and the same error. After it throws, or after it
/// yields a request with `keepAlive == false`, the connection must close: the parser is then
/// ``isClosed`` and yields nothing more.
public struct RequestParser: Sendable {
    /// What ``next()`` found.
    public enum Event: Sendable {
        /// A complete request: head, whole body and trailers.
        case request(HTTPRequest)
        /// A head with `Expect: 100-continue` whose body has not fully arrived: answer
        /// `100 Continue` (or a final status). Yielded at most once per request, before its `.request`.
        case expectContinue(HTTPRequestHead)
    }

    /// Where the parser is within the request it is reading, for the server's timeouts.
    public enum State: Sendable, Equatable {
        /// No byte of a next request is buffered (also after the parser closes).
        case idle
        /// Inside a request's line or header section.
        case head
        /// The head is parsed; the body (or its trailers) is still arriving.
        case body
    }

    /// Where the next bytes belong.
    enum Phase: Sendable, Equatable {
        case requestLine
        case headerFields
        case contentBody(remaining: Int)
        case chunkLine
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerFields
    }

    /// The limits this parser enforces.
    public let limits: HTTPLimits
    // INVARIANT: 0 <= readIndex <= buffer.count; bytes before readIndex are consumed.
    var buffer: [UInt8] = []
    var readIndex = 0
    /// Bytes of the current line, from `readIndex`, already checked (so a line arriving byte by
    /// byte is scanned once).
    var scannedCount = 0
    var phase = Phase.requestLine
    var message = Message()
    var failure: HTTPParseError?
    /// Whether the connection must close: the parser threw, or yielded a non-persistent request.
    public private(set) var isClosed = false

    /// Makes a parser for a new connection.
    /// - Parameter limits: the bounds on request line, header section and body.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Buffers bytes read from the connection. Bytes appended after the parser closed are dropped.
    /// - Parameter bytes: the bytes, in the order they were read.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !isClosed else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Buffers bytes read from the connection. Bytes appended after the parser closed are dropped.
    /// - Parameter bytes: the bytes, in the order they were read.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard !isClosed else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Parses as far as the buffered bytes allow.
    /// - Returns: the next event, or `nil` when more bytes are needed (or the parser is closed).
    /// - Throws: ``HTTPParseError`` with the status to answer and a code of ``HTTPParseErrorCode``,
    ///   on the first violation; the same error again on every later call.
    public mutating func next() throws(HTTPParseError) -> Event? {
        if let failure { throw failure }
        if isClosed { return nil }
        do throws(HTTPParseError) {
            // One view of the buffer per call; nothing below appends to it.
            let bytes = buffer
            return try bytes.withUnsafeBufferPointer { p throws(HTTPParseError) in try advance(p) }
        } catch {
            failure = error
            isClosed = true
            throw error
        }
    }

    /// The head of the request whose body is still arriving, if any.
    public var pendingHead: HTTPRequestHead? {
        switch phase {
        case .requestLine, .headerFields: return nil
        default: return isClosed ? nil : message.head
        }
    }

    /// Whether the parser is between requests, inside a head, or inside a body.
    public var state: State {
        if isClosed { return .idle }
        switch phase {
        case .requestLine:
            return readIndex == buffer.count && !message.hasLeadingEmptyLine ? .idle : .head
        case .headerFields:
            return .head
        default:
            return .body
        }
    }

    /// Bytes appended but not yet consumed by a yielded event (a partial line, or pipelined requests).
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Drops the consumed prefix of the buffer; called once per append.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16 * 1024)
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }

    /// Runs the state machine until an event, a need for more bytes, or an error.
    private mutating func advance(_ p: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Event? {
        while true {
            switch phase {
            case .requestLine:
                guard let line = try readLine(.requestLine, p) else { return nil }
                if line.isEmpty {
                    // RFC 9112 §2.2 — ignore one empty line before the request line, no more.
                    guard !message.hasLeadingEmptyLine else {
                        throw .invalidRequestLine("more than one empty line before the request line")
                    }
                    message.hasLeadingEmptyLine = true
                    continue
                }
                try Self.parseRequestLine(p, line, into: &message)
                phase = .headerFields
            case .headerFields:
                guard let line = try readLine(.headerField, p) else { return nil }
                message.sectionBytes += line.count + 2
                if line.isEmpty {
                    try finishHead()
                    if let event = advanceToBody() { return event }
                    continue
                }
                try Self.parseHeaderField(p, line, into: &message, limits: limits)
            case .contentBody, .chunkLine, .chunkData, .chunkDataEnd, .trailerFields:
                return try advanceBody(p) ?? takeContinue()
            }
        }
    }

    /// The pending `.expectContinue` event, once per request, when the body needs more bytes.
    private mutating func takeContinue() -> Event? {
        guard message.isContinuePending, let head = message.head else { return nil }
        message.isContinuePending = false
        return .expectContinue(head)
    }

    /// The finished request; resets for the next one, or closes after a non-persistent request.
    mutating func completeRequest() -> Event {
        // Parts are moved out rather than copied, so nothing is retained twice.
        let head = Self.take(&message.head, replacingWith: nil)!
        let request = HTTPRequest(
            head: head, body: Self.take(&message.body, replacingWith: []),
            trailers: Self.take(&message.trailers, replacingWith: HTTPHeaders()))
        message = Message()
        phase = .requestLine
        if !head.keepAlive { isClosed = true }
        return .request(request)
    }

    /// Moves a value out, leaving `empty` in its place.
    @inline(__always)
    static func take<Value>(_ value: inout Value, replacingWith empty: Value) -> Value {
        var taken = empty
        swap(&taken, &value)
        return taken
    }
}
