/// The bounds a ``RequestParser`` enforces on one request, so a client cannot make the server
/// buffer without limit.
///
/// Each limit is checked as bytes arrive: a request is refused as soon as it is certain to cross a
/// limit, without waiting for the rest of it.
public struct HTTPLimits: Sendable, Equatable {
    /// The longest request line, in bytes, without its CRLF; longer → `414`.
    /// RFC 9112 §3 recommends supporting at least 8,000 octets.
    public var maxRequestLineBytes: Int
    /// The largest header section (and, separately, trailer section), in bytes: every field line
    /// with its CRLF, plus the CRLF of the empty line that ends the section; larger → `431`.
    public var maxHeaderBytes: Int
    /// The most field lines in the header section (and, separately, the trailer section); more → `431`.
    public var maxHeaderCount: Int
    /// The largest body: a larger `Content-Length`, or chunks adding up to more, → `413`.
    public var maxBodyBytes: Int
    /// The longest chunk-size line (size and extensions, without its CRLF); longer → `400`.
    public var maxChunkLineBytes: Int

    /// Makes a set of limits; every argument defaults to the server's default.
    /// - Parameters:
    ///   - maxRequestLineBytes: the longest request line, without CRLF (default 16 KiB).
    ///   - maxHeaderBytes: the largest header or trailer section (default 32 KiB).
    ///   - maxHeaderCount: the most field lines in a header or trailer section (default 100).
    ///   - maxBodyBytes: the largest body (default 8 MiB).
    ///   - maxChunkLineBytes: the longest chunk-size line, without CRLF (default 4 KiB).
    public init(
        maxRequestLineBytes: Int = 16 * 1024, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 8 * 1024 * 1024, maxChunkLineBytes: Int = 4 * 1024
    ) {
        precondition(
            maxRequestLineBytes > 0 && maxHeaderBytes > 0 && maxHeaderCount >= 0 && maxBodyBytes >= 0
                && maxChunkLineBytes > 0,
            "HTTP limits must be positive")
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }
}
