import JSON
import Testing

struct JSONErrorTests {
    @Test func codesAreUniqueAndWellFormed() {
        let codes = JSONError.Code.all.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.wholeMatch(of: /json\.[a-z0-9_]+/) != nil, "\(code)")
        }
    }

    @Test func comparesByCodeOnly() {
        #expect(JSONError(.tooDeep, "a") == JSONError(.tooDeep, "b"))
        #expect(JSONError(.tooDeep, "a") != JSONError(.tooLarge, "a"))
    }
}
