import Foundation

/// Runs the real `maestro` executable, built beside the test bundle, as a child process.
public enum MaestroBinary {
    /// The output of one run.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `maestro` in the build directory that holds the running test bundle.
    public static var url: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The bundle may be run from inside `X.xctest/`; walk up to the build directory.
        while directory.path != "/"
            && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("maestro").path)
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("maestro")
    }

    /// Runs `maestro arguments…` to completion and collects its output. The wait happens on a
    /// Dispatch thread, never on Swift's cooperative pool (which the other tests need).
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: [UInt8] = [], directory: URL? = nil
    ) async throws -> Result {
        try await BlockingThread.run {
            Swift.Result { try runBlocking(arguments, environment: environment, stdin: stdin, directory: directory) }
        }.get()
    }

    /// Runs `maestro arguments…` to completion, blocking the calling thread.
    static func runBlocking(
        _ arguments: [String], environment: [String: String], stdin: [UInt8], directory: URL?
    ) throws -> Result {
        let child = try ChildProcess(
            executable: url.path, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            directory: directory?.path)
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (fd, isError) in [(child.stdoutFD, false), (child.stderrFD, true)] {
            group.enter()
            Thread {
                collected.set(ChildProcess.readAll(fd), isError: isError)
                group.leave()
            }.start()
        }
        if !stdin.isEmpty { try? child.write(stdin) }
        child.closeStdin()
        group.wait()
        let status = child.wait()
        return Result(status: status, stdout: collected.stdout, stderr: collected.stderr)
    }
}

private final class CollectedOutput: @unchecked Sendable {
    // SAFETY: every access holds `lock`.
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func set(_ bytes: [UInt8], isError: Bool) {
        let data = Data(bytes)
        lock.lock()
        defer { lock.unlock() }
        if isError { err = data } else { out = data }
    }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }
}
