extension SimulationRun {
    /// Applies the first failure, then totals the time, the cost and the checks.
    mutating func finish() -> Simulation {
        for step in plan.steps where results[step.id] == nil {
            skip(step.id, owner[step.id].map { "its loop `\($0)` did not run its body" } ?? "it never became ready")
        }
        let failure = failures.enumerated().min {
            ($0.element.atSeconds, $0.offset) < ($1.element.atSeconds, $1.offset)
        }?.element
        if let failure { stopNewSteps(after: failure) }

        let ordered = plan.steps.compactMap { results[$0.id] }
        let ran = ordered.filter { $0.status != .skipped }
        var cost = Simulation.Cost(cpuSeconds: 0, memoryMiBSeconds: 0, quota: [:])
        for result in ran {
            guard let resources = steps[result.id]?.resources else { continue }
            cost.cpuSeconds += (resources.cpu ?? 0) * result.busySeconds
            cost.memoryMiBSeconds += Double(resources.memoryMiB ?? 0) * result.busySeconds
            for (name, units) in resources.quota {
                let used = Self.product(units, Int64(result.attempts))
                cost.quota[name] = Self.sum(cost.quota[name] ?? 0, used)
            }
        }
        var checks = [
            Simulation.PolicyCheck(action: "execute", workflowId: definition.id, stepId: nil, versionRange: nil)
        ]
        for result in ran {
            if case .subprocess(let workflowId, let range)? = steps[result.id]?.kind {
                checks.append(
                    Simulation.PolicyCheck(
                        action: "execute", workflowId: workflowId, stepId: result.id, versionRange: range))
            }
        }
        return Simulation(
            status: failure == nil ? .succeeded : .failed, steps: ordered, conditions: conditions, loops: loops,
            totalSeconds: ran.compactMap(\.endSeconds).max() ?? 0, cost: cost, policyChecks: checks, failure: failure,
            notes: notes)
    }

    /// The execution fails at `failure.atSeconds`: a step that would start then or later is skipped,
    /// unless the failing step waited for it or is inside it.
    private mutating func stopNewSteps(after failure: Simulation.Failure) {
        var kept: Set<String> = [failure.stepId]
        var stack = [failure.stepId]
        while let next = stack.popLast() {
            for dependency in planned[next]?.dependsOn ?? [] where kept.insert(dependency).inserted {
                stack.append(dependency)
            }
            if let loop = owner[next], kept.insert(loop).inserted { stack.append(loop) }
        }
        let time = failure.atSeconds
        for step in plan.steps where !kept.contains(step.id) {
            guard let result = results[step.id], result.status != .skipped, let start = result.startSeconds,
                start >= time
            else { continue }
            skip(
                step.id,
                "it would start at \(Self.seconds(start)) s, when the execution has already failed "
                    + "(`\(failure.stepId)` at \(Self.seconds(time)) s)")
        }
        conditions.removeAll { results[$0.id]?.status == .skipped }
        loops.removeAll { results[$0.id]?.status == .skipped }
    }

    /// `a × b`, at most `Int64.max` (the counts are never negative).
    static func product(_ a: Int64, _ b: Int64) -> Int64 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : value
    }

    /// `a + b`, at most `Int64.max`.
    static func sum(_ a: Int64, _ b: Int64) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : value
    }
}
