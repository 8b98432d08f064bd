import Foundation

/// A real `maestro serve` on a free port, started for a test: its process, its port and the
/// banner it printed.
public struct ServeProcess: Sendable {
    public let child: ChildProcess
    public let port: Int
    public let banner: String

    /// Starts `maestro serve` on `data` with the repository's policies and waits for its banner.
    public static func start(data: String) async throws -> ServeProcess {
        let child = try ChildProcess(
            executable: MaestroBinary.url.path,
            arguments: [
                "serve", "--port", "0", "--data", data, "--no-access-log",
                "--policies", Vectors.packageRoot.appendingPathComponent("policies").path,
            ],
            environment: ProcessInfo.processInfo.environment)
        child.closeStdin()
        // The banner names the address; read stderr (blocking, on its own thread) up to its last line.
        let banner = await BlockingThread.run {
            var text: [UInt8] = []
            var byte: UInt8 = 0
            while !String(decoding: text, as: UTF8.self).contains("then:"), read(child.stderrFD, &byte, 1) == 1 {
                text.append(byte)
            }
            while read(child.stderrFD, &byte, 1) == 1, byte != 0x0A { text.append(byte) }
            return String(decoding: text, as: UTF8.self)
        }
        guard let port = banner.firstMatch(of: /serving on http:\/\/127\.0\.0\.1:(\d+)/).flatMap({ Int($0.output.1) })
        else { throw ChildProcessError("`maestro serve` printed no address: \(banner)") }
        return ServeProcess(child: child, port: port, banner: banner)
    }
}
