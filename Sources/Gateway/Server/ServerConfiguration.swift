import Foundation

/// Everything about the HTTP server an operator may tune, with safe defaults.
public struct ServerConfiguration: Sendable {
    /// Address to listen on (IPv4 dotted quad; `0.0.0.0` for all interfaces).
    public var host: String
    /// TCP port; 0 asks the kernel for a free one (see ``HTTPServer/port``).
    public var port: Int
    /// Event loop threads; each owns its connections. Defaults to the number of cores.
    public var eventLoops: Int
    /// Parser limits: request line, header section, header count, body.
    public var limits: HTTPLimits
    /// Open connections above this are answered `503` and closed at once, not queued.
    public var maxConnections: Int
    /// From a request's first byte until its header section is complete (slowloris → 408).
    public var headerTimeout: Duration
    /// From the end of the header section until the body is complete.
    public var bodyTimeout: Duration
    /// How long a kept-alive connection may sit idle between requests.
    public var idleTimeout: Duration
    /// How long a response may wait for a client that stopped reading.
    public var writeTimeout: Duration
    /// Output queued for one connection above which a streamed response waits, and above which
    /// for longer than `writeTimeout` the client is dropped.
    public var maxPendingOutputBytes: Int
    /// How long shutdown waits for requests in flight before closing every connection.
    public var shutdownGracePeriod: Duration
    /// The `listen(2)` backlog.
    public var backlog: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, eventLoops: Int = ServerConfiguration.coreCount,
        limits: HTTPLimits = HTTPLimits(), maxConnections: Int = 10_000, headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
        writeTimeout: Duration = .seconds(30),
        maxPendingOutputBytes: Int = 1 << 20, shutdownGracePeriod: Duration = .seconds(10), backlog: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.eventLoops = max(1, eventLoops)
        self.limits = limits
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxPendingOutputBytes = maxPendingOutputBytes
        self.shutdownGracePeriod = shutdownGracePeriod
        self.backlog = backlog
    }

    /// The number of cores this process may run on.
    public static var coreCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
