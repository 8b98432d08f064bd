import CLinux

/// One client connection, owned by its event loop and touched only on that loop's thread.
///
/// Requests are answered one at a time and in order: while a request is with its handler the
/// connection stops reading, so pipelined requests wait in the parser's buffer (bounded by the
/// parser's limits) and TCP pushes back on a client that sends too much.
final class Connection {
    let id: ConnectionID
    let peer: String
    unowned let loop: EventLoop
    private var parser: RequestParser
    /// Bytes queued for the client, sent from `outputStart`.
    private var output: [UInt8] = []
    private var outputStart = 0
    /// A request is with its handler, or its streamed response is still being produced.
    private var isBusy = false
    /// Input arrived while busy, so input readiness is unwatched until the response is out.
    /// Watching stays on otherwise: a plain keep-alive exchange then needs no `epoll_ctl`.
    private var inputDeferred = false
    private var isStreaming = false
    /// The version and persistence of the request being answered.
    private var version: HTTPVersion = .http11
    private var keepAlive = true
    /// Close once the queued output is written.
    private var closeAfterWrite = false
    /// The client closed its side; answer what is in flight, then close.
    private var readClosed = false
    private var isClosed = false
    /// Stream writes waiting for the output to drain (a producer may write from several tasks,
    /// such as events and heartbeats).
    private var streamWaiters: [CheckedContinuation<Void, any Error>] = []
    /// The parser state last seen and when it began (for the header, body and idle timeouts).
    private var trackedState: RequestParser.State = .idle
    private var stateSince: UInt64
    /// When the output last made progress (write timeout).
    private var lastWrite: UInt64
    private(set) var interest: UInt32

    init(id: ConnectionID, peer: String, loop: EventLoop) {
        self.id = id
        self.peer = peer
        self.loop = loop
        parser = RequestParser(limits: loop.core.configuration.limits)
        let now = Socket.now()
        stateSince = now
        lastWrite = now
        interest = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    }

    // MARK: Events

