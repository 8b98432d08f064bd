import PolicyEngine

/// `maestro policy test DIR`.
enum PolicyTestCommand {
    static let spec = CommandSpec(
        name: "test",
        summary: "Run the fixtures in DIR/tests/*.json and report coverage.",
        discussion: """
            Each fixture gives a request and the expected decision, determining policies, and
            optionally the denial kind and checks. Prints a diff for each failure, then coverage:
            for each policy, how many fixtures it determined, how often it held and did not, and
            which policies or when/unless clauses no fixture exercised both ways. The last line is
            `N passed, N failed`; exit 1 on any failure (or, with --require-full-coverage, any gap).
            """,
        options: [
            .flag("require-full-coverage", help: "Also fail when a policy or clause is not exercised both ways.")
        ],
        positionals: [PositionalSpec(name: "dir", help: "The policy directory.")],
        action: { arguments, console in
            let directory = arguments.positional(0)!
            let authorizer = Authorizer(policySet: try PolicyDirectory.load(directory, console: console))
            let testsDirectory = FileInput.join(directory, "tests")
            var fixtures: [Fixture] = []
            for file in try FileInput.files(in: testsDirectory, suffix: ".json") {
                do {
                    fixtures += try Fixture.parseFile(FileInput.json(FileInput.join(testsDirectory, file)), file: file)
                } catch let error as PolicyError {
                    throw OperationError("\(error.code): \(error.message)")
                }
            }
            let (results, coverage) = FixtureRunner.run(fixtures, against: authorizer)
            for result in results where !result.passed {
                console.out("FAIL \(result.fixture.file) › \(result.fixture.name)")
                for line in result.differences { console.out("     \(line)") }
            }
            let gaps = report(coverage, directory: directory, console: console)
            let failed = results.filter { !$0.passed }.count
            console.out("\(results.count - failed) passed, \(failed) failed")
            if failed > 0 { return .failure }
            return gaps > 0 && arguments.flag("require-full-coverage") ? .failure : .success
        }
    )

    /// Prints the coverage table and the gaps; returns the number of gaps.
    static func report(_ coverage: [PolicyCoverage], directory: String, console: Console) -> Int {
        console.out("coverage (fixtures whose request matched the policy's action and types):")
        let width = min(40, coverage.map(\.policy.rawValue.count).max() ?? 0)
        var gaps: [String] = []
        for entry in coverage {
            let name = entry.policy.rawValue.padding(
                toLength: max(width, entry.policy.rawValue.count), withPad: " ", startingAt: 0)
            console.out("  \(name)  determined \(entry.determined)  held \(entry.held)  not held \(entry.notHeld)")
            if entry.held == 0 { gaps.append("`\(entry.policy)` never held") }
            if entry.notHeld == 0 { gaps.append("`\(entry.policy)` always held when its scope matched") }
            for clause in entry.clauses {
                let place = "\(FileInput.join(directory, clause.span.source)):\(clause.span.start.line)"
                if clause.trueCount == 0 {
                    gaps.append("`\(entry.policy)` \(clause.kind.rawValue) clause at \(place) was never true")
                }
                if clause.falseCount == 0 {
                    gaps.append("`\(entry.policy)` \(clause.kind.rawValue) clause at \(place) was never false")
                }
            }
        }
        if gaps.isEmpty {
            console.out("full coverage: every policy and clause exercised both ways")
        } else {
            console.out("not exercised:")
            for gap in gaps { console.out("  \(gap)") }
        }
        return gaps.count
    }
}
