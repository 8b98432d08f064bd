import Synchronization

/// One registered check, and how it is run under a timeout.
final class HealthCheck: Sendable {
    let name: String
    let timeout: Duration
    private let run: @Sendable () async -> HealthStatus
    /// Runs that timed out and have not ended yet. While any exist, the check is not started again.
    private let abandonedRuns = Mutex(0)

    init(name: String, timeout: Duration, run: @escaping @Sendable () async -> HealthStatus) {
        self.name = name
        self.timeout = timeout
        self.run = run
    }

    /// Runs the check, or gives up on it after `timeout`.
    ///
    /// The check runs in an unstructured task on purpose: a structured child is always awaited
    /// before its scope ends, so a check that ignores cancellation would hold the report past its
    /// timeout. The task is cancelled when the check loses the race, and ``abandonedRuns`` bounds
    /// how many such tasks can exist.
    func runWithTimeout() async -> HealthStatus {
        guard abandonedRuns.withLock({ $0 }) == 0 else {
            return .down(detail: "timed out; previous run still in progress")
        }
        let race = HealthCheckRace()
        let task = Task {
            let status = await self.run()
            race.finish(with: status, check: self)
        }
        let timeout = timeout
        let status = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                race.resolve(Task.isCancelled ? .down(detail: "cancelled") : .down(detail: "timed out"))
            }
            let status = await race.value()
            group.cancelAll()
            return status
        }
        if race.abandonIfRunning(check: self) { task.cancel() }
        return status
    }

    fileprivate func changeAbandonedRuns(by delta: Int) {
        abandonedRuns.withLock { $0 += delta }
    }
}

/// The first of a check's status, its timeout and its cancellation; and whether the check's task
/// was left running.
private final class HealthCheckRace: Sendable {
    private struct State {
        var result: HealthStatus?
        var waiter: CheckedContinuation<HealthStatus, Never>?
        var isCheckFinished = false
        var isAbandoned = false
    }

    private let state = Mutex(State())

    /// Settles the race with `status` unless it is already settled.
    func resolve(_ status: HealthStatus) {
        let waiter = state.withLock { state -> CheckedContinuation<HealthStatus, Never>? in
            guard state.result == nil else { return nil }
            state.result = status
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: status)
    }

    /// The check's task has ended with `status`; if it had been abandoned, it no longer counts.
    func finish(with status: HealthStatus, check: HealthCheck) {
        resolve(status)
        // Lock order: the race, then the check's counter (as in `abandonIfRunning`).
        state.withLock { state in
            state.isCheckFinished = true
            if state.isAbandoned { check.changeAbandonedRuns(by: -1) }
        }
    }

    /// After the race is settled: if the check's task is still running, counts it as abandoned.
    /// - Returns: whether it was abandoned (and should be cancelled).
    func abandonIfRunning(check: HealthCheck) -> Bool {
        state.withLock { state in
            guard !state.isCheckFinished else { return false }
            state.isAbandoned = true
            check.changeAbandonedRuns(by: 1)
            return true
        }
    }

    /// Waits for the race to be settled.
    func value() async -> HealthStatus {
        await withCheckedContinuation { continuation in
            let settled = state.withLock { state -> HealthStatus? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let settled { continuation.resume(returning: settled) }
        }
    }
}
