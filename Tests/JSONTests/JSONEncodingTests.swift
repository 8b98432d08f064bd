import Foundation
import JSON
import TestSupport
import Testing

/// RFC 8785 canonical encoding against `../shared/vectors/jcs/`.
struct JSONCanonicalVectorTests {
    static let enabled = Vectors.shouldRun("jcs")
    static let names = Vectors.fileNames(in: "jcs/input").map { String($0.dropLast(".json".count)) }

    @Test(.enabled(if: enabled, Comment(rawValue: Vectors.skipMessage("jcs"))))
    func vectorFolderHoldsEveryCase() {
        #expect(Self.names == ["arrays", "french", "structures", "unicode", "values", "weird"])
    }

    @Test(arguments: names)
    func canonicalizesEachInputToItsExpectedBytes(_ name: String) throws {
        let input = try Vectors.data("jcs/input/\(name).json")
        let expected = try [UInt8](Vectors.data("jcs/output/\(name).json"))
        let hex = try String(decoding: Vectors.data("jcs/outhex/\(name).txt"), as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined()
        let output = try JSONValue.parse(input).canonicalBytes
        #expect(output == expected, "\(name)")
        #expect(TestHex.string(output) == hex.lowercased(), "\(name)")
    }

    @Test(.enabled(if: enabled, Comment(rawValue: Vectors.skipMessage("jcs"))))
    func formatsTenThousandNumbersAsECMAScriptDoes() throws {
        let text = try String(decoding: Vectors.data("jcs/es6testfile-10k.txt"), as: UTF8.self)
        var checked = 0
        var failures: [String] = []
        for (lineNumber, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: ",", maxSplits: 1)
            let bits = try #require(UInt64(fields[0], radix: 16), "line \(lineNumber + 1)")
            let number = try #require(JSONNumber(Double(bitPattern: bits)), "line \(lineNumber + 1)")
            let written = JSONValue.number(number).encodedString(.canonical)
            if written != fields[1] {
                failures.append("line \(lineNumber + 1): \(fields[0]) → \(written), want \(fields[1])")
            }
            // What is written must read back to the same double.
            if try JSONValue.parse(written).doubleValue?.bitPattern != (bits == 0x8000_0000_0000_0000 ? 0 : bits) {
                failures.append("line \(lineNumber + 1): \(written) does not read back")
            }
            checked += 1
        }
        #expect(checked == 10_000)
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(5))")
    }

    struct ExtraCase: Sendable, CustomTestStringConvertible {
        var id: String
        var input: String
        var expected: String?
        var testDescription: String { id }
    }

    static let extraCases: [ExtraCase] = {
        guard let data = try? Vectors.data("jcs/extra.json"),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.map {
            ExtraCase(id: $0["id"] as! String, input: $0["input"] as! String, expected: $0["expected"] as? String)
        }
    }()

    @Test(.enabled(if: enabled, Comment(rawValue: Vectors.skipMessage("jcs"))))
    func extraCasesAreAllPresent() {
        #expect(Self.extraCases.count == 27)
    }

    @Test(arguments: extraCases)
    func canonicalizesOrRejectsEachExtraCase(_ testCase: ExtraCase) throws {
        if let expected = testCase.expected {
            let value = try JSONValue.parse(testCase.input)
            #expect(value.encodedString(.canonical) == expected)
        } else {
            #expect(throws: JSONError.self) { try JSONValue.parse(testCase.input).canonicalBytes }
        }
    }
}

struct JSONEncodingTests {
    @Test func sortsMembersByUTF16CodeUnits() {
        // U+FB33 is one UTF-16 unit above the surrogates that encode U+1F600, so it sorts after it,
        // although its code point is lower.
        let value: JSONValue = ["\u{FB33}": 1, "\u{1F600}": 2, "a": 3, "": 4]
        #expect(value.encodedString(.canonical) == "{\"\":4,\"a\":3,\"\u{1F600}\":2,\"\u{FB33}\":1}")
    }

    @Test func keepsLargeIntegersExactInCompactFormOnly() {
        let value: JSONValue = .number(JSONNumber(Int64(9_007_199_254_740_993)))
        #expect(value.encodedString(.compact) == "9007199254740993")
        #expect(value.encodedString(.canonical) == "9007199254740992")
    }

    @Test func prettyPrintsWithTwoSpaces() {
        let value: JSONValue = ["b": [1, 2], "a": [:], "c": []]
        #expect(value.encodedString(.pretty) == "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": []\n}")
    }

    @Test func escapesOnlyWhatRFC8785Requires() {
        let value: JSONValue = .string("\"\\/\u{7}\u{1F}\u{7F}é\u{2028}")
        #expect(value.encodedString(.canonical) == "\"\\\"\\\\/\\u0007\\u001f\u{7F}é\u{2028}\"")
    }

    @Test func roundTripsThroughEveryFormat() throws {
        let value: JSONValue = ["list": [1, 2.5, -0.001, "x\ny", nil, true], "nested": ["k": ["z": 1e21]]]
        for format in [JSONFormat.canonical, .compact, .pretty] {
            #expect(try JSONValue.parse(value.encoded(format)) == value)
        }
    }

    @Test func canonicalBytesIgnoreInputLayout() throws {
        let a = try JSONValue.parse(#"{ "b": 1.0, "a": [ 1e2 ] }"#)
        let b = try JSONValue.parse(#"{"a":[100],"b":1}"#)
        #expect(a.canonicalBytes == b.canonicalBytes)
        #expect(String(decoding: a.canonicalBytes, as: UTF8.self) == #"{"a":[100],"b":1}"#)
    }
}
