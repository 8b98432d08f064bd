/// Checks the shape of a five-field cron expression (minute hour day-of-month month day-of-week)
/// or a macro (`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`, `@annually`).
enum CronCheck {
    private static let fields: [(name: String, range: ClosedRange<Int>, names: [String])] = [
        ("minute", 0...59, []), ("hour", 0...23, []), ("day of month", 1...31, []),
        ("month", 1...12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day of week", 0...7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ]

    /// What is wrong with `expression`, or `nil` if it is well formed.
    static func problem(_ expression: String) -> String? {
        if expression.hasPrefix("@") {
            return ["@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"].contains(
                expression)
                ? nil : "unknown cron macro `\(expression)`"
        }
        let parts = expression.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 5 else { return "a cron expression has 5 fields, not \(parts.count): `\(expression)`" }
        for (part, field) in zip(parts, fields) {
            for item in part.split(separator: ",", omittingEmptySubsequences: false) {
                guard valid(item, field) else { return "cron \(field.name) field `\(part)` is not valid" }
            }
        }
        return nil
    }

    private static func valid(_ item: Substring, _ field: (name: String, range: ClosedRange<Int>, names: [String]))
        -> Bool
    {
        let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard stepParts.count <= 2 else { return false }
        if stepParts.count == 2 {
            guard let step = Int(stepParts[1]), step > 0, step <= field.range.upperBound else { return false }
        }
        let base = stepParts[0]
        if base == "*" { return true }
        let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count) else { return false }
        let values = bounds.map { value(String($0), field) }
        guard values.allSatisfy({ $0 != nil }) else { return false }
        return bounds.count == 1 || values[0]! <= values[1]!
    }

    private static func value(_ text: String, _ field: (name: String, range: ClosedRange<Int>, names: [String])) -> Int?
    {
        if let index = field.names.firstIndex(of: text.uppercased()) {
            return index + (field.range.lowerBound == 1 ? 1 : 0)
        }
        guard text.count <= 2, let number = Int(text), field.range.contains(number) else { return nil }
        return number
    }
}
