/// What the built-in handlers may do on this server, and their limits.
///
/// The defaults allow no program at all: an operator lists each one `exec` may start.
public struct HandlerConfiguration: Sendable {
    /// The programs `exec` may start, as absolute paths compared exactly (no shell, no `PATH` search).
    public var allowedPrograms: Set<String>
    /// The most bytes of a program's standard output, and of its standard error, kept; the rest is
    /// read and dropped, and the logs say so.
    public var maxCapturedBytes: Int
    /// The URL schemes `http` accepts. Only `http` works: an allowed `https` fails with
    /// `workflow.handler_unsupported` until TLS is built in.
    public var allowedURLSchemes: Set<String>
    /// The most bytes of a response body `http` accepts (after chunked decoding).
    public var maxResponseBytes: Int
    /// The most bytes of a response's status line and headers `http` accepts.
    public var maxResponseHeaderBytes: Int
    /// The timeout of an `http` step whose config has none (the invocation's timeout still applies).
    public var defaultHTTPTimeout: Duration
    /// The timeout of an `exec` step whose config has none (the invocation's timeout still applies).
    public var defaultExecTimeout: Duration

    /// Makes a configuration.
    /// - Parameters:
    ///   - allowedPrograms: Absolute paths of the programs `exec` may start.
    ///   - maxCapturedBytes: Bytes kept of each of standard output and standard error (64 KiB).
    ///   - allowedURLSchemes: The URL schemes `http` accepts (`http` and `https`).
    ///   - maxResponseBytes: The largest response body `http` accepts (1 MiB).
    ///   - maxResponseHeaderBytes: The largest response head `http` accepts (64 KiB).
    ///   - defaultHTTPTimeout: The `http` timeout when the config gives none (30 s).
    ///   - defaultExecTimeout: The `exec` timeout when the config gives none (60 s).
    public init(
        allowedPrograms: Set<String> = [], maxCapturedBytes: Int = 64 << 10,
        allowedURLSchemes: Set<String> = ["http", "https"], maxResponseBytes: Int = 1 << 20,
        maxResponseHeaderBytes: Int = 64 << 10, defaultHTTPTimeout: Duration = .seconds(30),
        defaultExecTimeout: Duration = .seconds(60)
    ) {
        self.allowedPrograms = allowedPrograms
        self.maxCapturedBytes = maxCapturedBytes
        self.allowedURLSchemes = allowedURLSchemes
        self.maxResponseBytes = maxResponseBytes
        self.maxResponseHeaderBytes = maxResponseHeaderBytes
        self.defaultHTTPTimeout = defaultHTTPTimeout
        self.defaultExecTimeout = defaultExecTimeout
    }
}
