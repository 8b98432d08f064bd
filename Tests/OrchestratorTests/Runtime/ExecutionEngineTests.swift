import Foundation
import JSON
import Synchronization
import TestSupport
import Testing

@testable import Orchestrator

/// The engine end to end on a real journal: steps run on workers, retries wait on timers, and an
/// engine reopened over the same journal finishes what the first one left, re-running a step cut
/// off mid-attempt as the same attempt (the same idempotency key).
struct ExecutionEngineTests {
    /// A handler that records every idempotency key it sees and answers from a script.
    final class Recorder: StepHandler, @unchecked Sendable {
        // SAFETY: every access holds `lock`.
        private let lock = NSLock()
        private var keys: [String] = []
        private var failuresLeft: Int
        private let blocks: Bool

        init(failFirst: Int = 0, blocks: Bool = false) {
            failuresLeft = failFirst
            self.blocks = blocks
        }

        var seen: [String] { lock.withLock { keys } }

        func run(_ invocation: StepInvocation) async -> StepOutcome {
            let fail = lock.withLock { () -> Bool in
                keys.append(invocation.idempotencyKey)
                if failuresLeft > 0 {
                    failuresLeft -= 1
                    return true
                }
                return false
            }
            if blocks { try? await Task.sleep(for: .seconds(3600)) }
            if fail { return .failed(code: "test.flaky", message: "scripted", retryable: true, logs: nil) }
            return .succeeded(output: .object(["step": .string(invocation.stepId)]), logs: nil)
        }
    }

    static let definition = """
        {"name": "e", "steps": [
          {"id": "a", "kind": "task", "handler": "rec", "timeout": "5s",
           "retry": {"maxAttempts": 3, "initialBackoff": "1s", "multiplier": 1, "jitter": 0}},
          {"id": "gate", "kind": "condition", "needs": ["a"], "expression": "context.steps.a.output.step == \\"a\\"", "then": ["b"], "else": ["c"]},
          {"id": "b", "kind": "task", "handler": "rec", "timeout": "5s"},
          {"id": "c", "kind": "task", "handler": "rec", "timeout": "5s"}]}
        """

    static func engine(_ directory: String, _ handler: Recorder) throws -> ExecutionEngine {
        try ExecutionEngine(directory: directory, clock: { Int64(Date().timeIntervalSince1970) }) { name in
            name == "rec" ? handler : nil
        }
    }

    static func start(_ engine: ExecutionEngine, _ id: String) async throws {
        try await engine.start(
            id: id, tenant: "t1", startedBy: "op", definition: try JSONValue.parse(Array(definition.utf8)),
            workflowId: "w",
            semver: "1.0.0", definitionDigest: "sha256:0", input: [:], decisionId: "d")
    }

    static func finished(_ engine: ExecutionEngine, _ id: String, within seconds: Double = 20) async -> ExecutionState?
    {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let state = engine.execution(id)?.state, state.status.isTerminal { return state }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func runsRetriesAndBranchesToCompletion() async throws {
        let directory = try TemporaryDirectory()
        let handler = Recorder(failFirst: 1)
        let engine = try Self.engine(directory.path(""), handler)
        try await Self.start(engine, "x1")
        let state = try #require(await Self.finished(engine, "x1"))
        #expect(state.status == .succeeded)
        #expect(handler.seen == ["x1/a/1", "x1/a/2", "x1/b/1"])  // a retried once; c on the untaken branch
        guard case .skipped? = state.steps["c"] else { Issue.record("c should be skipped"); return }
        engine.close()

        // The journal replays to the same state.
        let reopened = try Self.engine(directory.path(""), Recorder())
        #expect(reopened.execution("x1")?.state == state)
        reopened.close()
    }

    @Test func aReopenedEngineFinishesTheAttemptAStoppedOneLeftRunning() async throws {
        let directory = try TemporaryDirectory()
        let stuck = Recorder(blocks: true)
        let first = try Self.engine(directory.path(""), stuck)
        try await Self.start(first, "x2")
        while stuck.seen.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        first.close()  // as if the process died: nothing more reaches the journal

        let handler = Recorder()
        let second = try Self.engine(directory.path(""), handler)
        guard case .running(1, _)? = second.execution("x2")?.state.steps["a"] else {
            Issue.record("step a should be running after replay")
            return
        }
        second.resume()
        let state = try #require(await Self.finished(second, "x2"))
        #expect(state.status == .succeeded)
        #expect(stuck.seen == ["x2/a/1"])
        #expect(handler.seen == ["x2/a/1", "x2/b/1"])  // the same attempt, the same key
        second.close()
    }

    @Test func cancelStopsTheRunningHandlerAndEndsTheExecution() async throws {
        let directory = try TemporaryDirectory()
        let handler = Recorder(blocks: true)
        let engine = try Self.engine(directory.path(""), handler)
        try await Self.start(engine, "x3")
        while handler.seen.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        try await engine.cancel("x3", by: "op")
        let state = try #require(await Self.finished(engine, "x3"))
        #expect(state.status == .cancelled)
        #expect(handler.seen == ["x3/a/1"])  // nothing started after the cancel
        engine.close()
    }
}
