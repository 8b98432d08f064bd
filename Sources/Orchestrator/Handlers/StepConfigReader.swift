import JSON

/// Reads a handler's `config` object member by member; each problem is a
/// `workflow.handler_config_invalid` error that names the member (`config.url`).
struct StepConfigReader {
    let members: [String: JSONValue]

    /// - Parameters:
    ///   - config: The step's `config`: an object, or `null` for none.
    ///   - allowed: The members the handler knows; any other is a typo more likely than an extension.
    init(_ config: JSONValue, allowed: Set<String>) throws(WorkflowError) {
        switch config {
        case .null: members = [:]
        case .object(let object): members = object
        default: throw Self.invalid("`config` must be an object, not \(config.typeName)")
        }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            let known = allowed.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw Self.invalid("`config.\(unknown)` is not a member this handler knows; it knows \(known)")
        }
    }

    static func invalid(_ message: String) -> WorkflowError {
        WorkflowError(.handlerConfigInvalid, message)
    }

    func string(_ name: String) throws(WorkflowError) -> String? {
        guard let value = members[name], !value.isNull else { return nil }
        guard case .string(let text) = value else {
            throw Self.invalid("`config.\(name)` must be a string, not \(value.typeName)")
        }
        return text
    }

    func requiredString(_ name: String) throws(WorkflowError) -> String {
        guard let text = try string(name) else { throw Self.invalid("`config.\(name)` is required") }
        return text
    }

    func strings(_ name: String) throws(WorkflowError) -> [String] {
        guard let value = members[name], !value.isNull else { return [] }
        guard case .array(let elements) = value else {
            throw Self.invalid("`config.\(name)` must be an array of strings, not \(value.typeName)")
        }
        var texts: [String] = []
        for (offset, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw Self.invalid("`config.\(name)[\(offset)]` must be a string, not \(element.typeName)")
            }
            texts.append(text)
        }
        return texts
    }

    /// An object of strings, as `(name, value)` pairs sorted by name.
    func stringPairs(_ name: String) throws(WorkflowError) -> [(name: String, value: String)] {
        guard let value = members[name], !value.isNull else { return [] }
        guard case .object(let object) = value else {
            throw Self.invalid("`config.\(name)` must be an object of strings, not \(value.typeName)")
        }
        var pairs: [(name: String, value: String)] = []
        for (key, member) in object.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text) = member else {
                throw Self.invalid("`config.\(name).\(key)` must be a string, not \(member.typeName)")
            }
            pairs.append((key, text))
        }
        return pairs
    }

    /// A timeout: a duration such as `500ms`, `30s`, `5m` or `1h`, or a number of seconds.
    func duration(_ name: String) throws(WorkflowError) -> Duration? {
        guard let value = members[name], !value.isNull else { return nil }
        let parsed: Duration?
        switch value {
        case .string(let text): parsed = Self.parseDuration(text)
        case .number(let number):
            let seconds = number.doubleValue
            parsed = seconds > 0 && seconds <= 86400 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : nil
        default: parsed = nil
        }
        guard let parsed, parsed > .zero else {
            throw Self.invalid(
                "`config.\(name)` must be a positive duration such as `500ms`, `30s` or `5m` (at most a day)")
        }
        return parsed
    }

    /// `500ms`, `30s`, `5m`, `1h`: 1 to 9 digits and a unit, at most a day.
    static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, milliseconds) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ ("0"..."9").contains($0) }),
                let count = Int64(digits), count * milliseconds <= 86_400_000
            else { return nil }
            return .milliseconds(count * milliseconds)
        }
        return nil
    }
}
