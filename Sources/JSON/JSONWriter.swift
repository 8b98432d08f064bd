/// Writes compact JSON straight into a byte buffer, for hot paths that would otherwise build a
/// ``JSONValue`` tree only to encode it.
///
/// The caller writes members in the order it wants them; writing them sorted (as every encoder
/// here does) gives the same bytes as ``JSONValue/encoded(_:)`` with `.compact`. Commas are
/// placed automatically.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("decision"); writer.string("allow")
/// writer.endObject()
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// One bit per open container: whether it already holds a member or element.
    private var hasContent: [Bool] = []
    /// Whether a key was just written, so the next value needs no comma.
    private var afterKey = false

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if let last = hasContent.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            hasContent[hasContent.count - 1] = true
        }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        hasContent.append(false)
    }

    public mutating func endObject() {
        hasContent.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        hasContent.append(false)
    }

    public mutating func endArray() {
        hasContent.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// A member name; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        JSONEncoder.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        JSONEncoder.appendQuoted(value, to: &bytes)
    }

    public mutating func number(_ value: Int64) {
        separate()
        JSONEncoder.appendInteger(value, to: &bytes)
    }

    public mutating func number(_ value: Int) { number(Int64(value)) }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// A whole value, encoded compactly.
    public mutating func value(_ value: JSONValue) {
        separate()
        value.appendEncoded(to: &bytes, format: .compact)
    }

    /// A string, or `null` when absent.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }
}
