/// A JSON number: a 64-bit integer when the text was an integer literal that fits, otherwise a
/// finite IEEE-754 double.
///
/// Keeping integers exact matters because policies compare 64-bit `Long` values; canonical
/// encoding (RFC 8785) still treats every number as a double, as the standard requires.
/// Equality and hashing are by numeric value, so `1` and `1.0` are equal.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable {
        case integer(Int64)
        case double(Double)
    }

    let storage: Storage

    /// An exact integer.
    public init(_ value: Int64) { storage = .integer(value) }

    /// An exact integer.
    public init(_ value: Int) { storage = .integer(Int64(value)) }

    /// A double; `nil` for NaN and the infinities, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        storage = .double(value)
    }

    /// The value as an `Int64` when it is an integer in range (`2.0` gives `2`, `2.5` gives `nil`).
    public var int64Value: Int64? {
        switch storage {
        case .integer(let value): return value
        case .double(let value): return Int64(exactly: value)
        }
    }

    /// The value as a double (integers beyond 2^53 round to the nearest double).
    public var doubleValue: Double {
        switch storage {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        }
    }

    /// Whether the number was read or made as an integer.
    public var isInteger: Bool {
        if case .integer = storage { return true }
        return false
    }

    public var description: String {
        switch storage {
        case .integer(let value): return String(value)
        case .double(let value): return ECMAScriptNumber.format(value)
        }
    }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        switch (a.storage, b.storage) {
        case (.integer(let x), .integer(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.integer(let x), .double(let y)), (.double(let y), .integer(let x)): return Int64(exactly: y) == x
        }
    }

    public func hash(into hasher: inout Hasher) {
        // INVARIANT: numbers equal under `==` hash alike; integral doubles hash as their integer.
        if let exact = int64Value {
            hasher.combine(exact)
        } else {
            hasher.combine(doubleValue)
        }
    }
}
