import Foundation
import Glibc

/// A TCP client for server tests: raw bytes out, raw bytes in, with timeouts so a misbehaving
/// server fails the test instead of hanging it. Reads block, so they run on a Dispatch thread,
/// never on Swift's cooperative pool, which the server's handlers need.
public final class TestClient: @unchecked Sendable {
    // SAFETY: a test drives one client from one task at a time; `fd` is immutable.
    public let fd: Int32

    /// The default read timeout is long: tests share two cores with every other test in the process,
    /// so a timeout here means "never", not "slow".
    /// - Parameter receiveBuffer: a fixed receive buffer size; without one the kernel may grow it
    ///   to tens of MiB, enough to swallow a whole response a "stuck" client never reads.
    public init(port: Int, receiveTimeout: Double = 20, receiveBuffer: Int32? = nil) throws {
        BrokenPipes.ignore
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket failed") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - floor(receiveTimeout)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: `deinit` runs even when a class's init throws after `fd` is set, and a
        // second close could hit a descriptor another test has since opened.
        guard connected == 0 else { throw TestClientError("connect failed: \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw TestClientError("send failed: \(String(cString: strerror(errno)))") }
            offset += count
        }
    }

    /// Reads until `done` says the bytes so far are enough, the peer closes, or the timeout passes.
    public func receive(until done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> (
        bytes: [UInt8], closed: Bool
    ) {
        await BlockingThread.run { self.receiveBlocking(until: done) }
    }

    private func receiveBlocking(until done: ([UInt8]) -> Bool) -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(received) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (received, true) }
            if count < 0 { return (received, errno == ECONNRESET) }  // a reset is a close too
            received.append(contentsOf: buffer[0..<count])
        }
        return (received, false)
    }

    /// Reads one whole response (head + Content-Length body) and returns it as text.
    /// - Parameter headOnly: the response has no body whatever its `Content-Length` says (an
    ///   answer to HEAD), so the head alone completes it.
    public func receiveResponse(headOnly: Bool = false) async -> String {
        let (bytes, _) = await receive {
            headOnly ? $0.count >= 4 && $0.suffix(4) == [13, 10, 13, 10] : TestClient.isCompleteResponse($0)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the bytes hold at least one complete response with a `Content-Length` body.
    public static func isCompleteResponse(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        let length =
            head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length
    }

    /// Whether the peer has closed the connection (reads EOF within the timeout).
    public func isClosedByPeer() async -> Bool {
        await receive().closed
    }
}

public struct TestClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
