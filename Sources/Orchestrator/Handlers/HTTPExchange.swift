import Glibc

/// One request and its response over a blocking-style exchange on a non-blocking TCP socket:
/// resolve, connect, send, receive until ``HTTPResponseParser`` has a whole response.
///
/// It runs on a ``DedicatedThread``: `getaddrinfo` blocks, and every other wait is a `poll` of at
/// most a slice, so the deadline and cancellation are seen promptly.
enum HTTPExchange {
    /// Why an exchange produced no response.
    enum Failure: Error, Equatable {
        case stopped(BlockingContext.Stop)
        /// Resolving, connecting, sending or receiving failed, or the peer closed too early.
        case connection(String)
        /// The peer's bytes are not an HTTP/1.1 response.
        case invalid(String)
        case tooLarge(String)
    }

    static func perform(
        _ request: [UInt8], to target: HTTPTarget, parser: HTTPResponseParser, context: BlockingContext
    ) -> Result<ReceivedResponse, Failure> {
        let socket: Int32
        switch connect(to: target, context: context) {
        case .success(let connected): socket = connected
        case .failure(let failure): return .failure(failure)
        }
        defer { close(socket) }
        if let failure = send(request, on: socket, context: context) { return .failure(failure) }
        return receive(on: socket, parser: parser, context: context)
    }

    private static func connect(to target: HTTPTarget, context: BlockingContext) -> Result<Int32, Failure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(target.host, String(target.port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            return .failure(.connection("cannot resolve `\(target.host)`: \(reason)"))
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry?.pointee {
            entry = address.ai_next
            let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            let fd = socket(address.ai_family, flags, address.ai_protocol)
            guard fd >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) == 0 { return .success(fd) }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            switch wait(for: Int16(POLLOUT), on: fd, context: context) {
            case .some(let stop):
                close(fd)
                return .failure(.stopped(stop))
            case .none:
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return .success(fd) }
                lastError = String(cString: strerror(error))
                close(fd)
            }
        }
        return .failure(.connection("cannot connect to `\(target.hostHeader)`: \(lastError)"))
    }

    private static func send(_ bytes: [UInt8], on fd: Int32, context: BlockingContext) -> Failure? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                offset += count
                continue
            }
            guard count < 0, errno == EAGAIN || errno == EINTR else {
                return .connection("sending the request failed: \(String(cString: strerror(errno)))")
            }
            if let stop = wait(for: Int16(POLLOUT), on: fd, context: context) { return .stopped(stop) }
        }
        return nil
    }

    private static func receive(on fd: Int32, parser: HTTPResponseParser, context: BlockingContext) -> Result<
        ReceivedResponse, Failure
    > {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        // Chunked framing may add a little to the body; anything past this is not a response within limits.
        let most = parser.maxHeaderBytes * 2 + parser.maxBodyBytes * 2 + 4096
        while true {
            if let stop = wait(for: Int16(POLLIN), on: fd, context: context) { return .failure(.stopped(stop)) }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .failure(.connection("receiving the response failed: \(String(cString: strerror(errno)))"))
            }
            received += chunk[0..<count]
            switch parser.parse(received, isAtEnd: count == 0) {
            case .complete(let response): return .success(response)
            case .incomplete:
                guard count > 0 else { return .failure(.connection("the connection closed early")) }
                if received.count > most { return .failure(.tooLarge("the response exceeds the limits")) }
            case .closedEarly: return .failure(.connection("the connection closed before the whole response"))
            case .invalid(let problem): return .failure(.invalid(problem))
            case .tooLarge(let problem): return .failure(.tooLarge(problem))
            }
        }
    }

    /// Polls `fd` for `events` in slices until it is ready (`nil`) or the work must stop.
    private static func wait(for events: Int16, on fd: Int32, context: BlockingContext) -> BlockingContext.Stop? {
        while true {
            if let stop = context.stop { return stop }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, context.nextWait())
            // Errors and hang-ups count as ready: the next send, recv or SO_ERROR reports them.
            if ready > 0 { return nil }
            if ready < 0 && errno != EINTR { return nil }
        }
    }
}
