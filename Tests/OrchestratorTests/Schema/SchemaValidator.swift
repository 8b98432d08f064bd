import Foundation
import JSON

/// A JSON Schema (draft 2020-12) validator for the keywords the workflow schema uses, written for
/// the tests so that they need no third-party validator.
///
/// It refuses, when it is made, a schema that uses any keyword it does not implement, a `$ref` that is
/// not a local `#/…` pointer to a schema, or a `pattern` that does not compile, so the schema cannot
/// rely on a keyword this validator would silently skip. Patterns are matched as ECMA-262 does, by
/// Unicode scalar and unanchored; lengths count Unicode scalars (draft 2020-12 §6.3.1).
struct SchemaValidator {
    /// One way the instance does not match: where in the instance, which keyword, and why.
    struct Failure: Hashable, CustomStringConvertible {
        var instancePointer: String
        var keyword: String
        var message: String
        var description: String { "`\(instancePointer)` \(keyword): \(message)" }
    }

    /// The schema uses something this validator does not implement.
    struct UnsupportedSchema: Error, CustomStringConvertible {
        var description: String
    }

    static let annotations: Set = ["$schema", "$id", "$comment", "title", "description", "default", "examples"]
    static let assertions: Set = [
        "$defs", "$ref", "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
        "minItems", "maxItems", "required", "properties", "patternProperties", "additionalProperties", "items",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    ]
    static let types: Set = ["null", "boolean", "object", "array", "number", "integer", "string"]

    let root: JSONValue
    private var patterns: [String: Regex<AnyRegexOutput>] = [:]

    /// Checks that `schema` uses only what this validator implements, and compiles its patterns.
    init(schema: JSONValue) throws(UnsupportedSchema) {
        root = schema
        try check(schema, at: "#")
    }

    /// The ways `instance` does not match the schema at `reference` (the root by default); empty when it
    /// is valid.
    func validate(_ instance: JSONValue, against reference: String = "#") -> [Failure] {
        guard let schema = resolve(reference) else { preconditionFailure("no schema at \(reference)") }
        var failures: [Failure] = []
        validate(instance, schema, at: "", into: &failures)
        return failures
    }

    // MARK: Checking the schema

    private mutating func check(_ schema: JSONValue, at location: String) throws(UnsupportedSchema) {
        if case .bool = schema { return }
        guard case .object(let members) = schema else {
            throw UnsupportedSchema(description: "\(location) is not a schema")
        }
        for (keyword, value) in members.sorted(by: { $0.key < $1.key }) {
            let at = location + "/" + keyword
            if Self.annotations.contains(keyword) { continue }
            guard Self.assertions.contains(keyword) else {
                throw UnsupportedSchema(description: "\(at): keyword `\(keyword)` is not implemented")
            }
            switch keyword {
            case "$defs", "properties", "patternProperties":
                guard case .object(let subschemas) = value else { throw UnsupportedSchema(description: at) }
                for (name, subschema) in subschemas.sorted(by: { $0.key < $1.key }) {
                    if keyword == "patternProperties" { try compile(name, at: at) }
                    try check(subschema, at: at + "/" + name)
                }
            case "allOf", "anyOf", "oneOf":
                guard case .array(let subschemas) = value, !subschemas.isEmpty else {
                    throw UnsupportedSchema(description: "\(at) is not a non-empty list of schemas")
                }
                for (index, subschema) in subschemas.enumerated() { try check(subschema, at: "\(at)/\(index)") }
            case "additionalProperties", "items", "not", "if", "then", "else":
                try check(value, at: at)
            case "$ref":
                guard let reference = value.stringValue, reference.hasPrefix("#"), resolve(reference) != nil else {
                    throw UnsupportedSchema(description: "\(at): only local `#/…` references to a schema")
                }
            case "type":
                let names = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
                guard !names.isEmpty, names.allSatisfy(Self.types.contains) else {
                    throw UnsupportedSchema(description: "\(at): unknown type")
                }
            case "enum":
                guard value.arrayValue != nil else { throw UnsupportedSchema(description: "\(at) is not a list") }
            case "pattern":
                guard let pattern = value.stringValue else { throw UnsupportedSchema(description: at) }
                try compile(pattern, at: at)
            case "required":
                guard let names = value.arrayValue, names.allSatisfy({ $0.stringValue != nil }) else {
                    throw UnsupportedSchema(description: "\(at) is not a list of strings")
                }
            case "minLength", "maxLength", "minItems", "maxItems":
                guard let count = value.int64Value, count >= 0 else { throw UnsupportedSchema(description: at) }
            case "minimum", "maximum":
                guard value.numberValue != nil else { throw UnsupportedSchema(description: at) }
            default:
                break  // `const` takes any value.
            }
        }
    }

    private mutating func compile(_ pattern: String, at location: String) throws(UnsupportedSchema) {
        guard patterns[pattern] == nil else { return }
        do {
            patterns[pattern] = try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw UnsupportedSchema(description: "\(location): pattern does not compile: \(error)")
        }
    }

