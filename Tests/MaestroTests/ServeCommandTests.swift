import Foundation
import Glibc
import TestSupport
import Testing

/// `maestro serve` as an operator runs it: it says where it listens and how to get a token,
/// serves, and on SIGTERM drains and exits 0.
struct ServeCommandTests {
    @Test(.timeLimit(.minutes(1)))
    func servesThenExitsZeroOnSIGTERM() async throws {
        let directory = try TemporaryDirectory()
        let child = try ChildProcess(
            executable: MaestroBinary.url.path,
            arguments: [
                "serve", "--port", "0", "--data", directory.path("data"), "--no-access-log",
                "--policies", Vectors.packageRoot.appendingPathComponent("policies").path,
            ],
            environment: ProcessInfo.processInfo.environment)
        child.closeStdin()
        // The banner names the address; read stderr until it does.
        let banner: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var text: [UInt8] = []
                var byte: UInt8 = 0
                while !String(decoding: text, as: UTF8.self).contains("then:"), read(child.stderrFD, &byte, 1) == 1 {
                    text.append(byte)
                }
                while read(child.stderrFD, &byte, 1) == 1, byte != 0x0A { text.append(byte) }
                continuation.resume(returning: String(decoding: text, as: UTF8.self))
            }
        }
        let port = try #require(
            banner.firstMatch(of: /serving on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.output.1) })
        #expect(banner.contains("maestro token --sub alice --tenant t1 --role author --data \(directory.path("data"))"))
        #expect(FileManager.default.fileExists(atPath: directory.path("data/keys/token-signing.pem")))

        // It answers.
        let client = try TestClient(port: port)
        try client.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n")
        let health = await client.receiveResponse()
        #expect(health.hasPrefix("HTTP/1.1 200 OK"))
        #expect(health.contains("\"status\":\"up\""))

        child.signal(SIGTERM)
        #expect(await child.exitStatus(within: .seconds(10)) == 0)
    }

    @Test func refusesAMissingPolicyDirectoryWithAClearMessage() async throws {
        let directory = try TemporaryDirectory()
        let result = try await MaestroBinary.run([
            "serve", "--port", "0", "--data", directory.path("data"), "--policies", directory.path("nowhere"),
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the policy directory"))
        #expect(result.stderr.contains("does not exist"))
    }
}
