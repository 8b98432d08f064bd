/// An entity's identity: its type (possibly namespaced, `Acme::User`) and its id.
///
/// Comparison is by exact code points, as in Cedar (Swift's `String ==` would also equate
/// canonically equivalent Unicode, which Cedar does not).
public struct EntityUID: Hashable, Sendable, CustomStringConvertible {
    public var type: String
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    public static func == (a: EntityUID, b: EntityUID) -> Bool {
        exactlyEqual(a.id, b.id) && exactlyEqual(a.type, b.type)
    }

    public func hash(into hasher: inout Hasher) {
        hashExactly(type, into: &hasher)
        hashExactly(id, into: &hasher)
    }

    /// Cedar's literal form, `Type::"id"`, with the id escaped.
    public var description: String { "\(type)::\(quoted(id))" }
}

/// Whether two strings hold the same code points (Cedar's string equality; Swift's `==` would
/// also equate canonically equivalent strings).
@inline(__always)
func exactlyEqual(_ a: String, _ b: String) -> Bool {
    if sameRepresentation(a, b) { return true }
    guard a.utf8.count == b.utf8.count else { return false }
    let compared: Bool? =
        a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                bytesEqual(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
            }
        } ?? nil
    return compared ?? a.utf8.elementsEqual(b.utf8)
}

/// Whether two strings have the same bit pattern: then they are the same value. Short strings
/// are stored inline, so equal attribute names (`"tenant"` from a policy and from a request)
/// are decided by two word comparisons. A `false` decides nothing.
@inline(__always)
func sameRepresentation(_ a: String, _ b: String) -> Bool {
    withUnsafeBytes(of: a) { x in
        withUnsafeBytes(of: b) { y in
            x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                && x.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    == y.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        }
    }
}

/// Byte equality, eight bytes at a time.
@inline(__always)
func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var offset = 0
    while offset + 8 <= a.count {
        guard
            a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        else { return false }
        offset += 8
    }
    while offset < a.count {
        guard a[offset] == b[offset] else { return false }
        offset += 1
    }
    return true
}

/// Hashes a string's UTF-8 bytes, consistent with ``exactlyEqual(_:_:)``.
@inline(__always)
func hashExactly(_ string: String, into hasher: inout Hasher) {
    let done: Void? = string.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    if done == nil {
        for byte in string.utf8 { hasher.combine(byte) }
    }
    hasher.combine(0xFF as UInt8)  // terminator: ("ab","c") and ("a","bc") hash apart
}

/// A string as a Cedar string literal, with `"` `\` and control characters escaped.
func quoted(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\0": out += "\\0"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
