import CLinux
import Glibc
import Synchronization

/// What other threads ask of a loop.
enum LoopMessage: Sendable {
    /// A handler's whole response.
    case respond(ConnectionID, HTTPResponse)
    /// The head of a streamed response; its pieces follow as `streamChunk`.
    case beginStream(ConnectionID, HTTPResponse)
    /// A piece of a streamed body; the continuation resumes when the loop has room for more.
    case streamChunk(ConnectionID, [UInt8], CheckedContinuation<Void, any Error>)
    case endStream(ConnectionID)
    /// Stop accepting; close idle connections now and the others after their response.
    case drain
    /// Close everything and end the thread.
    case stop
}

/// One event-loop thread: an `epoll` instance over the shared listening socket and the
/// connections this loop accepted.
final class EventLoop: @unchecked Sendable {
    // SAFETY: `connections`, `isDraining`, `isRunning` and the sweep clock are touched only on
    // the loop's own thread (inside `run()`); other threads reach the loop only through `send`,
    // which goes through the `inbox` mutex and the eventfd. The descriptors are immutable.
    let index: Int
    let core: ServerCore
    private let epoll: Int32
    private let wake: Int32
    /// Messages for the loop, and whether the loop still listens (its eventfd is open).
    private let inbox = Mutex<(messages: [LoopMessage], isOpen: Bool)>(([], true))
    private var connections: [Int32: Connection] = [:]
    private var isDraining = false
    private var isRunning = true
    private var lastSweep: UInt64 = 0
    private(set) var date = HTTPDate()

    /// How often deadlines are checked; timeouts are accurate to this.
    static let sweepInterval: UInt64 = 250_000_000
    static let maxEvents = 256
    /// Connections accepted per wake-up, so one loop cannot starve the others.
    static let acceptBurst = 64

    init(index: Int, core: ServerCore) throws(GatewayError) {
        self.index = index
        self.core = core
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        wake = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard epoll >= 0, wake >= 0 else {
            if epoll >= 0 { Socket.close(epoll) }
            if wake >= 0 { Socket.close(wake) }
            throw GatewayError(.listenFailed, "cannot create an event loop: \(String(cString: strerror(errno)))")
        }
        register(wake, events: EPOLLIN.rawValue)
        // EPOLLEXCLUSIVE: one loop wakes per incoming connection, not all of them.
        register(core.listener, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    /// Closes the loop's descriptors. Under the inbox lock, so that no `send` can write to the
    /// eventfd after it is closed — its number may already belong to someone else's socket.
    func closeDescriptors() {
        let pending = inbox.withLock { inbox -> [LoopMessage] in
            inbox.isOpen = false
            Socket.close(epoll)
            Socket.close(wake)
            let pending = inbox.messages
            inbox.messages = []
            return pending
        }
        for case .streamChunk(_, _, let continuation) in pending { continuation.resume(throwing: StreamClosed()) }
    }

    /// Hands a message to the loop from any thread; dropped once the loop has ended (there is
    /// no connection left to answer).
    func send(_ message: LoopMessage) {
        let undelivered: LoopMessage? = inbox.withLock { inbox in
            guard inbox.isOpen else { return message }
            inbox.messages.append(message)
            if inbox.messages.count == 1 {
                var one: UInt64 = 1
                _ = Glibc.write(wake, &one, 8)
            }
            return nil
        }
        if case .streamChunk(_, _, let continuation)? = undelivered { continuation.resume(throwing: StreamClosed()) }
    }

    // MARK: The loop

    func run() {
        let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { readBuffer.deallocate() }
        var events = [epoll_event](repeating: epoll_event(), count: Self.maxEvents)
        lastSweep = Socket.now()
        while isRunning {
            let count = epoll_wait(epoll, &events, Int32(Self.maxEvents), 250)
            if count < 0 && errno != EINTR { break }
            for position in 0..<max(0, Int(count)) {
                let event = events[position]
                let fd = event.data.fd
                if fd == wake {
                    drainInbox()
                } else if fd == core.listener {
                    acceptConnections()
                } else if let connection = connections[fd] {
                    connection.handle(events: event.events, buffer: readBuffer)
                }
            }
            let now = Socket.now()
            if now &- lastSweep >= Self.sweepInterval {
                lastSweep = now
                date.refresh()
                sweep(now: now)
            }
            if isDraining && connections.isEmpty { isRunning = false }
        }
        for connection in Array(connections.values) { connection.close() }
        closeDescriptors()
        core.loopExited()
    }

    private func drainInbox() {
        var counter: UInt64 = 0
        _ = Glibc.read(wake, &counter, 8)
        let messages = inbox.withLock { inbox -> [LoopMessage] in
            let taken = inbox.messages
            inbox.messages.removeAll(keepingCapacity: true)
            return taken
        }
        for message in messages {
            switch message {
            case .respond(let id, let response):
                connection(id)?.respond(response)
            case .beginStream(let id, let response):
                connection(id)?.beginStream(response)
            case .streamChunk(let id, let bytes, let continuation):
                if let connection = connection(id) {
                    connection.streamChunk(bytes, continuation)
                } else {
                    continuation.resume(throwing: StreamClosed())
                }
            case .endStream(let id):
                connection(id)?.endStream()
            case .drain:
                startDraining()
            case .stop:
                isRunning = false
            }
        }
    }

    private func connection(_ id: ConnectionID) -> Connection? {
        guard let connection = connections[id.fd], connection.id == id else { return nil }
        return connection
    }

    private func acceptConnections() {
        guard !isDraining else { return }
        for _ in 0..<Self.acceptBurst {
            guard let (fd, peer) = Socket.accept(core.listener) else { return }
            let open = core.openConnections.add(1, ordering: .relaxed).newValue
            guard open <= core.configuration.maxConnections else {
                core.openConnections.subtract(1, ordering: .relaxed)
                refuse(fd)
                continue
            }
            let id = ConnectionID(fd: fd, generation: core.nextGeneration.add(1, ordering: .relaxed).newValue)
            let connection = Connection(id: id, peer: peer, loop: self)
            connections[fd] = connection
            register(fd, events: connection.interest)
            core.observer?.connectionOpened()
        }
    }

    /// Over the connection limit: answer 503 at once, without reading, and close.
    private func refuse(_ fd: Int32) {
        let response = core.errorResponder(503, "gateway.too_many_connections", "the server is at its connection limit")
        var bytes = ResponseSerializer.head(
            status: 503, headers: response.headers, version: .http11,
            contentLength: response.bytesBody.count, chunked: false, keepAlive: false, date: date.text)
        bytes += response.bytesBody
        bytes.withUnsafeBytes { _ = Socket.write(fd, $0) }
        Socket.close(fd)
        core.observer?.connectionRefused()
    }

    private func startDraining() {
        guard !isDraining else { return }
        isDraining = true
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, core.listener, nil)
        for connection in Array(connections.values) { connection.drain() }
    }

    private func sweep(now: UInt64) {
        for connection in Array(connections.values) { connection.checkDeadlines(now: now) }
    }

    // MARK: Registration (called by connections)

    func register(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    func remove(_ connection: Connection) {
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, connection.id.fd, nil)
        connections[connection.id.fd] = nil
        core.openConnections.subtract(1, ordering: .relaxed)
        core.observer?.connectionClosed()
    }

    var draining: Bool { isDraining }
}

extension HTTPResponse {
    /// The body when it is whole bytes; empty for a stream.
    var bytesBody: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }
}
