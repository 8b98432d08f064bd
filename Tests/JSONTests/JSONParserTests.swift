import Foundation
import JSON
import TestSupport
import Testing

/// The parser against nst/JSONTestSuite (`../shared/vectors/json/test_parsing/`), one case per file.
struct JSONParserVectorTests {
    static let folder = "json/test_parsing"
    static let files = Vectors.fileNames(in: folder)

    @Test(.enabled(if: Vectors.shouldRun("json"), Comment(rawValue: Vectors.skipMessage("json"))))
    func vectorFolderHoldsEveryCase() {
        // JSONTestSuite at the pinned commit: 95 accept, 188 reject, 35 implementation-defined.
        #expect(Self.files.filter { $0.hasPrefix("y_") }.count == 95)
        #expect(Self.files.filter { $0.hasPrefix("n_") }.count == 188)
        #expect(Self.files.filter { $0.hasPrefix("i_") }.count == 35)
    }

    @Test(arguments: files.filter { $0.hasPrefix("y_") })
    func acceptsEveryMustAcceptCase(_ name: String) throws {
        let bytes = try Vectors.data("\(Self.folder)/\(name)")
        // RFC 8259 allows duplicate names; the product's default (I-JSON) rejects them, tested below.
        #expect(throws: Never.self, "\(name)") { try JSONValue.parse(bytes, options: .rfc8259) }
    }

    @Test(arguments: files.filter { $0.hasPrefix("n_") })
    func rejectsEveryMustRejectCase(_ name: String) throws {
        let bytes = try Vectors.data("\(Self.folder)/\(name)")
        #expect(throws: JSONError.self, "\(name)") { try JSONValue.parse(bytes, options: .rfc8259) }
    }

    @Test(arguments: files.filter { $0.hasPrefix("i_") })
    func survivesEveryImplementationDefinedCase(_ name: String) throws {
        let bytes = try Vectors.data("\(Self.folder)/\(name)")
        // Either outcome is allowed; a crash or hang fails the run. Whatever is accepted must
        // re-encode to text that parses back to the same value.
        if let value = try? JSONValue.parse(bytes, options: .rfc8259) {
            #expect(try JSONValue.parse(value.encoded(.compact)) == value, "\(name)")
        }
    }

    @Test(.enabled(if: Vectors.shouldRun("json"), Comment(rawValue: Vectors.skipMessage("json"))))
    func defaultOptionsRejectDuplicatedNames() throws {
        for name in ["y_object_duplicated_key.json", "y_object_duplicated_key_and_value.json"] {
            let bytes = try Vectors.data("\(Self.folder)/\(name)")
            #expect(throws: JSONError(.duplicateKey, "")) { try JSONValue.parse(bytes) }
        }
    }

    @Test(.enabled(if: Vectors.shouldRun("json"), Comment(rawValue: Vectors.skipMessage("json"))))
    func rejectsOneHundredThousandOpeningArraysWithoutRecursingThatDeep() throws {
        let bytes = try Vectors.data("\(Self.folder)/n_structure_100000_opening_arrays.json")
        #expect(throws: JSONError(.tooDeep, "")) { try JSONValue.parse(bytes) }
    }
}

