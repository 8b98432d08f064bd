import Testing

@testable import PolicyEngine

struct EntitiesTests {
    static func uid(_ id: String, _ type: String = "G") -> EntityUID { EntityUID(type: type, id: id) }

    @Test func inIsReflexiveAndTransitive() {
        let entities = Entities([
            Entity(uid: Self.uid("a"), parents: [Self.uid("b")]),
            Entity(uid: Self.uid("b"), parents: [Self.uid("c")]),
            Entity(uid: Self.uid("c")),
        ])
        #expect(entities.isDescendant(Self.uid("a"), of: Self.uid("a")))
        #expect(entities.isDescendant(Self.uid("a"), of: Self.uid("c")))
        #expect(!entities.isDescendant(Self.uid("c"), of: Self.uid("a")))
        #expect(entities.ancestors(of: Self.uid("a")) == [Self.uid("b"), Self.uid("c")])
    }

    @Test func toleratesCycles() {
        let entities = Entities([
            Entity(uid: Self.uid("a"), parents: [Self.uid("b")]),
            Entity(uid: Self.uid("b"), parents: [Self.uid("a")]),
        ])
        #expect(entities.isDescendant(Self.uid("a"), of: Self.uid("b")))
        #expect(entities.isDescendant(Self.uid("b"), of: Self.uid("a")))
    }

    @Test func laterEntityReplacesEarlierInSmallAndLargeStores() {
        for count in [3, 40] {
            var list = (0..<count).map { Entity(uid: Self.uid("e\($0)"), attributes: ["n": .long(Int64($0))]) }
            list.append(Entity(uid: Self.uid("e1"), attributes: ["n": .long(-1)]))
            let entities = Entities(list)
            #expect(entities.count == count)
            #expect(entities[Self.uid("e1")]?.attributes["n"] == .long(-1))
            #expect(entities[Self.uid("e\(count - 1)")]?.attributes["n"] == .long(Int64(count - 1)))
            #expect(entities[Self.uid("missing")] == nil)
        }
    }

    @Test func comparesIdentifiersByExactCodePoints() {
        // "é" precomposed and decomposed are canonically equivalent, so Swift's == equates them;
        // Cedar does not, and neither do we.
        let composed = EntityUID(type: "User", id: "\u{E9}")
        let decomposed = EntityUID(type: "User", id: "e\u{301}")
        #expect(composed != decomposed)
        #expect(Value.string("\u{E9}") != Value.string("e\u{301}"))
        #expect(Set([composed, decomposed]).count == 2)
    }
}