    func handle(events: UInt32, buffer: UnsafeMutableRawBufferPointer) {
        if isBusy && events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            // Reset by the peer: nobody is left to take the answer, and the condition would
            // otherwise be reported on every wait until the handler returns.
            close()
            return
        }
        if events & EPOLLOUT.rawValue != 0 { flush() }
        if isClosed { return }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            if isBusy {
                // Input while a request is with its handler (pipelining, or a half-close): stop
                // watching until the answer is out, since readiness is level-triggered.
                inputDeferred = true
                updateInterest()
            } else {
                readAvailable(buffer)
            }
        }
    }

    private func readAvailable(_ buffer: UnsafeMutableRawBufferPointer) {
        // A few reads per wake-up keep one busy client from starving the others on this loop.
        for _ in 0..<4 {
            guard !isBusy, !closeAfterWrite, !readClosed else { break }
            switch Socket.read(id.fd, into: buffer) {
            case .bytes(let count):
                parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                processRequests()
                if count < buffer.count { return }
            case .wouldBlock:
                return
            case .closed, .failed:
                readClosed = true
                if !isBusy && outputStart == output.count { close() } else { updateInterest() }
                return
            }
        }
    }

    /// Takes complete requests from the parser while no request is in flight.
    private func processRequests() {
        while !isBusy && !closeAfterWrite && !isClosed {
            let event: RequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                reject(status: error.status, code: error.code, message: error.message)
                break
            }
            guard let event else { break }
            switch event {
            case .expectContinue:
                enqueue(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            case .request(let request):
                dispatch(request)
            }
        }
        noteParserState()
        flush()
        updateInterest()
    }

    private func dispatch(_ request: HTTPRequest) {
        isBusy = true
        version = request.head.version
        keepAlive = request.head.keepAlive && !loop.draining
        let info = ConnectionInfo(peer: peer, receivedAt: Socket.now())
        loop.core.dispatch(Job(request: request, info: info, connection: id, loop: loop))
    }

    /// Answers with an error before (or instead of) any handler, then closes.
    private func reject(status: Int, code: String, message: String) {
        loop.core.observer?.requestRejected(status: status, code: code)
        let response = loop.core.errorResponder(status, code, message)
        keepAlive = false
        version = .http11
        writeWhole(response)
        closeAfterWrite = true
    }

    // MARK: Responses (from the handler, via the loop)

    func respond(_ response: HTTPResponse) {
        guard isBusy else { return }
        writeWhole(response)
        finishResponse()
    }

    func beginStream(_ response: HTTPResponse) {
        guard isBusy else { return }
        isStreaming = true
        // HTTP/1.0 has no chunked coding: the body runs until the connection closes.
        let chunked = version == .http11
        if !chunked { keepAlive = false }
        enqueue(
            ResponseSerializer.head(
                status: response.status, headers: response.headers, version: version, contentLength: nil,
                chunked: chunked, keepAlive: keepAlive, date: loop.date.text))
        flush()
    }

    func streamChunk(_ bytes: [UInt8], _ continuation: CheckedContinuation<Void, any Error>) {
        guard isStreaming, !isClosed else {
            continuation.resume(throwing: StreamClosed())
            return
        }
        enqueue(version == .http11 ? ResponseSerializer.chunk(bytes) : bytes)
        flush()
        if isClosed {
            continuation.resume(throwing: StreamClosed())
        } else if output.count - outputStart > loop.core.configuration.maxPendingOutputBytes {
            // Resumed when the client has read enough, or failed at the write timeout.
            streamWaiters.append(continuation)
        } else {
            continuation.resume()
        }
    }

    func endStream() {
        guard isStreaming else { return }
        isStreaming = false
        if version == .http11 { enqueue(ResponseSerializer.lastChunk) }
        finishResponse()
    }

    private func writeWhole(_ response: HTTPResponse) {
        let body = response.bytesBody
        // An answer to HEAD declares the length of the body it does not send (RFC 9110 §9.3.2).
        let length = body.isEmpty ? response.headers["Content-Length"].flatMap(Int.init) ?? 0 : body.count
        enqueue(
            ResponseSerializer.head(
                status: response.status, headers: response.headers, version: version, contentLength: length,
                chunked: false, keepAlive: keepAlive, date: loop.date.text))
        enqueue(body)
    }

    private func finishResponse() {
        isBusy = false
        inputDeferred = false
        if !keepAlive || readClosed { closeAfterWrite = true }
        flush()
        if !isClosed && !closeAfterWrite {
            stateSince = Socket.now()
            trackedState = .idle
            processRequests()  // pipelined requests already buffered
        }
    }

    // MARK: Output

    private func enqueue(_ bytes: [UInt8]) {
        if outputStart == output.count {
            output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
            outputStart = 0
            lastWrite = Socket.now()
        }
        output.append(contentsOf: bytes)
    }

    private func flush() {
        while outputStart < output.count && !isClosed {
            let result = output.withUnsafeBytes {
                Socket.write(id.fd, UnsafeRawBufferPointer(rebasing: $0[outputStart...]))
            }
            switch result {
            case .bytes(let count):
                outputStart += count
                lastWrite = Socket.now()
            case .wouldBlock:
                updateInterest()
                resumeWaiterIfDrained()
                return
            case .closed, .failed:
                close()
                return
            }
        }
        if outputStart >= 64 * 1024 {
            output.removeSubrange(0..<outputStart)
            outputStart = 0
        }
        resumeWaiterIfDrained()
        if outputStart == output.count && closeAfterWrite && !isStreaming {
            close()
        } else {
            updateInterest()
        }
    }

    private func resumeWaiterIfDrained() {
        guard !streamWaiters.isEmpty, output.count - outputStart <= loop.core.configuration.maxPendingOutputBytes / 2
        else { return }
        let waiters = streamWaiters
        streamWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func updateInterest() {
        guard !isClosed else { return }
        var events: UInt32 = 0
        if !closeAfterWrite && !readClosed && !(isBusy && inputDeferred) {
            events |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        }
        if outputStart < output.count { events |= EPOLLOUT.rawValue }
        if events != interest {
            interest = events
            loop.modify(id.fd, events: events)
        }
    }

    // MARK: Deadlines and shutdown

    private func noteParserState() {
        let state = parser.state
        if state != trackedState {
            trackedState = state
            stateSince = Socket.now()
        }
    }

    func checkDeadlines(now: UInt64) {
        let configuration = loop.core.configuration
        if outputStart < output.count {
            if now &- lastWrite > configuration.writeTimeout.nanoseconds { close() }  // client stopped reading
            return
        }
        guard !isBusy && !isStreaming && !closeAfterWrite else { return }
        switch trackedState {
        case .head where now &- stateSince > configuration.headerTimeout.nanoseconds:
            reject(status: 408, code: "gateway.request_timeout", message: "the request header took too long")
            flush()
        case .body where now &- stateSince > configuration.bodyTimeout.nanoseconds:
            reject(status: 408, code: "gateway.request_timeout", message: "the request body took too long")
            flush()
        case .idle where now &- stateSince > configuration.idleTimeout.nanoseconds:
            close()
        default:
            break
        }
    }

    /// Shutdown: an idle connection closes now; a busy one closes after its response.
    func drain() {
        keepAlive = false
        if !isBusy && !isStreaming && outputStart == output.count && trackedState == .idle {
            close()
        } else if !isBusy && !isStreaming {
            closeAfterWrite = true
            flush()
        }
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        let waiters = streamWaiters
        streamWaiters.removeAll()
        for waiter in waiters { waiter.resume(throwing: StreamClosed()) }
        loop.remove(self)
        Socket.close(id.fd)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (non-negative durations only).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
