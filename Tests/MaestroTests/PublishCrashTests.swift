import Cryptography
import Foundation
import Gateway
import JSON
import Ledger
import TestSupport
import Testing

/// Publishes in a loop against a real `maestro serve` and SIGKILLs it at random moments, 20
/// times. After every restart: each acknowledged publish is in the ledger exactly once, every
/// ledger manifest is a published version, and `maestro ledger verify` passes.
struct PublishCrashTests {
    static func start(_ data: String) async throws -> ServeProcess { try await ServeProcess.start(data: data) }

    /// One request; `nil` when the server is gone.
    static func call(_ port: Int, _ method: String, _ path: String, _ headers: [String: String], _ body: String = "")
        async
        -> (status: Int, headers: [String: String], body: String)?
    {
        guard let client = try? TestClient(port: port, receiveTimeout: 10) else { return nil }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.utf8.count)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        guard (try? client.send(text + "\r\n" + body)) != nil else { return nil }
        let raw = await client.receiveResponse()
        guard let end = raw.range(of: "\r\n\r\n"), let status = Int(raw.split(separator: " ").dropFirst().first ?? "")
        else {
            return nil
        }
        var fields: [String: String] = [:]
        for line in raw[..<end.lowerBound].split(separator: "\r\n").dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2 { fields[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        return (status, fields, String(raw[end.upperBound...]))
    }

    @Test(.timeLimit(.minutes(5)))
    func everyAcknowledgedPublishIsInTheLedgerExactlyOnce() async throws {
        BrokenPipes.ignore
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        let (key, kid) = try LocalTokenKey.loadOrCreate(dataDirectory: data)
        let issuer = TokenIssuer(key: key, kid: kid, issuer: LocalTokenKey.issuer, audience: LocalTokenKey.audience)
        func headers(_ sub: String, _ role: String) throws -> [String: String] {
            let token = try issuer.issue(
                claims: ["sub": .string(sub), "tenant": "t1", "role": .string(role)],
                now: Int64(Date().timeIntervalSince1970), lifetime: 3600)
            return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        }
        let alice = try headers("alice", "author")
        let bob = try headers("bob", "publisher")
        var acknowledged: [String: Set<String>] = [:]  // workflow id → semvers acknowledged
        for round in 0..<20 {
            let server = try await Self.start(data)
            let deadline = ContinuousClock.now + .milliseconds(Int.random(in: 150...600))
            var workflow: String?
            var etag = ""
            var step = 0
            while ContinuousClock.now < deadline {
                step += 1
                if workflow == nil {
                    let body =
                        #"{"name": "crash \#(round)", "labels": {"sensitivity": "internal"}, "steps": [{"id": "a", "kind": "task", "handler": "h", "timeout": "1s"}], "outputs": {"o": "steps.a.output"}}"#
                    guard let created = await Self.call(server.port, "POST", "/api/workflows", alice, body),
                        created.status == 201
                    else {
                        break
                    }
                    workflow = try JSONValue.parse(Array(created.body.utf8))["id"]?.stringValue
                    if let workflow { acknowledged[workflow, default: []] = [] }
                    etag = created.headers["etag"] ?? ""
                    continue
                }
                let id = workflow!
                var ifMatch = alice
                ifMatch["If-Match"] = etag
                let body =
                    #"{"name": "crash \#(round)", "labels": {"sensitivity": "internal"}, "steps": [{"id": "a", "kind": "task", "handler": "h", "timeout": "\#(step)s"}], "outputs": {"o": "steps.a.output"}}"#
                guard let updated = await Self.call(server.port, "PUT", "/api/workflows/\(id)", ifMatch, body),
                    updated.status == 200
                else {
                    break
                }
                etag = updated.headers["etag"] ?? ""
                guard let published = await Self.call(server.port, "POST", "/api/workflows/\(id)/publish", bob) else {
                    break
                }
                if published.status == 201,
                    let semver = try JSONValue.parse(Array(published.body.utf8))["semver"]?.stringValue
                {
                    acknowledged[id, default: []].insert(semver)
                }
            }
            server.child.signal(SIGKILL)
            #expect(await server.child.exitStatus(within: .seconds(30)) == 128 + SIGKILL)

            // Restart, let the outbox deliver, then check from the outside.
            let checking = try await Self.start(data)
            var versions: [String: [String: Int64]] = [:]  // id → semver → ledger index
            for id in acknowledged.keys.sorted() {
                let listed = try #require(await Self.call(checking.port, "GET", "/api/workflows/\(id)/versions", alice))
                for item in try JSONValue.parse(Array(listed.body.utf8))["items"]?.arrayValue ?? [] {
                    let semver = item["semver"]?.stringValue ?? ""
                    versions[id, default: [:]][semver] = item["ledgerIndex"]?.int64Value ?? -1
                }
                for semver in acknowledged[id]! {
                    #expect(
                        (versions[id]?[semver] ?? -1) >= 0,
                        "round \(round): acknowledged \(id)@\(semver) has no ledger entry")
                }
            }
            checking.child.signal(SIGTERM)
            #expect(await checking.child.exitStatus(within: .seconds(30)) == 0)

            let verify = try await MaestroBinary.run(["ledger", "verify", "--data", data])
            #expect(verify.status == 0, "round \(round): \(verify.stderr)")
            // Every manifest in the ledger is a published version, and none is there twice.
            let verifier = try LedgerKey.readVerifierKey(LedgerKey.verifierKeyPath(dataDirectory: data))
            let reader = try TiledLogReader(directory: data + "/ledger", verifier: verifier)
            var seen = Set<String>()
            for index in 0..<reader.checkpoint.treeSize {
                let manifest = try JSONValue.parse(try reader.entry(at: index))
                let id = manifest["workflowId"]?.stringValue ?? ""
                let semver = manifest["semver"]?.stringValue ?? ""
                #expect(
                    seen.insert("\(id)@\(semver)").inserted, "round \(round): \(id)@\(semver) is in the ledger twice")
                #expect(
                    versions[id]?[semver] == Int64(index),
                    "round \(round): ledger entry \(index) is not version \(id)@\(semver)")
            }
        }
        let total = acknowledged.values.map(\.count).reduce(0, +)
        #expect(total >= 20, "too few publishes were acknowledged (\(total)) to exercise anything")
        print("publish crash test: \(total) acknowledged publishes over 20 kills")
    }
}
