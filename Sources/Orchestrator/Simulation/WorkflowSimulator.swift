import JSON
import PolicyEngine

/// Dry-runs a compiled workflow with mocked step results: which path it takes, when each step
/// starts and ends, what it costs and which authorization checks it faces. Nothing runs, nothing
/// is stored, and time is computed, not waited for.
///
/// The model, in seconds from 0:
/// - A step starts when every step it depends on has finished; one that needs a skipped or failed
///   step is skipped.
/// - A task, human or subprocess step makes attempts as its mock says (``StepMock``), each taking
///   the mocked duration (1 s by default; a human step's `dueIn`), cut at the step's timeout as a
///   failure. Between attempts it waits `initialBackoff × multiplier^(n-1)`, capped at
///   `maxBackoff`; jitter is not simulated. A code in `nonRetryable` stops the retries.
/// - A condition takes no time: it evaluates its expression over `context` = `{input, steps:
///   {<id>: {output}}, env}` (the outputs of the steps that finished by then) and skips the steps
///   only its untaken branch names. An expression that fails fails the execution.
/// - A loop runs its body steps once per element of its `forEach` set, `concurrency` at a time
///   (each round as long as one iteration), or one after another while its `while` expression
///   holds, at most `maxIterations` times; `context.iteration` counts the finished iterations. The
///   mocks are per step, so every iteration of a body takes the same time.
/// - A delay takes its `duration`; one with `until` takes 0 s.
/// - The first failure ends the execution: no step starts at or after it (those are skipped), and
///   steps already running are shown running to their end.
public enum WorkflowSimulator {
    /// Simulates one execution.
    /// - Parameters:
    ///   - definition: The definition `plan` was compiled from.
    ///   - plan: Its plan, from ``WorkflowCompiler/compile(_:options:)``.
    ///   - input: The execution's input, `context.input`.
    ///   - mocks: What each step does, by step id; a step without one succeeds after 1 s with
    ///     output `{}`.
    ///   - env: `context.env` (tenant, purpose, time).
    /// - Returns: The simulated execution; it never throws: every failure is part of the result.
    public static func simulate(
        _ definition: WorkflowDefinition, plan: WorkflowPlan, input: JSONValue, mocks: [String: StepMock],
        env: JSONValue
    ) -> Simulation {
        var run = SimulationRun(definition: definition, plan: plan, input: input, mocks: mocks, env: env)
        run.run(region: run.members(of: nil), owner: nil, start: 0)
        return run.finish()
    }
}

/// The state of one simulation, filled in step by step.
struct SimulationRun {
    let definition: WorkflowDefinition
    let plan: WorkflowPlan
    let mocks: [String: StepMock]
    let steps: [String: WorkflowDefinition.Step]
    let planned: [String: WorkflowPlan.PlannedStep]
    /// Each step's index in the plan: the order results are reported in and ties are broken by.
    let position: [String: Int]
    /// The loop whose `body` names a step, for every body step.
    let owner: [String: String]
    /// The steps directly in each loop's body, and (under `nil`) those outside every loop, in plan order.
    let regions: [String?: [String]]
    let input: Value
    let env: Value

    var results: [String: Simulation.StepResult] = [:]
    /// The outputs of the steps that succeeded, as Cedar values.
    var outputs: [String: Value] = [:]
    /// For each condition evaluated, the steps its untaken branch alone names.
    var untaken: [String: (branch: Simulation.ConditionResult.Branch, steps: Set<String>)] = [:]
    var conditions: [Simulation.ConditionResult] = []
    var loops: [Simulation.LoopResult] = []
    /// Genuine failures (not a loop failing because its body did), in the order they were found.
    var failures: [Simulation.Failure] = []
    var notes: [String] = []

    init(
        definition: WorkflowDefinition, plan: WorkflowPlan, input: JSONValue, mocks: [String: StepMock], env: JSONValue
    ) {
        self.definition = definition
        self.plan = plan
        self.mocks = mocks
        var steps: [String: WorkflowDefinition.Step] = [:]
        for step in definition.steps where steps[step.id] == nil { steps[step.id] = step }
        self.steps = steps
        var planned: [String: WorkflowPlan.PlannedStep] = [:]
        var position: [String: Int] = [:]
        for (index, step) in plan.steps.enumerated() {
            planned[step.id] = step
            position[step.id] = index
        }
        self.planned = planned
        self.position = position
        var owner: [String: String] = [:]
        for step in plan.steps {
            if case .loop(_, _, _, _, let body)? = steps[step.id]?.kind {
                for member in body where owner[member] == nil && member != step.id { owner[member] = step.id }
            }
        }
        self.owner = owner
        var regions: [String?: [String]] = [:]
        for step in plan.steps { regions[owner[step.id], default: []].append(step.id) }
        self.regions = regions
        var dropped: [String] = []
        self.input = ExpressionContext.value(input, path: "context.input", dropped: &dropped) ?? .record([:])
        self.env = ExpressionContext.value(env, path: "context.env", dropped: &dropped) ?? .record([:])
        if let note = ExpressionContext.droppedNote(dropped) { notes.append(note) }
        for id in mocks.keys.sorted() {
            switch steps[id]?.kind {
            case nil: notes.append("the mock for `\(id)` matches no step")
            case .condition?, .loop?, .delay?:
                notes.append(
                    "the mock for `\(id)` is not used: a \(steps[id]!.kind.name) step is simulated, not mocked")
            default: break
            }
        }
    }

    mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    /// The steps directly in a loop's body (`owner` = the loop), or outside every loop (`nil`), in
    /// plan order.
    func members(of loop: String?) -> [String] {
        regions[loop] ?? []
    }

    /// The member of the region that `id` is, or is inside (through nested loop bodies); `nil` for
    /// a step outside the region.
    func representative(of id: String, in region: String?) -> String? {
        var current = id
        while owner[current] != region {
            guard let up = owner[current] else { return nil }
            current = up
        }
        return current
    }

    /// The step and, for a loop, every step in its body, recursively.
    func subtree(of id: String) -> [String] {
        [id] + members(of: id).flatMap { subtree(of: $0) }
    }

    /// A region's steps in an order where each comes after what it, or any step in its body, needs.
    func order(_ members: [String], owner region: String?) -> [String] {
        let memberSet = Set(members)
        var needs: [String: Set<String>] = [:]
        for member in members {
            for inner in subtree(of: member) {
                for dependency in planned[inner]?.dependsOn ?? [] {
                    if let other = representative(of: dependency, in: region), other != member,
                        memberSet.contains(other)
                    {
                        needs[member, default: []].insert(other)
                    }
                }
            }
        }
        var ordered: [String] = []
        var done: Set<String> = []
        var remaining = members
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { needs[$0, default: []].isSubset(of: done) }) else {
                // A body step that needs a step that needs its loop: what is left runs in plan order,
                // and whatever cannot be ready is skipped.
                ordered += remaining
                break
            }
            ordered.append(remaining[next])
            done.insert(remaining.remove(at: next))
        }
        return ordered
    }

    /// Simulates a region's steps, the first starting no earlier than `start`.
    mutating func run(region members: [String], owner region: String?, start: Double) {
        for id in order(members, owner: region) {
            guard let planned = planned[id], let step = steps[id] else { continue }
            switch readiness(of: planned, owner: region, start: start) {
            case .skip(let reason):
                skip(id, reason)
                for inner in subtree(of: id).dropFirst() { skip(inner, "its loop `\(id)` was skipped") }
            case .ready(let begin): runStep(step, planned, at: begin)
            }
        }
    }

    enum Readiness {
        case ready(Double)
        case skip(String)
    }

    /// When the step can start, or why it never does.
    func readiness(of planned: WorkflowPlan.PlannedStep, owner region: String?, start: Double) -> Readiness {
        var begin = start
        for dependency in planned.dependsOn where dependency != region {
            guard let result = results[dependency] else {
                return .skip("it needs `\(dependency)`, which cannot finish before it starts")
            }
            switch result.status {
            case .skipped: return .skip("it needs `\(dependency)`, which was skipped")
            case .failed: return .skip("it needs `\(dependency)`, which failed")
            case .succeeded: begin = max(begin, result.endSeconds ?? 0)
            }
            if let branch = untaken[dependency], branch.steps.contains(planned.id) {
                let other = branch.branch == .then ? "else" : "then"
                return .skip(
                    "it is on the `\(other)` branch of `\(dependency)`, which took `\(branch.branch.rawValue)`")
            }
        }
        return .ready(begin)
    }

    mutating func skip(_ id: String, _ reason: String) {
        results[id] = Simulation.StepResult(
            id: id, kind: planned[id]?.kind ?? "task", status: .skipped, attempts: 0, iterations: 0, startSeconds: nil,
            endSeconds: nil, output: nil, error: nil, note: reason)
    }

    /// The context an expression evaluated at `time` sees.
    func context(at time: Double, iteration: Int? = nil) -> Record {
        var finished = Record()
        for (id, output) in outputs.sorted(by: { $0.key < $1.key }) {
            if let end = results[id]?.endSeconds, end <= time { finished[id] = .record(["output": output]) }
        }
        var context: Record = ["input": input, "steps": .record(finished), "env": env]
        if let iteration { context["iteration"] = .long(Int64(iteration)) }
        return context
    }
}
