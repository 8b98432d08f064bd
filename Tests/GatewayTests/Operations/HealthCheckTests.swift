import JSON
import Synchronization
import Testing

@testable import Gateway

struct HealthCheckTests {
    @Test func reportsUpWhenEveryCheckIsUp() async {
        let health = HealthRegistry()
        health.register("database") { .up(detail: "3 ms") }
        health.register("policies") { .up(detail: nil) }
        let report = await health.report()
        #expect(report.isHealthy)
        #expect(
            report.json == [
                "status": "up",
                "checks": [
                    "database": ["status": "up", "detail": "3 ms"],
                    "policies": ["status": "up", "detail": nil],
                ],
            ])
    }

    @Test func reportsDownWhenAnyCheckIsDown() async {
        let health = HealthRegistry()
        health.register("database") { .down(detail: "connection refused") }
        health.register("disk") { .up(detail: nil) }
        let report = await health.report()
        #expect(!report.isHealthy)
        #expect(report.json["status"] == "down")
        #expect(report.json["checks"]?["database"] == ["status": "down", "detail": "connection refused"])
        #expect(report.json["checks"]?["disk"]?["status"] == "up")
        #expect(report.json.encodedString().hasPrefix(#"{"checks":{"database":{"detail":"connection refused""#))
    }

    @Test func reportsHealthyWithNoChecks() async {
        let report = await HealthRegistry().report()
        #expect(report.isHealthy)
        #expect(report.json == ["status": "up", "checks": [:]])
    }

    @Test func reportsACheckThatTakesTooLongAsTimedOut() async {
        let health = HealthRegistry(timeout: .milliseconds(50))
        health.register("slow") {
            try? await Task.sleep(for: .seconds(30))
            return .up(detail: nil)
        }
        health.register("fast") { .up(detail: nil) }
        let clock = ContinuousClock()
        let started = clock.now
        let report = await health.report()
        // Well short of the check's 30 s (the margin is wide: tests share two cores with the whole suite).
        #expect(clock.now - started < .seconds(20))
        #expect(report.checks == ["slow": .down(detail: "timed out"), "fast": .up(detail: nil)])
        #expect(!report.isHealthy)
    }

    @Test func runsChecksConcurrently() async {
        // Each check waits until all four have started, which only concurrent checks can do.
        let gate = Gate()
        let started = Mutex(0)
        let health = HealthRegistry(timeout: .seconds(10))
        for index in 0..<4 {
            health.register("check\(index)") {
                if started.withLock({ count in
                    count += 1
                    return count == 4
                }) {
                    gate.open()
                }
                await gate.wait()
                return .up(detail: nil)
            }
        }
        let report = await health.report()
        #expect(report.isHealthy)
        #expect(report.checks.count == 4)
    }

    @Test func givesUpOnACheckThatIgnoresCancellationAndDoesNotStartItAgain() async {
        let gate = Gate()
        let health = HealthRegistry(timeout: .milliseconds(50))
        health.register("stuck") {
            await gate.wait()  // Not cancellable: only `open()` ends it.
            return .up(detail: "recovered")
        }
        #expect(await health.report().checks["stuck"] == .down(detail: "timed out"))
        #expect(
            await health.report().checks["stuck"] == .down(detail: "timed out; previous run still in progress"))
        #expect(gate.waiters == 1)
        gate.open()
        // The abandoned run ends; the next report runs the check again.
        var status = await health.report().checks["stuck"]
        for _ in 0..<100 where status != .up(detail: "recovered") {
            try? await Task.sleep(for: .milliseconds(10))
            status = await health.report().checks["stuck"]
        }
        #expect(status == .up(detail: "recovered"))
    }

    @Test func usesAPerCheckTimeoutWhenGiven() async {
        let health = HealthRegistry(timeout: .seconds(30))
        health.register("quick", timeout: .milliseconds(20)) {
            try? await Task.sleep(for: .seconds(30))
            return .up(detail: nil)
        }
        #expect(await health.report().checks["quick"] == .down(detail: "timed out"))
    }

    @Test func reportsEveryCheckAsCancelledWhenTheReportIsCancelled() async {
        let health = HealthRegistry(timeout: .seconds(30))
        health.register("slow") {
            try? await Task.sleep(for: .seconds(30))
            return .up(detail: nil)
        }
        let task = Task { await health.report() }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        let report = await task.value
        #expect(report.checks == ["slow": .down(detail: "cancelled")])
    }

    @Test func trapsWhenANameIsRegisteredTwice() async {
        await #expect(processExitsWith: .failure) {
            let health = HealthRegistry()
            health.register("twice") { .up(detail: nil) }
            health.register("twice") { .up(detail: nil) }
        }
    }
}

/// A latch that async waiters wait on, ignoring cancellation, until it is opened.
private final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var continuations: [CheckedContinuation<Void, Never>] = []
        var waiterCount = 0
    }

    private let state = Mutex(State())

    /// How many times `wait()` was called.
    var waiters: Int { state.withLock { $0.waiterCount } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                state.waiterCount += 1
                if !state.isOpen { state.continuations.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let continuations = state.withLock { state in
            state.isOpen = true
            defer { state.continuations = [] }
            return state.continuations
        }
        for continuation in continuations { continuation.resume() }
    }
}
