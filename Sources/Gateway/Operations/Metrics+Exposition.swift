/// The Prometheus text exposition format, version 0.0.4: names, escaping and sample values.
///
/// Reference: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
enum MetricsExposition {
    /// The `Content-Type` of ``MetricsRegistry/render()``.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`, the metric name grammar.
    static func isValidMetricName(_ name: String) -> Bool {
        var isFirst = true
        for byte in name.utf8 {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLetter || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || (isDigit && !isFirst) else {
                return false
            }
            isFirst = false
        }
        return !isFirst
    }

    /// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` and does not start with the reserved `__`.
    static func isValidLabelName(_ name: String) -> Bool {
        !name.contains(":") && !name.hasPrefix("__") && isValidMetricName(name)
    }

    /// Checks a family's names; a bad name is a programmer error, so it traps with the reason.
    static func validate(name: String, labels: [String], reserved: Set<String> = []) {
        precondition(isValidMetricName(name), "metric name `\(name)` does not match [a-zA-Z_:][a-zA-Z0-9_:]*")
        for label in labels {
            precondition(
                isValidLabelName(label),
                "label `\(label)` of metric `\(name)` does not match [a-zA-Z_][a-zA-Z0-9_]* or starts with `__`")
            precondition(!reserved.contains(label), "label `\(label)` is reserved in metric `\(name)`")
        }
        precondition(Set(labels).count == labels.count, "metric `\(name)` declares a label twice: \(labels)")
    }

    /// Appends the `# HELP` and `# TYPE` lines of a family.
    static func appendHeader(name: String, help: String, type: String, to out: inout String) {
        out += "# HELP "
        out += name
        out += " "
        // HELP text escapes only backslash and line feed.
        for character in help.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        out += "\n# TYPE "
        out += name
        out += " "
        out += type
        out += "\n"
    }

    /// Appends one sample line: `name{label="value",…} value`.
    /// - Parameters:
    ///   - extra: one more label written after the declared ones (a histogram's `le`).
    static func appendSample(
        name: String, labelNames: [String], labelValues: [String], extra: (String, String)? = nil, value: String,
        to out: inout String
    ) {
        out += name
        if !labelNames.isEmpty || extra != nil {
            out += "{"
            var isFirst = true
            for (labelName, labelValue) in zip(labelNames, labelValues) {
                if !isFirst { out += "," }
                isFirst = false
                appendLabel(labelName, labelValue, to: &out)
            }
            if let (labelName, labelValue) = extra {
                if !isFirst { out += "," }
                appendLabel(labelName, labelValue, to: &out)
            }
            out += "}"
        }
        out += " "
        out += value
        out += "\n"
    }

    private static func appendLabel(_ name: String, _ value: String, to out: inout String) {
        out += name
        out += "=\""
        // Label values escape backslash, double quote and line feed.
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        out += "\""
    }

    /// A sample value as Go's `strconv.ParseFloat` reads it: integers without a fraction, else the
    /// shortest text that reads back as the same double, and `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded(.towardZero) && value.magnitude < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }
}
