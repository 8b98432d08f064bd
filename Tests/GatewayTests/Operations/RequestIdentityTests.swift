import Testing

@testable import Gateway

struct RequestIdentityTests {
    @Test func makesThirtyTwoLowercaseHexDigitsThatDiffer() {
        let ids = (0..<100).map { _ in RequestID.make() }
        for id in ids {
            #expect(id.utf8.count == 32 && id.allSatisfy { "0123456789abcdef".contains($0) }, "\(id)")
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test func acceptsAClientRequestIDOfSafeCharacters() {
        for id in [
            "a", "abc-123", "A.b_c-D", "0f8fad5b-d9cb-469f-a165-70867728950e", String(repeating: "x", count: 64),
        ] {
            #expect(RequestID.accept(id) == id, "\(id)")
        }
    }

    @Test func refusesAClientRequestIDThatIsEmptyLongOrUnsafe() {
        let refused: [String?] = [
            nil, "", String(repeating: "x", count: 65), "a b", "a\tb", "a\nb", "a\"b", "a/b", "a:b", "a;b", "<script>",
            "é", "a\u{0}b", "id=1", " abc", "abc ",
        ]
        for id in refused {
            #expect(RequestID.accept(id) == nil, "\(String(describing: id))")
        }
    }
}

struct TraceparentTests {
    @Test(arguments: [
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-00",
    ])
    func parsesAndFormatsTheSpecsExamples(header: String) throws {
        let traceparent = try #require(Traceparent.parse(header))
        #expect(traceparent.header == header)
        #expect(traceparent.traceID == String(header.dropFirst(3).prefix(32)))
        #expect(traceparent.spanID == String(header.dropFirst(36).prefix(16)))
        #expect(traceparent.isSampled == header.hasSuffix("-01"))
    }

    @Test(arguments: [
        // The spec's all-zero ids and the forbidden version.
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        // Uppercase hex, in each field.
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        // Wrong lengths, separators and characters.
        "",
        "00",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "00-4bf92f3577b34da6a3ce929d0e0e473z-00f067aa0ba902b7-01",
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011",
        // Version 00 has exactly four fields.
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        // A later version must follow the fourth field with `-`.
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.what-the-future-will-be-like",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01what",
    ])
    func refusesTheSpecsInvalidValues(header: String) {
        #expect(Traceparent.parse(header) == nil)
    }

    @Test func readsTheFirstFourFieldsOfALaterVersion() throws {
        let future = try #require(
            Traceparent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like"))
        #expect(future == Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(future.header == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(Traceparent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") != nil)
    }

    @Test func ignoresSurroundingSpacesAndAnAbsentHeader() {
        #expect(Traceparent.parse(" \t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ") != nil)
        #expect(Traceparent.parse(nil) == nil)
    }

    @Test func startsASampledRootWithRandomNonZeroIDs() throws {
        let root = Traceparent.root()
        #expect(root.isSampled && root.flags == 0x01)
        #expect(root.traceID.utf8.count == 32 && root.spanID.utf8.count == 16)
        #expect(root.traceID != String(repeating: "0", count: 32) && root.spanID != String(repeating: "0", count: 16))
        #expect(try #require(Traceparent.parse(root.header)) == root)
        #expect(Traceparent.root().traceID != root.traceID)
    }

    @Test func makesAChildWithTheSameTraceAndFlagsAndANewSpan() throws {
        let parent = try #require(Traceparent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"))
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.flags == parent.flags && !child.isSampled)
        #expect(child.spanID != parent.spanID)
        #expect(child.header.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-"))
        #expect(child.header.hasSuffix("-00"))
    }
}
