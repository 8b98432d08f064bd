import Foundation
import JSON
import Testing

@testable import PolicyEngine

/// Explanations, asserted field by field: each case in `Vectors/decisions/` gives policies, a
/// request and the whole expected decision (everything but the digest), with and without the index.
struct DecisionGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/decisions")
    static let cases: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.sorted()

    @Test(arguments: cases)
    func explainsAsExpected(_ name: String) throws {
        let document = try JSONValue.parse(Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let policySet = try PolicySet(sources: [
            .init(name: "case", text: try #require(document["policies"]?.stringValue))
        ])
        let request = try Request(json: try #require(document["request"]))
        let entities = try Entities(json: document["entities"] ?? [])
        for usesIndex in [true, false] {
            let decision = Authorizer(policySet: policySet, options: .init(usesIndex: usesIndex))
                .authorize(request, entities: entities)
            #expect(decision.encodedJSON() == decision.json.encoded(.compact), "\(name): direct encoding differs")
            guard case .object(var got) = decision.json else { Issue.record("decision is not an object"); return }
            #expect(got.removeValue(forKey: "policySetDigest") == .string(policySet.digest))
            let want = try #require(document["want"])
            #expect(
                JSONValue.object(got) == want,
                "\(name) index=\(usesIndex):\n\(JSONValue.object(got).encodedString(.pretty))")
        }
    }
}
