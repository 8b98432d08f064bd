import Foundation
import TestSupport
import Testing

/// Every error code in the sources is well formed, unique across the product, owned by its
/// module's prefix, and listed in `docs/error-codes.md` — which lists nothing else (ADR 0003).
struct ErrorCodeCatalogTests {
    static let prefixes = [
        "JSON": "json", "Cryptography": "cryptography", "PolicyEngine": "policy", "Ledger": "ledger",
        "Orchestrator": "workflow", "Postgres": "postgres", "Gateway": "gateway",
    ]

    /// (module, code) for every `static let x = Code("…")`, `Self("…")` or `"…"` in a module's
    /// `…Error.swift` or `…ErrorCode.swift`.
    static func declaredCodes() throws -> [(module: String, code: String)] {
        var found: [(String, String)] = []
        let sources = Vectors.packageRoot.appendingPathComponent("Sources")
        for module in prefixes.keys.sorted() {
            let directory = sources.appendingPathComponent(module)
            guard let walker = FileManager.default.enumerator(atPath: directory.path) else { continue }
            for case let path as String in walker
            where path.hasSuffix("Error.swift") || path.hasSuffix("ErrorCode.swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
                for match in text.matches(of: /static let \w+ = (?:Code\(|Self\()?"([a-z]+\.[a-z0-9_.]+)"/) {
                    found.append((module, String(match.output.1)))
                }
            }
        }
        return found
    }

    @Test func codesAreWellFormedUniqueAndOwnedByTheirModule() throws {
        let declared = try Self.declaredCodes()
        #expect(declared.count > 0)
        var seen: Set<String> = []
        for (module, code) in declared {
            #expect(code.wholeMatch(of: /[a-z]+\.[a-z0-9_]+/) != nil, "\(code) is not <area>.<snake_case>")
            #expect(code.hasPrefix(Self.prefixes[module]! + "."), "\(code) declared in \(module)")
            #expect(seen.insert(code).inserted, "\(code) declared twice")
        }
    }

    @Test func documentListsExactlyTheDeclaredCodes() throws {
        let document = try String(
            contentsOf: Vectors.packageRoot.appendingPathComponent("docs/error-codes.md"), encoding: .utf8)
        let listed = Set(
            document.matches(of: /^\| `([a-z0-9_.]+)` \|/.anchorsMatchLineEndings()).map { String($0.output.1) })
        let declared = Set(try Self.declaredCodes().map(\.code))
        #expect(declared.subtracting(listed).sorted() == [], "run `make error-codes`")
        #expect(listed.subtracting(declared).sorted() == [], "documented but not declared")
    }
}
