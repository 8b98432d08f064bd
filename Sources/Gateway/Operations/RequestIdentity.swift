/// Request ids: the `X-Request-Id` the gateway sends back and logs, so a client and an operator
/// can name the same request.
public enum RequestID {
    /// The longest client-supplied id kept.
    public static let maxLength = 64

    /// A new id: 16 random bytes as 32 lowercase hex digits.
    /// - Returns: the id.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return TraceHex.lowercase(generator.next() as UInt64, generator.next() as UInt64)
    }

    /// A client's `X-Request-Id`, if it is safe to echo and log: 1 to 64 characters of
    /// `[A-Za-z0-9._-]`. Anything else (empty, longer, spaces, quotes, control or non-ASCII
    /// characters) is refused, and the caller makes a fresh id instead.
    /// - Parameter header: the header's value, if present.
    /// - Returns: the value, or `nil` when it is absent or refused.
    public static func accept(_ header: String?) -> String? {
        guard let header else { return nil }
        let bytes = header.utf8
        guard (1...maxLength).contains(bytes.count) else { return nil }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return nil
            }
        }
        return header
    }
}

/// A W3C Trace Context `traceparent` (Trace Context Level 1,
/// https://www.w3.org/TR/trace-context/#traceparent-header): which trace a request belongs to and
/// which span called it.
///
/// The gateway continues a caller's trace with ``child()``, or starts one with ``root()``, and
/// always writes version `00`.
public struct Traceparent: Sendable, Equatable, CustomStringConvertible {
    // The 128-bit trace-id and 64-bit span-id, as numbers: cheap to compare and to make.
    private let traceHigh: UInt64
    private let traceLow: UInt64
    private let span: UInt64
    /// The trace-flags; bit 0 is `sampled`.
    public let flags: UInt8

    private init(traceHigh: UInt64, traceLow: UInt64, span: UInt64, flags: UInt8) {
        self.traceHigh = traceHigh
        self.traceLow = traceLow
        self.span = span
        self.flags = flags
    }

    /// The trace-id: 32 lowercase hex digits, never all zero.
    public var traceID: String { TraceHex.lowercase(traceHigh, traceLow) }

    /// The span-id (the header's parent-id): 16 lowercase hex digits, never all zero.
    public var spanID: String { TraceHex.lowercase(span) }

    /// Whether the caller may have recorded the trace (trace-flags bit 0).
    public var isSampled: Bool { flags & 0x01 != 0 }

    /// The header's value, version `00`: `00-<trace-id>-<span-id>-<flags>`.
    public var header: String { "00-\(traceID)-\(spanID)-\(TraceHex.lowercase(flags))" }

    /// The header's value (see ``header``).
    public var description: String { header }

    /// Reads a `traceparent` header.
    ///
    /// Version `00` must be exactly `00-<32 hex>-<16 hex>-<2 hex>`. A later version (any but `ff`)
    /// is read by its first four fields, provided the value is at least that long and, if
    /// longer, the next character is `-` (as "Versioning of traceparent" says). Hex must be lowercase, and an all-zero
    /// trace-id or parent-id is invalid. Leading and trailing spaces and tabs are ignored.
    /// - Parameter header: the header's value, if present.
    /// - Returns: the trace context, or `nil` when absent or invalid (the caller then starts a new trace).
    public static func parse(_ header: String?) -> Traceparent? {
        guard let header else { return nil }
        var bytes = Substring(header).utf8[...]
        while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            bytes = bytes.dropFirst()
        }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            bytes = bytes.dropLast()
        }
        let text = Array(bytes)
        // version "-" trace-id "-" parent-id "-" trace-flags = 2 + 1 + 32 + 1 + 16 + 1 + 2 = 55 bytes.
        guard text.count >= 55, text[2] == UInt8(ascii: "-"), text[35] == UInt8(ascii: "-"),
            text[52] == UInt8(ascii: "-"),
            let version = TraceHex.parse(text[0..<2]), version != 0xff
        else { return nil }
        if version == 0x00 {
            guard text.count == 55 else { return nil }
        } else if text.count > 55 {
            guard text[55] == UInt8(ascii: "-") else { return nil }
        }
        guard let traceHigh = TraceHex.parse(text[3..<19]), let traceLow = TraceHex.parse(text[19..<35]),
            let span = TraceHex.parse(text[36..<52]), let flags = TraceHex.parse(text[53..<55]),
            traceHigh | traceLow != 0, span != 0
        else { return nil }
        return Traceparent(traceHigh: traceHigh, traceLow: traceLow, span: span, flags: UInt8(flags))
    }

    /// A new trace: a random trace-id and span-id, flags `01` (sampled).
    /// - Returns: the trace context.
    public static func root() -> Traceparent {
        var generator = SystemRandomNumberGenerator()
        var high: UInt64 = 0
        var low: UInt64 = 0
        while high | low == 0 {
            high = generator.next()
            low = generator.next()
        }
        return Traceparent(traceHigh: high, traceLow: low, span: makeSpan(&generator), flags: 0x01)
    }

    /// The context for work done on behalf of this one: the same trace-id and flags, a new span-id.
    /// - Returns: the trace context.
    public func child() -> Traceparent {
        var generator = SystemRandomNumberGenerator()
        return Traceparent(traceHigh: traceHigh, traceLow: traceLow, span: Self.makeSpan(&generator), flags: flags)
    }

    private static func makeSpan(_ generator: inout SystemRandomNumberGenerator) -> UInt64 {
        var span: UInt64 = 0
        while span == 0 { span = generator.next() }
        return span
    }
}

/// Lowercase hexadecimal, fixed width, both ways.
enum TraceHex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The words' digits, most significant first, `2 * MemoryLayout<T>.size` each.
    static func lowercase<T: FixedWidthInteger & UnsignedInteger>(_ words: T...) -> String {
        let width = MemoryLayout<T>.size * 2
        return String(unsafeUninitializedCapacity: width * words.count) { buffer in
            var index = 0
            for word in words {
                for shift in stride(from: (width - 1) * 4, through: 0, by: -4) {
                    buffer[index] = digits[Int((word >> shift) & 0xf)]
                    index += 1
                }
            }
            return index
        }
    }

    /// The value of 1 to 16 lowercase hex digits; `nil` for any other byte (uppercase included).
    static func parse(_ text: ArraySlice<UInt8>) -> UInt64? {
        guard (1...16).contains(text.count) else { return nil }
        var value: UInt64 = 0
        for byte in text {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
