/// One problem found in a workflow definition: a stable code, where (a JSON pointer, RFC 6901,
/// into the submitted document) and a message that says how to fix it.
public struct WorkflowFinding: Sendable, Hashable, CustomStringConvertible {
    /// Errors reject the definition; warnings (lints) are reported, and reject it only in strict mode.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// One of ``WorkflowError/Code``'s constants.
    public var code: WorkflowError.Code
    public var severity: Severity
    /// Where, such as `/steps/2/needs/0`; `""` is the whole document.
    public var pointer: String
    /// What is wrong and how to fix it: lowercase, no final period, names in backticks.
    public var message: String

    public init(_ code: WorkflowError.Code, _ severity: Severity = .error, at pointer: String, _ message: String) {
        self.code = code
        self.severity = severity
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(severity) \(code) at `\(pointer)`: \(message)" }

    /// A JSON pointer token: `~` → `~0`, `/` → `~1` (RFC 6901 §3).
    public static func escape(_ token: String) -> String {
        var escaped = ""
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
