import JSON
import Synchronization

/// What one health check found.
public enum HealthStatus: Sendable, Equatable {
    /// Working; the detail says what was seen, if anything worth saying.
    case up(detail: String?)
    /// Not working; the detail says why, for an operator.
    case down(detail: String)

    /// Whether the status is ``up(detail:)``.
    public var isUp: Bool {
        if case .up = self { return true }
        return false
    }

    /// The detail, if any.
    public var detail: String? {
        switch self {
        case .up(let detail): return detail
        case .down(let detail): return detail
        }
    }
}

/// The result of running every registered check.
public struct HealthReport: Sendable, Equatable {
    /// Each check's status, by name.
    public let checks: [String: HealthStatus]

    /// Whether every check is up (true when there are none).
    public var isHealthy: Bool { checks.values.allSatisfy(\.isUp) }

    /// The report as served at `/health`:
    /// `{"status":"up"|"down","checks":{"<name>":{"status":"up"|"down","detail":"…"|null}}}`.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for (name, status) in checks {
            members[name] = [
                "status": .string(status.isUp ? "up" : "down"),
                "detail": status.detail.map(JSONValue.string) ?? .null,
            ]
        }
        return ["status": .string(isHealthy ? "up" : "down"), "checks": .object(members)]
    }
}

/// The process's health checks, run together on demand for `/health`.
///
/// ``report()`` runs every check concurrently, each under its own timeout, and reports one that
/// has not answered in time as down with the detail `timed out`; it returns within about the
/// longest timeout, whatever the checks do. A check should still honour cancellation: a timed-out
/// run is cancelled and abandoned, and until it actually ends, later reports show that check as
/// down (`timed out; previous run still in progress`) instead of starting another, so a stuck
/// dependency costs at most one pending run per check.
public final class HealthRegistry: Sendable {
    /// The timeout a check gets unless registered with its own.
    public static let defaultTimeout: Duration = .seconds(2)

    private let checks = Mutex<[HealthCheck]>([])
    private let defaultTimeout: Duration

    /// Makes an empty registry.
    /// - Parameter timeout: the timeout of checks registered without one (default 2 s).
    public init(timeout: Duration = HealthRegistry.defaultTimeout) {
        precondition(timeout > .zero, "a health check timeout must be positive")
        defaultTimeout = timeout
    }

    /// Adds a check. Names are unique; registering one twice is a programmer error and traps.
    /// - Parameters:
    ///   - name: the check's key in the report, such as `database`.
    ///   - timeout: how long the check may take before it counts as down; the registry's default when `nil`.
    ///   - check: finds the status; it runs on the concurrency pool, so it must not block.
    public func register(
        _ name: String, timeout: Duration? = nil, check: @escaping @Sendable () async -> HealthStatus
    ) {
        let entry = HealthCheck(name: name, timeout: timeout ?? defaultTimeout, run: check)
        checks.withLock { checks in
            precondition(!checks.contains { $0.name == name }, "health check `\(name)` is registered twice")
            checks.append(entry)
        }
    }

    /// Runs every check concurrently, each under its timeout.
    /// - Returns: the statuses; a check that timed out is down with the detail `timed out`, and every
    ///   check is down with the detail `cancelled` if the calling task is cancelled.
    public func report() async -> HealthReport {
        let checks = checks.withLock { $0 }
        let statuses = await withTaskGroup(of: (String, HealthStatus).self) { group in
            for check in checks {
                group.addTask { (check.name, await check.runWithTimeout()) }
            }
            var statuses: [String: HealthStatus] = [:]
            for await (name, status) in group { statuses[name] = status }
            return statuses
        }
        return HealthReport(checks: statuses)
    }
}
