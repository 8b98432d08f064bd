/// The steps as a dependency graph: each step depends on its `needs` and on the condition or loop
/// that names it in `then`, `else` or `body`.
struct StepGraph {
    let definition: WorkflowDefinition
    /// Step id → position in `definition.steps` (the first, when ids repeat).
    private(set) var index: [String: Int] = [:]
    /// For each step, the steps it depends on (positions), unknown names dropped.
    private(set) var dependsOn: [[Int]]
    /// For each step, the steps that depend on it.
    private(set) var dependents: [[Int]]
    /// Steps in topological order; steps in or behind a cycle are missing.
    private(set) var order: [Int] = []
    private var ancestorCache: [Int: Set<String>] = [:]

    init(definition: WorkflowDefinition, findings: inout [WorkflowFinding]) {
        self.definition = definition
        let steps = definition.steps
        dependsOn = Array(repeating: [], count: steps.count)
        dependents = Array(repeating: [], count: steps.count)
        for (position, step) in steps.enumerated() {
            if let first = index[step.id] {
                findings.append(
                    WorkflowFinding(
                        .duplicateStepId, at: step.pointer + "/id",
                        "step id `\(step.id)` is already used by \(steps[first].pointer); step ids are unique"))
            } else {
                index[step.id] = position
            }
        }
        func link(_ from: Int, needs name: String, code: WorkflowError.Code, at pointer: String, _ message: String) {
            guard let target = index[name] else {
                findings.append(WorkflowFinding(code, at: pointer, message))
                return
            }
            if !dependsOn[from].contains(target) {
                dependsOn[from].append(target)
                dependents[target].append(from)
            }
        }
        for (position, step) in steps.enumerated() {
            for (offset, name) in step.needs.enumerated() {
                link(
                    position, needs: name, code: .unknownNeed, at: "\(step.pointer)/needs/\(offset)",
                    "`needs` names `\(name)`, which is not a step id")
            }
            var owned: [(String, String, WorkflowError.Code)] = []
            switch step.kind {
            case .condition(_, let then, let otherwise):
                owned += then.enumerated().map { ($1, "\(step.pointer)/then/\($0)", .unknownConditionTarget) }
                owned += otherwise.enumerated().map { ($1, "\(step.pointer)/else/\($0)", .unknownConditionTarget) }
            case .loop(_, _, _, _, let body):
                owned += body.enumerated().map { ($1, "\(step.pointer)/body/\($0)", .unknownLoopBody) }
            default: break
            }
            for (name, pointer, code) in owned {
                guard let target = index[name] else {
                    findings.append(WorkflowFinding(code, at: pointer, "`\(name)` is not a step id"))
                    continue
                }
                link(target, needs: step.id, code: code, at: pointer, "")
                _ = target
            }
        }
        order = topologicalOrder(findings: &findings)
    }

