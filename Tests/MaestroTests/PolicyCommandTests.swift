import Foundation
import TestSupport
import Testing

/// `maestro policy …` run as a real process against the shipped policies and small temporary sets.
struct PolicyCommandTests {
    static let policies = Vectors.packageRoot.appendingPathComponent("policies").path
    static let request = """
        {"principal": {"type": "User", "id": "u"}, "action": {"type": "Action", "id": "read"},
         "resource": {"type": "Doc", "id": "d"}, "context": {},
         "entities": [{"uid": {"type": "User", "id": "u"}, "attrs": {"level": 1}, "parents": []}]}
        """

    func smallSet(level: Int = 2) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "p/a.cedar",
            """
            @id("levels") @code("authz.level") @reason("level above \(level) needed")
            permit(principal, action == Action::"read", resource) when { principal.level > \(level) };
            """)
        return directory
    }

    @Test func checkAcceptsTheShippedPoliciesAgainstTheirSchema() async throws {
        let result = try await MaestroBinary.run([
            "policy", "check", Self.policies, "--schema", Self.policies + "/schema.json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no errors; digest sha256:"))
    }

    @Test func checkReportsSyntaxErrorsWithFileLineAndColumn() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("p/ok.cedar", "permit(principal, action, resource);\n")
        try directory.write("p/nested/bad.cedar", "permit(principal, action, resource)\nwhen { principal.x < };\n")
        let result = try await MaestroBinary.run(["policy", "check", directory.path("p")])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "p/nested/bad.cedar:2:22: policy.unexpected_token: expected an expression, found `}`"))
    }

    @Test func checkReportsSchemaViolations() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("p/a.cedar", "permit(principal, action, resource)\nwhen { principal.levl > 1 };\n")
        try directory.write(
            "schema.json",
            """
            {"": {"entityTypes": {"User": {"shape": {"type": "Record", "attributes": {"level": {"type": "Long"}}}}, "Doc": {}},
             "actions": {"read": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Doc"]}}}}}
            """)
        let result = try await MaestroBinary.run([
            "policy", "check", directory.path("p"), "--schema", directory.path("schema.json"),
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.cedar:2:8: policy.unknown_attribute:"))
        #expect(result.stderr.contains("`level`"))
    }

    @Test func testRunsTheShippedFixturesWithFullCoverage() async throws {
        let result = try await MaestroBinary.run(["policy", "test", Self.policies, "--require-full-coverage"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("full coverage: every policy and clause exercised both ways"))
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.wholeMatch(of: /\d+ passed, 0 failed/) != nil, "\(last)")
    }

    @Test func testPrintsADiffForEachFailureAndExitsOne() async throws {
        let directory = try smallSet()
        try directory.write(
            "p/tests/t.json",
            """
            {"cases": [{"name": "level one reads", "request": \(Self.request),
              "expect": {"decision": "allow", "determining": ["levels"]}}]}
            """)
        let result = try await MaestroBinary.run(["policy", "test", directory.path("p")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL t.json › level one reads"))
        #expect(result.stdout.contains("decision: expected `allow`, got `deny`"))
        #expect(result.stdout.contains("`levels` never held"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func evalPrintsOneExplainedDecision() async throws {
        let directory = try smallSet()
        let request = try directory.write("r.json", Self.request)
        let result = try await MaestroBinary.run(["policy", "eval", directory.path("p"), "--request", request])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"kind\": \"not_permitted\""))
        #expect(result.stdout.contains("\"reason\": \"level above 2 needed\""))
        #expect(result.stdout.contains("\"attr\": \"principal.level\""))
    }

    @Test func evalStreamsOneLinePerRequestAndReportsBadLines() async throws {
        let directory = try smallSet()
        let allowed = Self.request.replacingOccurrences(of: "\"level\": 1", with: "\"level\": 9")
            .replacingOccurrences(of: "\n", with: " ")
        let lines = [Self.request.replacingOccurrences(of: "\n", with: " "), "{not json", allowed].joined(
            separator: "\n")
        let result = try await MaestroBinary.run(
            ["policy", "eval", directory.path("p"), "--requests", "-"], stdin: Array(lines.utf8))
        #expect(result.status == 1)
        let output = result.stdout.split(separator: "\n").map(String.init)
        #expect(output.count == 3)
        #expect(output[0].hasPrefix("{\"decision\":\"deny\""))
        #expect(output[1].contains("\"line\":2") && output[1].contains("json.unexpected_character"))
        #expect(output[2].hasPrefix("{\"decision\":\"allow\""))
    }

    @Test func evalNeedsExactlyOneRequestSource() async throws {
        let directory = try smallSet()
        let result = try await MaestroBinary.run(["policy", "eval", directory.path("p")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("give exactly one of `--request` and `--requests`"))
    }

    @Test func diffShowsRequestsWhoseDecisionWouldChange() async throws {
        let old = try smallSet(level: 2)
        let new = try smallSet(level: 0)
        let requests = try old.write("r.jsonl", Self.request.replacingOccurrences(of: "\n", with: " ") + "\n")
        let result = try await MaestroBinary.run([
            "policy", "diff", old.path("p"), new.path("p"), "--requests", requests,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"change\":\"decision\""))
        #expect(result.stdout.contains("\"line\":1"))
        #expect(result.stderr.contains("1 requests: 1 change decision, 0 change reasons"))

        let same = try await MaestroBinary.run(["policy", "diff", old.path("p"), old.path("p"), "--requests", requests])
        #expect(same.status == 0)
        #expect(same.stdout.isEmpty)
    }

    @Test func formatPrintsTheTextTheDigestCovers() async throws {
        let directory = try smallSet()
        let check = try await MaestroBinary.run(["policy", "check", directory.path("p")])
        let format = try await MaestroBinary.run(["policy", "format", directory.path("p")])
        #expect(format.status == 0)
        #expect(format.stdout.hasPrefix("@id(\"levels\")\n@code(\"authz.level\")\n"))
        let digest = try #require(check.stdout.firstMatch(of: /sha256:([0-9a-f]{64})/)?.output.1)
        let sha256sum = try ChildProcess(executable: "/usr/bin/sha256sum", arguments: [], environment: [:])
        try sha256sum.write(Array(format.stdout.utf8))
        sha256sum.closeStdin()
        #expect(await sha256sum.exitStatus(within: .seconds(30)) == 0)
        let sum = String(decoding: ChildProcess.readAll(sha256sum.stdoutFD), as: UTF8.self)
        #expect(sum.hasPrefix(String(digest)))
    }

    @Test(.timeLimit(.minutes(1)))
    func evalAnswersEachLineBeforeInputEnds() async throws {
        let directory = try smallSet()
        let child = try ChildProcess(
            executable: MaestroBinary.url.path, arguments: ["policy", "eval", directory.path("p"), "--requests", "-"],
            environment: ProcessInfo.processInfo.environment)
        // One request, stdin still open: the decision must come back now, not at end of input.
        try child.write(Array((Self.request.replacingOccurrences(of: "\n", with: " ") + "\n").utf8))
        let firstLine: [UInt8] = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var received: [UInt8] = []
                var byte: UInt8 = 0
                while !received.contains(0x0A) && read(child.stdoutFD, &byte, 1) == 1 { received.append(byte) }
                continuation.resume(returning: received)
            }
        }
        #expect(String(decoding: firstLine, as: UTF8.self).hasPrefix("{\"decision\":\"deny\""))
        child.closeStdin()
        #expect(await child.exitStatus(within: .seconds(30)) == 0)
    }
}
