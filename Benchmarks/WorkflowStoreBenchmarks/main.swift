import Foundation
import JSON
import Orchestrator

// Restart time of the embedded workflow store: fill it with N workflows (each created, edited
// once and published once, as a designer would), close it, and time reopening it (replaying the
// journal), several times. Prints one JSON line per reopen and a median line.
//
//   WorkflowStoreBenchmarks [--workflows 10000] [--reopens 5]

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback
}
let count = option("--workflows", 10_000)
let reopens = option("--reopens", 5)
let directory = NSTemporaryDirectory() + "maestro-store-bench-\(UUID().uuidString)"
defer { try? FileManager.default.removeItem(atPath: directory) }
let sample = try JSONValue.parse(Array(WorkflowTemplates.all[0].definition.utf8))

let store = try EmbeddedWorkflowStore(directory: directory)
let fillStart = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<64 {
        group.addTask {
            for index in stride(from: worker, to: count, by: 64) {
                let id = "wf_\(index)"
                let record = try await store.create(id: id, tenant: "t1", owner: "alice", draft: sample, at: 1)
                _ = try await store.updateDraft(
                    id: id, revision: record.revision, draft: sample, editor: "alice", at: 2)
                let version = WorkflowVersion(
                    semver: SemanticVersion(1, 0, 0), definition: sample, definitionDigest: "sha256:0",
                    planDigest: "sha256:0",
                    policySetDigest: "sha256:0", publishedBy: "bob", publishedAt: 3, decisionId: "d",
                    manifest: Array("{}".utf8),
                    ledgerIndex: nil, diff: VersionDiff(from: nil, to: sample))
                _ = try await store.publish(id: id, revision: record.revision + 1, version: version)
                try await store.recordLedgerIndex(id: id, semver: SemanticVersion(1, 0, 0), index: UInt64(index))
            }
        }
    }
    try await group.waitForAll()
}
let fill = ContinuousClock.now - fillStart
store.close()
let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/workflows.journal")[.size] as? Int) ?? 0
print(
    #"{"benchmark":"store.fill","workflows":\#(count),"events":\#(count * 4),"seconds":\#(fill.components.seconds),"journalBytes":\#(size)}"#
)
var times: [Double] = []
for run in 1...reopens {
    let start = ContinuousClock.now
    let reopened = try EmbeddedWorkflowStore(directory: directory)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    precondition(reopened.workflows(tenant: "t1").count == count, "the store lost workflows")
    reopened.close()
    times.append(seconds)
    print(
        #"{"benchmark":"store.reopen","run":\#(run),"workflows":\#(count),"seconds":\#(String(format: "%.3f", seconds))}"#
    )
}
times.sort()
print(#"{"median":"store.reopen","workflows":\#(count),"seconds":\#(String(format: "%.3f", times[times.count / 2]))}"#)