struct JSONParserTests {
    @Test func readsEveryKindOfValue() throws {
        let value = try JSONValue.parse(#"{"a": [1, -2.5, "x", true, false, null], "b": {}}"#)
        #expect(value == ["a": [1, -2.5, "x", true, false, nil], "b": [:]])
    }

    @Test func keepsIntegersExactUpToInt64Limits() throws {
        #expect(try JSONValue.parse("9223372036854775807").int64Value == Int64.max)
        #expect(try JSONValue.parse("-9223372036854775808").int64Value == Int64.min)
        #expect(try JSONValue.parse("9007199254740993").int64Value == 9_007_199_254_740_993)
        // One past the limit becomes a double.
        let beyond = try #require(try JSONValue.parse("9223372036854775808").numberValue)
        #expect(!beyond.isInteger)
        #expect(beyond.doubleValue == 9_223_372_036_854_775_808.0)
    }

    @Test func readsMinusZeroAsADouble() throws {
        let number = try #require(try JSONValue.parse("-0").numberValue)
        #expect(!number.isInteger)
        #expect(number.doubleValue.sign == .minus)
    }

    @Test(arguments: ["1e400", "-1e400", "123456789e999"])
    func rejectsNumbersBeyondDoubleRange(_ text: String) {
        #expect(throws: JSONError(.numberOutOfRange, "")) { try JSONValue.parse(text) }
    }

    @Test func readsUnderflowAsZero() throws {
        #expect(try JSONValue.parse("1e-400").doubleValue == 0)
    }

    @Test(arguments: [
        ("01", JSONError.Code.invalidNumber), ("1.", .invalidNumber), ("-", .invalidNumber), ("1e+", .invalidNumber),
        (".5", .unexpectedCharacter), ("+1", .unexpectedCharacter), ("[1,]", .unexpectedCharacter),
        ("{\"a\" 1}", .unexpectedCharacter), ("", .unexpectedEnd), ("[", .unexpectedEnd), ("\"abc", .unexpectedEnd),
        ("1 2", .trailingContent), ("\"\\x\"", .invalidEscape), ("\"\u{1}\"", .invalidString),
        ("\"\\ud800\"", .invalidUnicode), ("\"\\udc00\"", .invalidUnicode), ("\"\\ud800\\u0041\"", .invalidUnicode),
        ("nul", .unexpectedCharacter), ("\u{FEFF}{}", .unexpectedCharacter),
    ])
    func rejectsMalformedTextWithAStableCode(_ text: String, _ code: JSONError.Code) {
        #expect(throws: JSONError(code, "")) { try JSONValue.parse(text) }
    }

    @Test func rejectsMalformedUTF8InStrings() {
        for bytes: [UInt8] in [
            [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xE2, 0x82, 0x22],
        ] {
            #expect(throws: JSONError(.invalidUnicode, "")) { try JSONValue.parse(bytes) }
        }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue.parse(#""a\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00\u0000""#)
        #expect(value == .string("a\"\\/\u{8}\u{C}\n\r\tAé😀\u{0}"))
    }

    @Test func reportsTheOffsetWhereParsingStopped() throws {
        let error = try #require(throws: JSONError.self) { try JSONValue.parse("[1, 2, x]") }
        #expect(error.offset == 7)
        #expect(error.message.contains("`x`"))
    }

    @Test func enforcesTheDepthLimit() throws {
        let options = JSONParseOptions(maxDepth: 3)
        #expect(try JSONValue.parse("[[[1]]]", options: options) == [[[1]]])
        #expect(throws: JSONError(.tooDeep, "")) { try JSONValue.parse("[[[[1]]]]", options: options) }
        #expect(throws: JSONError(.tooDeep, "")) { try JSONValue.parse(#"{"a":{"b":{"c":{}}}}"#, options: options) }
    }

    @Test func enforcesTheSizeLimitBeforeReading() {
        let options = JSONParseOptions(maxBytes: 4)
        #expect(throws: JSONError(.tooLarge, "")) { try JSONValue.parse("12345", options: options) }
        #expect(throws: JSONError(.tooLarge, "")) { try JSONValue.parse(Array("12345".utf8), options: options) }
    }

    @Test func keepsTheLastDuplicateWhenAskedTo() throws {
        #expect(try JSONValue.parse(#"{"a":1,"a":2}"#, options: .rfc8259) == ["a": 2])
    }

    @Test func readsNonContiguousCollections() throws {
        let bytes = Array(#"{"k":[true]}"#.utf8).lazy.map { $0 }
        #expect(try JSONValue.parse(bytes) == ["k": [true]])
    }
}