    /// The schema a `#/…` JSON pointer names (RFC 6901), or `nil`.
    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = root
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let members): guard let next = members[name] else { return nil }; node = next
            case .array(let items):
                guard let index = Int(name), items.indices.contains(index) else { return nil }
                node = items[index]
            default: return nil
            }
        }
        if case .bool = node { return node }
        return node.objectValue == nil ? nil : node
    }

    // MARK: Validating an instance

    private func validate(
        _ instance: JSONValue, _ schema: JSONValue, at pointer: String, into failures: inout [Failure]
    ) {
        func fail(_ keyword: String, _ message: String) {
            failures.append(Failure(instancePointer: pointer, keyword: keyword, message: message))
        }
        func matches(_ subschema: JSONValue) -> Bool {
            var scratch: [Failure] = []
            validate(instance, subschema, at: pointer, into: &scratch)
            return scratch.isEmpty
        }
        switch schema {
        case .bool(true): return
        case .bool(false): return fail("false", "no value is allowed here")
        default: break
        }
        guard case .object(let keywords) = schema else { return }
        if let reference = keywords["$ref"]?.stringValue, let target = resolve(reference) {
            validate(instance, target, at: pointer, into: &failures)
        }
        if let type = keywords["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if !names.contains(where: { Self.hasType(instance, $0) }) {
                fail("type", "expected \(names.joined(separator: " or ")), found \(instance.typeName)")
            }
        }
        if let values = keywords["enum"]?.arrayValue, !values.contains(instance) {
            fail("enum", "not one of \(values.map { $0.encodedString() }.joined(separator: ", "))")
        }
        if let value = keywords["const"], value != instance { fail("const", "not \(value.encodedString())") }
        if case .string(let text) = instance {
            let length = text.unicodeScalars.count
            if let minimum = keywords["minLength"]?.int64Value, length < minimum {
                fail("minLength", "shorter than \(minimum)")
            }
            if let maximum = keywords["maxLength"]?.int64Value, length > maximum {
                fail("maxLength", "longer than \(maximum)")
            }
            if let pattern = keywords["pattern"]?.stringValue, let regex = patterns[pattern],
                (try? regex.firstMatch(in: text)) == nil
            {
                fail("pattern", "`\(text)` does not match the pattern")
            }
        }
        if case .number(let number) = instance {
            if let minimum = keywords["minimum"]?.doubleValue, number.doubleValue < minimum {
                fail("minimum", "below \(minimum)")
            }
            if let maximum = keywords["maximum"]?.doubleValue, number.doubleValue > maximum {
                fail("maximum", "above \(maximum)")
            }
        }
        if case .array(let items) = instance {
            if let minimum = keywords["minItems"]?.int64Value, items.count < minimum {
                fail("minItems", "fewer than \(minimum) items")
            }
            if let maximum = keywords["maxItems"]?.int64Value, items.count > maximum {
                fail("maxItems", "more than \(maximum) items")
            }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() {
                    validate(item, itemSchema, at: "\(pointer)/\(index)", into: &failures)
                }
            }
        }
        if case .object(let members) = instance {
            validateMembers(members, keywords, at: pointer, into: &failures)
        }
        if let subschemas = keywords["allOf"]?.arrayValue {
            for subschema in subschemas { validate(instance, subschema, at: pointer, into: &failures) }
        }
        if let subschemas = keywords["anyOf"]?.arrayValue, !subschemas.contains(where: matches) {
            fail("anyOf", "matches none of \(subschemas.count) schemas")
        }
        if let subschemas = keywords["oneOf"]?.arrayValue {
            let count = subschemas.filter(matches).count
            if count != 1 { fail("oneOf", "matches \(count) of \(subschemas.count) schemas, not exactly one") }
        }
        if let subschema = keywords["not"], matches(subschema) { fail("not", "matches a schema it must not") }
        if let condition = keywords["if"] {
            if let branch = matches(condition) ? keywords["then"] : keywords["else"] {
                validate(instance, branch, at: pointer, into: &failures)
            }
        }
    }

    private func validateMembers(
        _ members: [String: JSONValue], _ keywords: [String: JSONValue], at pointer: String,
        into failures: inout [Failure]
    ) {
        for name in (keywords["required"]?.arrayValue ?? []).compactMap(\.stringValue) where members[name] == nil {
            failures.append(Failure(instancePointer: pointer, keyword: "required", message: "`\(name)` is missing"))
        }
        let properties = keywords["properties"]?.objectValue ?? [:]
        let patternProperties = keywords["patternProperties"]?.objectValue ?? [:]
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            let at =
                pointer + "/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            var isDeclared = false
            if let subschema = properties[name] {
                isDeclared = true
                validate(value, subschema, at: at, into: &failures)
            }
            for (pattern, subschema) in patternProperties.sorted(by: { $0.key < $1.key }) {
                guard let regex = patterns[pattern], (try? regex.firstMatch(in: name)) != nil else { continue }
                isDeclared = true
                validate(value, subschema, at: at, into: &failures)
            }
            if !isDeclared, let additional = keywords["additionalProperties"] {
                if additional == .bool(false) {
                    failures.append(
                        Failure(instancePointer: at, keyword: "additionalProperties", message: "not allowed"))
                } else {
                    validate(value, additional, at: at, into: &failures)
                }
            }
        }
    }

    /// Whether `instance` has the JSON Schema type `name`; an `integer` is any number without a
    /// fractional part (draft 2020-12 §6.1.1).
    static func hasType(_ instance: JSONValue, _ name: String) -> Bool {
        switch (name, instance) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.int64Value != nil || number.doubleValue.rounded(.towardZero) == number.doubleValue
        default:
            return false
        }
    }
}
