import Testing

@testable import PolicyEngine

/// Syntax errors say where (`file:line:column`), with a stable code and what was expected.
struct ParserTests {
    func error(_ text: String) throws -> PolicyError {
        try #require(throws: PolicyError.self) { try PolicySet(sources: [.init(name: "p.cedar", text: text)]) }
    }

    @Test(arguments: [
        (
            "permit(principal, action, resource)", PolicyError.Code.unexpectedToken, 1, 36,
            "expected `when`, `unless` or `;`, found the end of input"
        ),
        (
            "permit(principal, action resource);", .unexpectedToken, 1, 26,
            "expected `,` after the action, found `resource`"
        ),
        ("allow(principal, action, resource);", .unexpectedToken, 1, 1, "expected `permit` or `forbid`, found `allow`"),
        (
            "permit(principal in [User::\"a\"], action, resource);", .invalidScope, 1, 21,
            "only `action` may be in a set"
        ),
        ("permit(principal, action == User::\"a\", resource);", .invalidScope, 1, 29, "expected an action such as"),
        (
            "permit(principal, action, resource)\nwhen { 1 < 2 < 3 };", .unexpectedToken, 2, 14,
            "comparisons cannot be chained"
        ),
        ("permit(principal, action, resource)\nwhen { \"abc };", .unterminatedString, 2, 8, "has no closing"),
        (
            "permit(principal, action, resource)\nwhen { \"a\\qb\" == \"\" };", .invalidEscape, 2, 8,
            "`\\q` is not an escape Cedar defines"
        ),
        (
            "permit(principal, action, resource)\nwhen { 9223372036854775808 == 0 };", .integerOutOfRange, 2, 8,
            "does not fit in a 64-bit Long"
        ),
        (
            "permit(principal, action, resource)\nwhen { ip(\"1.2.3.4\") };", .unknownFunction, 2, 8,
            "unknown function `ip`"
        ),
        ("permit(principal, action, resource)\nwhen { [1].foo(2) };", .unknownFunction, 2, 12, "unknown method `foo`"),
        (
            "permit(principal, action, resource)\nwhen { {a: 1, a: 2} == {} };", .duplicateKey, 2, 15,
            "record key `a` appears twice"
        ),
        (
            "@id(\"x\") @id(\"y\") permit(principal, action, resource);", .duplicateAnnotation, 1, 10,
            "annotation `@id` appears twice"
        ),
        ("permit(principal, action, resource)\nwhen { principal.if };", .unexpectedToken, 2, 18, "`if` is reserved"),
        ("permit(principal, action, resource) when { # };", .invalidCharacter, 1, 44, "unexpected character `#`"),
        ("permit(principal, action, resource) when { !!!!!true };", .unexpectedToken, 1, 44, "at most 4 unary"),
    ])
    func reportsWhereAndWhatWasExpected(
        _ text: String, _ code: PolicyError.Code, _ line: Int, _ column: Int, _ message: String
    ) throws {
        let error = try error(text)
        #expect(error.code == code)
        #expect(error.span?.source == "p.cedar")
        #expect(error.span?.start.line == line, "\(error)")
        #expect(error.span?.start.column == column, "\(error)")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix("p.cedar:\(line):\(column): \(code.rawValue): "))
    }

    @Test func countsColumnsInScalarsNotBytes() throws {
        let error = try error("permit(principal, action, resource) when { \"é\" == é };")
        // `é` is two bytes: a byte count would say 52.
        #expect(error.span?.start.column == 51)
    }

    @Test func rejectsDuplicatePolicyIDsAcrossFiles() throws {
        let error = try #require(throws: PolicyError.self) {
            try PolicySet(sources: [
                .init(name: "a.cedar", text: "@id(\"same\") permit(principal, action, resource);"),
                .init(name: "b.cedar", text: "@id(\"same\") forbid(principal, action, resource);"),
            ])
        }
        #expect(error.code == .duplicatePolicyID)
        #expect(error.span?.source == "b.cedar")
    }

    @Test func diagnoseReportsEveryFile() {
        let errors = PolicySet.diagnose([
            .init(name: "a.cedar", text: "permit(principal, action, resource)"),
            .init(name: "b.cedar", text: "forbid(principal, action, resource) when { 1 < };"),
            .init(name: "c.cedar", text: "permit(principal, action, resource);"),
        ])
        #expect(errors.map { $0.span?.source } == ["a.cedar", "b.cedar"])
    }

    @Test func namesPoliciesByIDOrFileAndIndexInPathOrder() throws {
        let set = try PolicySet(sources: [
            .init(name: "z/last.cedar", text: "permit(principal, action, resource);"),
            .init(
                name: "a.cedar",
                text: "permit(principal, action, resource);\n@id(\"named\") forbid(principal, action, resource);"),
        ])
        #expect(set.policies.map(\.id.rawValue) == ["a.cedar:0", "named", "z/last.cedar:0"])
    }

    @Test func keepsUnknownAnnotationsAndReadsTheProductsOwn() throws {
        let set = try PolicySet(sources: [
            .init(
                name: "p.cedar",
                text:
                    "@id(\"p\") @reason(\"why\") @code(\"c.x\") @appeal(\"ask\") @owner(\"team-a\") @flag\npermit(principal, action, resource);"
            )
        ])
        let policy = try #require(set.policy(PolicyID("p")))
        #expect(policy.annotation("reason") == "why")
        #expect(policy.annotation("code") == "c.x")
        #expect(policy.annotation("appeal") == "ask")
        #expect(policy.annotation("owner") == "team-a")
        #expect(policy.annotation("flag") == "")
        #expect(
            Formatter.format(policy).hasPrefix(
                "@id(\"p\")\n@reason(\"why\")\n@code(\"c.x\")\n@appeal(\"ask\")\n@owner(\"team-a\")\n@flag\n"))
    }

    @Test func digestIgnoresCommentsLayoutAndFileNamesButNotMeaning() throws {
        let a = try PolicySet(sources: [
            .init(name: "a.cedar", text: "@id(\"p\") permit(principal, action, resource) when { 1 < 2 };")
        ])
        let b = try PolicySet(sources: [
            .init(
                name: "other.cedar",
                text: "// a comment\n@id(\"p\")\npermit (\n principal,\n action,\n resource\n)\nwhen { (1 < 2) };\n")
        ])
        let c = try PolicySet(sources: [
            .init(name: "a.cedar", text: "@id(\"p\") permit(principal, action, resource) when { 1 <= 2 };")
        ])
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
        #expect(a.digest.wholeMatch(of: /sha256:[0-9a-f]{64}/) != nil)
    }
}
