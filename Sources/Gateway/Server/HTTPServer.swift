import Dispatch
import Foundation
import Synchronization

/// Where a request came from, for handlers and logs.
public struct ConnectionInfo: Sendable {
    /// `a.b.c.d:port` of the client.
    public var peer: String
    /// When the request was complete (monotonic nanoseconds, `Socket.now()`).
    public var receivedAt: UInt64
}

/// Answers one request. Runs on Swift's concurrency pool, never on an event loop, so a slow
/// handler delays only its own response.
public typealias HTTPHandler = @Sendable (HTTPRequest, ConnectionInfo) async -> HTTPResponse

/// What the server reports to its owner as it works (metrics, access log). Called from event
/// loop threads and handler tasks: implementations must be quick and must not block.
public protocol ServerObserver: Sendable {
    func connectionOpened()
    func connectionClosed()
    /// A connection was refused because `maxConnections` were open.
    func connectionRefused()
    /// A request was rejected before reaching a handler (parse error, timeout).
    func requestRejected(status: Int, code: String)
}

/// An HTTP/1.1 server on non-blocking sockets: `eventLoops` threads each wait in `epoll` for
/// their connections, parse requests strictly (RFC 9112), hand complete requests to `handler`
/// on the concurrency pool, and write the responses back in order.
///
/// ```swift
/// let server = try HTTPServer(configuration: .init(port: 0), handler: { request, _ in HTTPResponse(status: 204) })
/// try await server.run()   // returns after shutdown()
/// ```
public final class HTTPServer: Sendable {
    let core: ServerCore
    private let loops: [EventLoop]

    /// Opens the listening socket (so the port is known at once) without serving yet.
    /// - Throws: `gateway.listen_failed`.
    public init(
        configuration: ServerConfiguration, handler: @escaping HTTPHandler,
        errorResponder: @escaping ErrorResponder = HTTPServer.plainProblem, observer: (any ServerObserver)? = nil
    ) throws(GatewayError) {
        // A write to a closed pipe (the access log's stdout, say) must be an error, not death.
        signal(SIGPIPE, SIG_IGN)
        let (listener, port) = try Socket.listen(
            host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        core = ServerCore(
            configuration: configuration, port: port, listener: listener, handler: handler,
            errorResponder: errorResponder, observer: observer)
        var loops: [EventLoop] = []
        for index in 0..<configuration.eventLoops {
            do {
                loops.append(try EventLoop(index: index, core: core))
            } catch {
                for loop in loops { loop.closeDescriptors() }
                Socket.close(listener)
                throw error
            }
        }
        self.loops = loops
    }

    /// The port the server listens on (useful with port 0).
    public var port: Int { core.port }

    /// Serves until ``shutdown()`` has drained every connection and every handler has
    /// returned, then returns.
    public func run() async {
        core.lifecycle.withLock { $0.liveLoops = loops.count }
        for loop in loops {
            let thread = Thread { loop.run() }
            thread.name = "maestro-loop-\(loop.index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        let core = self.core
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = core.lifecycle.withLock { state -> Bool in
                if state.liveLoops == 0 && state.handlers == 0 { return true }
                state.waiter = continuation
                return false
            }
            if finished { continuation.resume() }
        }
    }

    /// Stops accepting, lets requests in flight finish (up to the grace period), then closes
    /// every connection; ``run()`` returns once all are closed. Safe to call more than once.
    public func shutdown() {
        guard
            core.isShuttingDown.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent)
                .exchanged
        else { return }
        for loop in loops { loop.send(.drain) }
        let loops = self.loops
        let grace = core.configuration.shutdownGracePeriod
        let nanoseconds =
            UInt64(grace.components.seconds) * 1_000_000_000
            + UInt64(grace.components.attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) {
            for loop in loops { loop.send(.stop) }
        }
    }

    /// Builds the response for a request refused before any handler ran.
    public typealias ErrorResponder = @Sendable (_ status: Int, _ code: String, _ message: String) -> HTTPResponse

