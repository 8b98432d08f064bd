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

    /// Runs `maestro arguments…` to completion and collects its output.
    /// - Parameters:
    ///   - arguments: the command line after the program name.
    ///   - environment: extra environment variables.
    ///   - stdin: bytes written to standard input, which is then closed.
    ///   - directory: the working directory.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: [UInt8] = [], directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (pipe, isError) in [(output, false), (errors, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isError: isError)
                group.leave()
            }
        }
        if !stdin.isEmpty { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: collected.stdout, stderr: collected.stderr)
    }
}

private final class CollectedOutput: @unchecked Sendable {
    // SAFETY: every access holds `lock`.
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func set(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { err = data } else { out = data }
    }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }
}
