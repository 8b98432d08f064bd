import Foundation
import JSON
import Testing

@testable import PolicyEngine

/// Decisions against Cedar's own: every case in `Vectors/cedar/` was decided by the Cedar engine
/// (see its README) and must be decided the same here — effect, determining policies and the
/// policies that failed — with the index on and off, and with the same explanation either way.
struct CedarConformanceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/cedar")
    static let cases: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.sorted()

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 300)
    }

    @Test(arguments: cases)
    func decidesAsCedarDoes(_ name: String) throws {
        let document = try JSONValue.parse(Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let text = try #require(document["policies"]?.stringValue)
        let want = try #require(document["want"])
        if want["parseError"] == .bool(true) {
            #expect(throws: PolicyError.self, "\(name): Cedar rejects this text") {
                try PolicySet(sources: [.init(name: "case", text: text)])
            }
            return
        }
        let policySet = try PolicySet(sources: [.init(name: "case", text: text)])
        let request = try Request(json: try #require(document["request"]))
        let entities = try Entities(json: try #require(document["entities"]))
        var explanations: [JSONValue] = []
        for usesIndex in [true, false] {
            let authorizer = Authorizer(policySet: policySet, options: .init(usesIndex: usesIndex))
            let decision = authorizer.authorize(request, entities: entities)
            #expect(decision.effect.rawValue == want["decision"]?.stringValue, "\(name) index=\(usesIndex)")
            #expect(
                decision.determining.map(\.rawValue).sorted()
                    == (want["determining"]?.arrayValue ?? []).compactMap(\.stringValue),
                "\(name) index=\(usesIndex)")
            #expect(
                decision.errors.map(\.policy.rawValue).sorted()
                    == (want["errors"]?.arrayValue ?? []).compactMap(\.stringValue),
                "\(name) index=\(usesIndex): \(decision.errors.map(\.error))")
            explanations.append(decision.json)
            #expect(decision.encodedJSON() == decision.json.encoded(.compact), "\(name): direct encoding differs")
        }
        #expect(explanations[0] == explanations[1], "\(name): the index changed the explanation")

        // The canonical text parses back to the same set: same digest, same decision.
        let reformatted = try PolicySet(sources: [.init(name: "case", text: policySet.canonicalText)])
        #expect(reformatted.digest == policySet.digest, "\(name): canonical text is not a fixed point")
        let again = Authorizer(policySet: reformatted).authorize(request, entities: entities)
        #expect(again.json == explanations[0], "\(name): formatting changed the decision")
    }
}
