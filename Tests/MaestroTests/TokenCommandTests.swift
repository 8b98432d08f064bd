import Foundation
import Gateway
import JSON
import TestSupport
import Testing

/// `maestro token` run as a real process, its token checked by the gateway's verifier.
struct TokenCommandTests {
    static func verifier(data: String) throws -> TokenVerifier {
        TokenVerifier(
            keys: [try LocalTokenKey.verificationKey(dataDirectory: data)], issuer: LocalTokenKey.issuer,
            audience: LocalTokenKey.audience, leeway: 0)
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    @Test func printsOneTokenTheLocalVerifierAccepts() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        let before = Self.now
        let result = try await MaestroBinary.run([
            "token", "--sub", "a", "--tenant", "t", "--role", "author", "--data", data,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line on stdout")
        let token = String(lines[0])
        #expect(token.split(separator: ".", omittingEmptySubsequences: false).count == 3)
        #expect(result.stderr.hasPrefix("token expires at "))
        #expect(result.stderr.hasSuffix("(in 8h)\n"))

        let claims = try Self.verifier(data: data).verify(token, now: Self.now)
        #expect(claims["sub"] == "a")
        #expect(claims["tenant"] == "t")
        #expect(claims["role"] == "author")
        #expect(claims["clearance"] == 0)
        #expect(claims["iss"] == "maestro-local")
        #expect(claims["aud"] == "maestro")
        let issuedAt = try #require(claims["iat"]?.int64Value)
        #expect(issuedAt >= before && issuedAt <= Self.now)
        #expect(claims["exp"]?.int64Value == issuedAt + 8 * 3600)
        #expect(claims["purpose"] == nil)
        // The key was created owner-only.
        let attributes = try FileManager.default.attributesOfItem(atPath: LocalTokenKey.path(dataDirectory: data))
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    @Test func carriesOptionalClaimsTheTTLAndTheDataDirectoryFromTheEnvironment() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("env-data")
        let result = try await MaestroBinary.run(
            [
                "token", "--sub", "b", "--tenant", "t2", "--role", "compliance", "--clearance", "4", "--ttl", "90s",
                "--purpose", "audit", "--legal-basis", "legal_obligation",
            ], environment: ["MAESTRO_DATA": data])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasSuffix("(in 90s)\n"))
        let claims = try Self.verifier(data: data).verify(
            result.stdout.trimmingCharacters(in: .newlines), now: Self.now)
        #expect(claims["clearance"] == 4)
        #expect(claims["purpose"] == "audit")
        #expect(claims["legal_basis"] == "legal_obligation")
        #expect(claims["exp"]?.int64Value == (claims["iat"]?.int64Value).map { $0 + 90 })
        // The same key signs the next token.
        let again = try await MaestroBinary.run(
            ["token", "--sub", "c", "--tenant", "t2", "--role", "viewer", "--ttl", "30d", "--data", data])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(throws: Never.self) {
            try Self.verifier(data: data).verify(again.stdout.trimmingCharacters(in: .newlines), now: Self.now)
        }
    }

    @Test(arguments: [
        ["--role", "root"], ["--role", "Author"], ["--role", "author", "--ttl", "8"],
        ["--role", "author", "--ttl", "0h"],
        ["--role", "author", "--ttl", "31d"], ["--role", "author", "--ttl", "-1h"],
        ["--role", "author", "--ttl", "1w"],
        ["--role", "author", "--ttl", "+5h"], ["--role", "author", "--clearance", "5"],
    ])
    func rejectsBadArgumentsAsUsageErrors(arguments: [String]) async throws {
        let directory = try TemporaryDirectory()
        let result = try await MaestroBinary.run(
            ["token", "--sub", "a", "--tenant", "t", "--data", directory.path("data")] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("USAGE:"))
        // Nothing was created for a command line that was refused.
        #expect(!FileManager.default.fileExists(atPath: directory.path("data")))
    }

    @Test func reportsAnInsecureKeyFileAsAFailure() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        _ = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644], ofItemAtPath: LocalTokenKey.path(dataDirectory: data))
        let result = try await MaestroBinary.run([
            "token", "--sub", "a", "--tenant", "t", "--role", "author", "--data", data,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("chmod 600"))
    }
}
