import Testing

@testable import maestro

struct ParsedArgumentsTests {
    static let spec = CommandSpec(
        name: "demo",
        summary: "A command for tests.",
        options: [
            .flag("check", help: ""),
            .value("out", "FILE", help: ""),
            .repeatable("tag", "TAG", help: ""),
        ],
        positionals: [
            PositionalSpec(name: "dir", help: ""), PositionalSpec(name: "extra", help: "", isRequired: false),
        ]
    )

    @Test func readsFlagsValuesRepeatablesAndPositionals() throws {
        let parsed = try ParsedArguments(
            ["policies", "--check", "--out=x.json", "--tag", "a", "--tag=b"], for: Self.spec)
        #expect(parsed.flag("check"))
        #expect(parsed.value("out") == "x.json")
        #expect(parsed.all("tag") == ["a", "b"])
        #expect(parsed.positional(0) == "policies")
        #expect(parsed.positional(1) == nil)
    }

    @Test func treatsEverythingAfterDoubleDashAsPositional() throws {
        let parsed = try ParsedArguments(["--", "--check", "-"], for: Self.spec)
        #expect(!parsed.flag("check"))
        #expect(parsed.positionals == ["--check", "-"])
    }

    @Test(arguments: [
        (["--out", "a", "--out", "b", "d"], "option `--out` is given more than once"),
        (["--check=yes", "d"], "option `--check` takes no value"),
        (["-x", "d"], "unknown option `-x`"),
        ([], "missing argument `dir`"),
        (["a", "b", "c"], "unexpected argument `c`"),
    ])
    func rejectsCommandLinesThatDoNotFit(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError.self) { try ParsedArguments(arguments, for: Self.spec) }
        do {
            _ = try ParsedArguments(arguments, for: Self.spec)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func helpSkipsTheRequiredChecks() throws {
        let parsed = try ParsedArguments(["--help"], for: Self.spec)
        #expect(parsed.wantsHelp)
    }
}