    /// A minimal RFC 9457 body; the gateway normally supplies its own problem mapping.
    public static let plainProblem: ErrorResponder = { status, code, message in
        let body =
            "{\"code\":\"\(code)\",\"detail\":\"\(message.replacingOccurrences(of: "\"", with: "'"))\","
            + "\"status\":\(status),\"title\":\"\(HTTPStatus.reason(status))\",\"type\":\"about:blank\"}"
        return HTTPResponse(
            status: status, headers: ["Content-Type": "application/problem+json"], body: .bytes(Array(body.utf8)))
    }
}

/// A complete request on its way to the handler, with the way back to its connection.
struct Job: Sendable {
    let request: HTTPRequest
    let info: ConnectionInfo
    let connection: ConnectionID
    let loop: EventLoop
}

/// A connection's identity across threads: its descriptor and a generation, since descriptors
/// are reused after close.
struct ConnectionID: Hashable, Sendable {
    let fd: Int32
    let generation: UInt64
}

/// What `run()` waits for: the loops to exit and the handlers to return.
struct ServerLifecycle: ~Copyable {
    var liveLoops = 0
    var handlers = 0
    /// Streamed responses in progress, cancelled once no connection is left to take their bytes.
    var streams: [UInt64: Task<Void, Never>] = [:]
    var nextStream: UInt64 = 0
    var waiter: CheckedContinuation<Void, Never>?
}

/// State shared by the server, its loops and its handler tasks.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let port: Int
    let listener: Int32
    let handler: HTTPHandler
    let errorResponder: HTTPServer.ErrorResponder
    let observer: (any ServerObserver)?
    let lifecycle = Mutex(ServerLifecycle())
    let openConnections = Atomic<Int>(0)
    let nextGeneration = Atomic<UInt64>(1)
    let isShuttingDown = Atomic<Bool>(false)

    init(
        configuration: ServerConfiguration, port: Int, listener: Int32, handler: @escaping HTTPHandler,
        errorResponder: @escaping HTTPServer.ErrorResponder, observer: (any ServerObserver)?
    ) {
        self.configuration = configuration
        self.port = port
        self.listener = listener
        self.handler = handler
        self.errorResponder = errorResponder
        self.observer = observer
    }

    /// Starts the handler for a complete request on the concurrency pool. Called on a loop
    /// thread; one task per request, straight from the loop, so a request costs one hop to the
    /// pool and one back.
    func dispatch(_ job: Job) {
        lifecycle.withLock { $0.handlers += 1 }
        Task { await self.serve(job) }
    }

    /// Runs the handler for one request and sends the response back to its loop.
    private func serve(_ job: Job) async {
        let response = await handler(job.request, job.info)
        switch response.body {
        case .bytes:
            job.loop.send(.respond(job.connection, response))
        case .stream(let produce):
            job.loop.send(.beginStream(job.connection, response))
            let writer = StreamWriter(loop: job.loop, connection: job.connection)
            // The client going away or the producer failing both end the stream here.
            let producer = Task { _ = try? await produce(writer) }
            let token = trackStream(producer)
            await producer.value
            lifecycle.withLock { _ = $0.streams.removeValue(forKey: token) }
            job.loop.send(.endStream(job.connection))
        }
        let waiter = lifecycle.withLock { state -> CheckedContinuation<Void, Never>? in
            state.handlers -= 1
            return state.handlers == 0 && state.liveLoops == 0 ? state.waiter.take() : nil
        }
        waiter?.resume()
    }

    private func trackStream(_ producer: Task<Void, Never>) -> UInt64 {
        let (token, stopped) = lifecycle.withLock { state -> (UInt64, Bool) in
            state.nextStream += 1
            state.streams[state.nextStream] = producer
            return (state.nextStream, state.liveLoops == 0)
        }
        if stopped { producer.cancel() }
        return token
    }

    /// Called by each loop as it exits. After the last one no answer can be delivered any
    /// more: streams still running (sleeping between events, say) are cancelled, and `run()`
    /// returns once every handler has.
    func loopExited() {
        let (last, streams, waiter) = lifecycle.withLock {
            state -> (Bool, [Task<Void, Never>], CheckedContinuation<Void, Never>?) in
            state.liveLoops -= 1
            guard state.liveLoops == 0 else { return (false, [], nil) }
            return (true, Array(state.streams.values), state.handlers == 0 ? state.waiter.take() : nil)
        }
        guard last else { return }
        Socket.close(listener)
        for stream in streams { stream.cancel() }
        waiter?.resume()
    }
}
