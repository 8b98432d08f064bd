import Foundation
import Glibc
import Synchronization
import TestSupport

@testable import Orchestrator

/// A one-connection HTTP server for handler tests on 127.0.0.1 and a free port: a thread accepts
/// one connection, reads and records the request, then plays its script and closes.
final class CannedHTTPServer: Sendable {
    enum Script: Sendable {
        /// Writes these pieces in order, with a short pause between them, then closes.
        case respond([String])
        /// Reads the request, answers nothing for this long, then closes.
        case stall(seconds: Double)
    }

    struct RecordedRequest: Sendable {
        var head: String
        var body: [UInt8]

        var requestLine: String { String(head.split(separator: "\r\n").first ?? "") }

        /// The value of the first header field named `name` (any case).
        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    let port: Int
    private let request = OneShot<RecordedRequest?>()

    init(_ script: Script) throws {
        BrokenPipes.ignore
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard listener >= 0, bound == 0, listen(listener, 4) == 0 else {
            close(listener)
            throw CannedServerError()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        // A test that never connects must not leave the thread waiting forever.
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = self.request
        let thread = Thread {
            defer { close(listener) }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return request.fulfil(nil) }
            defer { close(connection) }
            var receiveTimeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &receiveTimeout, socklen_t(MemoryLayout<timeval>.size))
            request.fulfil(Self.read(connection))
            switch script {
            case .respond(let pieces):
                for (offset, piece) in pieces.enumerated() {
                    if offset > 0 { usleep(20_000) }
                    Self.write(Array(piece.utf8), to: connection)
                }
            case .stall(let seconds):
                usleep(UInt32(seconds * 1_000_000))
            }
        }
        thread.start()
    }

    /// The request the server received (`nil` if none came).
    var received: RecordedRequest? {
        get async { await request.value }
    }

    /// A port on 127.0.0.1 where nothing listens (it was bound, then released).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, length)
                return getsockname(fd, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func read(_ fd: Int32) -> RecordedRequest? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = HTTPResponseParser.find([13, 10, 13, 10], in: bytes, from: 0) {
                let head = String(decoding: bytes[..<end], as: UTF8.self)
                var request = RecordedRequest(head: head, body: [])
                let length = Int(request.header("content-length") ?? "0") ?? 0
                if bytes.count - end - 4 >= length {
                    request.body = Array(bytes[(end + 4)..<(end + 4 + length)])
                    return request
                }
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
        }
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            offset += count
        }
    }
}

struct CannedServerError: Error {}
