import JSON
import Testing

struct JSONNumberTests {
    @Test func comparesByNumericValue() {
        #expect(JSONNumber(1) == JSONNumber(1.0)!)
        #expect(JSONNumber(1) != JSONNumber(1.5)!)
        #expect(JSONNumber(Int64.max) != JSONNumber(9_223_372_036_854_775_807.0)!)
        #expect(Set([JSONNumber(2), JSONNumber(2.0)!]).count == 1)
    }

    @Test func refusesNonFiniteDoubles() {
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double.infinity) == nil)
    }

    @Test func givesIntegersOnlyForIntegralValuesInRange() {
        #expect(JSONNumber(3.0)!.int64Value == 3)
        #expect(JSONNumber(3.5)!.int64Value == nil)
        #expect(JSONNumber(1e300)!.int64Value == nil)
    }
}
