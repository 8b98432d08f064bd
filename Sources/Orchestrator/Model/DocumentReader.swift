import JSON

/// Reads members of a JSON document into typed values, collecting a finding (with its JSON
/// pointer) for every problem instead of stopping at the first.
struct DocumentReader {
    var findings: [WorkflowFinding] = []

    mutating func fail(_ code: WorkflowError.Code, _ pointer: String, _ message: String) {
        findings.append(WorkflowFinding(code, at: pointer, message))
    }

    /// The object at `pointer`, reporting unknown members.
    mutating func object(_ value: JSONValue?, _ pointer: String, allowed: Set<String>) -> [String: JSONValue]? {
        guard let value else { return nil }
        guard case .object(let members) = value else {
            fail(.typeMismatch, pointer, "expected an object, found \(value.typeName)")
            return nil
        }
        for name in members.keys.sorted() where !allowed.contains(name) {
            fail(
                .unknownMember, pointer + "/" + WorkflowFinding.escape(name),
                "unknown member `\(name)`; expected one of \(allowed.sorted().map { "`\($0)`" }.joined(separator: ", "))"
            )
        }
        return members
    }

    mutating func string(
        _ members: [String: JSONValue], _ name: String, _ pointer: String, required: Bool = false, maxLength: Int = 1024
    ) -> String? {
        let at = pointer + "/" + name
        guard let value = members[name] else {
            if required { fail(.missingMember, at, "`\(name)` is required") }
            return nil
        }
        guard case .string(let text) = value else {
            fail(.typeMismatch, at, "`\(name)` must be a string, not \(value.typeName)")
            return nil
        }
        if required && text.isEmpty { fail(.invalidValue, at, "`\(name)` must not be empty") }
        if text.count > maxLength { fail(.invalidValue, at, "`\(name)` is longer than \(maxLength) characters") }
        return text
    }

    mutating func strings(_ members: [String: JSONValue], _ name: String, _ pointer: String) -> [String] {
        let at = pointer + "/" + name
        guard let value = members[name] else { return [] }
        guard case .array(let items) = value else {
            fail(.typeMismatch, at, "`\(name)` must be a list of strings, not \(value.typeName)")
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                fail(.typeMismatch, "\(at)/\(index)", "`\(name)` holds strings only, not \(item.typeName)")
                continue
            }
            result.append(text)
        }
        return result
    }

    /// A string or a list of strings (for `then`, `else`).
    mutating func stringOrStrings(_ members: [String: JSONValue], _ name: String, _ pointer: String) -> [String] {
        if case .string(let one)? = members[name] { return [one] }
        return strings(members, name, pointer)
    }

    mutating func integer(
        _ members: [String: JSONValue], _ name: String, _ pointer: String, in range: ClosedRange<Int64>
    )
        -> Int64?
    {
        let at = pointer + "/" + name
        guard let value = members[name] else { return nil }
        guard let number = value.int64Value else {
            fail(.typeMismatch, at, "`\(name)` must be an integer, not \(value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            fail(.invalidValue, at, "`\(name)` must be in \(range.lowerBound)...\(range.upperBound), not \(number)")
            return nil
        }
        return number
    }

    mutating func double(
        _ members: [String: JSONValue], _ name: String, _ pointer: String, in range: ClosedRange<Double>
    )
        -> Double?
    {
        let at = pointer + "/" + name
        guard let value = members[name] else { return nil }
        guard case .number(let number) = value else {
            fail(.typeMismatch, at, "`\(name)` must be a number, not \(value.typeName)")
            return nil
        }
        let double = number.doubleValue
        guard range.contains(double) else {
            fail(.invalidValue, at, "`\(name)` must be in \(range.lowerBound)...\(range.upperBound), not \(double)")
            return nil
        }
        return double
    }

    /// A duration such as `500ms`, `90s`, `30m`, `8h` or `7d`, in seconds (rounded up), at most
    /// 366 days.
    mutating func duration(_ members: [String: JSONValue], _ name: String, _ pointer: String) -> Int64? {
        guard let text = string(members, name, pointer) else { return nil }
        guard let seconds = Self.seconds(text) else {
            fail(
                .invalidValue, pointer + "/" + name,
                "`\(name)` must be a duration such as `500ms`, `90s`, `30m`, `8h` or `7d` (at most 366d), not `\(text)`"
            )
            return nil
        }
        return seconds
    }

    static func seconds(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (unit, size) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ ("0"..."9").contains($0) }),
                let count = Double(digits)
            else { return nil }
            let seconds = (count * size).rounded(.up)
            guard seconds > 0 || count == 0, seconds <= 366 * 86400 else { return nil }
            return Int64(seconds)
        }
        return nil
    }
}
