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
        let server = try await ServeProcess.start(data: directory.path("data"))
        let (child, port, banner) = (server.child, server.port, server.banner)
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
