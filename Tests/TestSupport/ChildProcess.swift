import CLinux
import Foundation
import Glibc

/// Runs a program with `posix_spawn` and pipes for its standard streams.
///
/// Written out instead of using Foundation's `Process`: that class's pipe handling can close a
/// descriptor number twice, and in a test process full of sockets a second close lands on some
/// other test's connection. Every descriptor here is opened close-on-exec and closed exactly once.
public final class ChildProcess: @unchecked Sendable {
    // SAFETY: `pid` and the descriptors are set in init and only read after; `wait` is called once.
    public let pid: pid_t
    /// The parent's ends: write to the child's stdin, read its stdout and stderr (-1 once closed).
    public private(set) var stdinFD: Int32
    private var reaped = false
    public let stdoutFD: Int32
    public let stderrFD: Int32

    /// Starts `executable` with `arguments` (not including argv[0]) and `environment`.
    public init(executable: String, arguments: [String], environment: [String: String], directory: String? = nil) throws
    {
        BrokenPipes.ignore
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe2(&input, O_CLOEXEC) == 0, pipe2(&output, O_CLOEXEC) == 0, pipe2(&errors, O_CLOEXEC) == 0 else {
            throw ChildProcessError("pipe2 failed: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's copies 0, 1, 2; every other descriptor closes on exec.
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        close(input[0])
        close(output[1])
        close(errors[1])
        guard status == 0 else {
            close(input[1])
            close(output[0])
            close(errors[0])
            throw ChildProcessError("posix_spawn failed: \(String(cString: strerror(status)))")
        }
        pid = child
        stdinFD = input[1]
        stdoutFD = output[0]
        stderrFD = errors[0]
    }

    /// Writes all of `bytes` to the child's stdin (an error if the child has gone).
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(stdinFD, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw ChildProcessError("write to child failed: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    /// Closes the child's stdin (once).
    public func closeStdin() {
        if stdinFD >= 0 {
            close(stdinFD)
            stdinFD = -1
        }
    }

    /// Reads a descriptor to its end.
    public static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    /// Sends a signal.
    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the child to exit; returns its exit status, or 128 + signal if it was killed.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Waits off the concurrency pool for the child to exit, up to `timeout`; a child still
    /// running then is killed with SIGKILL (so a lost signal fails the test instead of leaking a
    /// process) and `nil` is returned.
    public func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result < 0 && errno != EINTR { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        _ = wait()
        return nil
    }

    deinit {
        // Never leave a child running past its test.
        if !reaped { kill(pid, SIGKILL); _ = wait() }
        closeStdin()
        close(stdoutFD)
        close(stderrFD)
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