    /// Kahn's algorithm, taking ready steps in document order; reports each cycle once and the
    /// steps stuck behind one.
    private func topologicalOrder(findings: inout [WorkflowFinding]) -> [Int] {
        let steps = definition.steps
        var remaining = dependsOn.map(\.count)
        var ready = (0..<steps.count).filter { remaining[$0] == 0 && index[steps[$0].id] == $0 }
        var order: [Int] = []
        while !ready.isEmpty {
            let next = ready.removeFirst()
            order.append(next)
            for dependent in dependents[next] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.append(dependent) }
            }
            ready.sort()
        }
        let stuck = (0..<steps.count).filter { remaining[$0] > 0 }
        var inCycle = Set<Int>()
        for start in stuck where !inCycle.contains(start) {
            if let cycle = findCycle(from: start, among: Set(stuck)), !cycle.contains(where: inCycle.contains) {
                inCycle.formUnion(cycle)
                let names = (cycle + [cycle[0]]).map { "`\(steps[$0].id)`" }.joined(separator: " → ")
                findings.append(
                    WorkflowFinding(
                        .cycle, at: steps[cycle[0]].pointer,
                        "steps depend on each other in a cycle: \(names); remove one of these dependencies"))
            }
        }
        for position in stuck where !inCycle.contains(position) {
            findings.append(
                WorkflowFinding(
                    .unreachableStep, at: steps[position].pointer,
                    "step `\(steps[position].id)` can never start: it depends on steps in a cycle"))
        }
        return order
    }

    /// A cycle reachable from `start` following dependencies, as positions in order.
    private func findCycle(from start: Int, among candidates: Set<Int>) -> [Int]? {
        var path: [Int] = []
        var onPath = Set<Int>()
        var visited = Set<Int>()
        func visit(_ node: Int) -> [Int]? {
            if onPath.contains(node) { return Array(path[path.firstIndex(of: node)!...]) }
            guard !visited.contains(node), candidates.contains(node) else { return nil }
            visited.insert(node)
            path.append(node)
            onPath.insert(node)
            for next in dependsOn[node] { if let cycle = visit(next) { return cycle } }
            path.removeLast()
            onPath.remove(node)
            return nil
        }
        return visit(start)
    }

    /// Ids of every step that finishes before `id` starts (transitively).
    mutating func ancestors(of id: String) -> Set<String> {
        guard let position = index[id] else { return [] }
        if let cached = ancestorCache[position] { return cached }
        var seen = Set<Int>()
        var stack = dependsOn[position]
        while let next = stack.popLast() {
            if seen.insert(next).inserted { stack += dependsOn[next] }
        }
        let result = Set(seen.map { definition.steps[$0].id })
        ancestorCache[position] = result
        return result
    }

    /// The plan, with defaults applied. Requires no errors.
    func plan(options: CompilerOptions) -> WorkflowPlan {
        let steps = definition.steps
        var planned: [WorkflowPlan.PlannedStep] = []
        var levels = Array(repeating: 0, count: steps.count)
        var finish = Array(repeating: 0.0, count: steps.count)
        var width: [Int: Int] = [:]
        var cpu = 0.0
        var memory: Int64 = 0
        var quota: [String: Int64] = [:]
        for position in order {
            let step = steps[position]
            levels[position] = (dependsOn[position].map { levels[$0] + 1 }.max() ?? 0)
            let retry = step.retry
            let attempts = retry?.maxAttempts ?? (retry == nil ? 1 : 10)
            let timeout = step.timeoutSeconds ?? Self.kindTimeout(step, default: options.defaultTimeoutSeconds)
            var backoff = 0.0
            var wait = retry?.initialBackoffSeconds ?? 0
            for _ in 1..<max(attempts, 1) {
                backoff += wait * (1 + (retry?.jitter ?? 0))
                wait = min(wait * (retry?.multiplier ?? 2), retry?.maxBackoffSeconds ?? 300)
            }
            var fanOut = 1
            if case .loop(_, _, let concurrency, _, _) = step.kind { fanOut = min(concurrency, options.fanOutCap) }
            let worst = Double(timeout) * Double(max(attempts, 1)) + backoff
            finish[position] = (dependsOn[position].map { finish[$0] }.max() ?? 0) + worst
            width[levels[position], default: 0] += fanOut
            if let resources = step.resources {
                cpu += (resources.cpu ?? 0) * Double(fanOut)
                memory += (resources.memoryMiB ?? 0) * Int64(fanOut)
                for (name, units) in resources.quota { quota[name, default: 0] += units * Int64(fanOut) }
            }
            planned.append(
                WorkflowPlan.PlannedStep(
                    id: step.id, kind: step.kind.name, dependsOn: dependsOn[position].map { steps[$0].id },
                    level: levels[position], timeoutSeconds: timeout, maxAttempts: max(attempts, 1),
                    initialBackoffSeconds: retry?.initialBackoffSeconds ?? 0,
                    maxBackoffSeconds: retry?.maxBackoffSeconds ?? 0,
                    multiplier: retry?.multiplier ?? 1, jitter: retry?.jitter ?? 0,
                    nonRetryable: retry?.nonRetryable ?? [],
                    fanOut: fanOut, worstCaseSeconds: worst))
        }
        return WorkflowPlan(
            steps: planned, maxParallelism: min(width.values.max() ?? 0, options.overallParallelismCap), totalCPU: cpu,
            totalMemoryMiB: memory, totalQuota: quota, worstCaseSeconds: finish.max() ?? 0)
    }

    /// The timeout a step's kind implies when it sets none.
    private static func kindTimeout(_ step: WorkflowDefinition.Step, default fallback: Int64) -> Int64 {
        switch step.kind {
        case .delay(let seconds, _): (seconds ?? 0) + 60
        case .human(_, _, let due, _): due ?? fallback
        case .condition: 10
        default: fallback
        }
    }
}
