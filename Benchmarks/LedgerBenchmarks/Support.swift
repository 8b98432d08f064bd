import Foundation

/// Monotonic time in nanoseconds (the read costs ~20 ns).
func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Seconds since `start`.
func seconds(since start: UInt64) -> Double { Double(nanoseconds() - start) / 1e9 }

/// A deterministic generator, so every run appends and proves the same things.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Order statistics of timing samples in nanoseconds.
struct Samples {
    private(set) var sorted: [UInt64]

    init(_ samples: [UInt64]) { sorted = samples.sorted() }

    var count: Int { sorted.count }
    /// The sample below which `fraction` of the samples lie.
    func quantile(_ fraction: Double) -> UInt64 {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
    var median: UInt64 { quantile(0.5) }
    var p99: UInt64 { quantile(0.99) }
    var max: UInt64 { sorted.last ?? 0 }
    var mean: Double { sorted.isEmpty ? 0 : Double(sorted.reduce(0, +)) / Double(sorted.count) }
}

/// One value of a result line.
enum Field {
    case int(Int)
    case number(Double, digits: Int)
    case string(String)

    var json: String {
        switch self {
        case .int(let value): String(value)
        case .number(let value, let digits): String(format: "%.\(digits)f", value)
        case .string(let value): "\"\(value)\""
        }
    }
}

/// Prints one JSON line: `{"benchmark":"ledger.<name>", …}`, keys in the order given.
func report(_ benchmark: String, _ fields: KeyValuePairs<String, Field>) {
    report(benchmark, fields.map { ($0.key, $0.value) })
}

/// ``report(_:_:)`` for fields built up at run time.
func report(_ benchmark: String, _ fields: [(String, Field)]) {
    let body = fields.map { "\"\($0.0)\":\($0.1.json)" }.joined(separator: ",")
    print("{\"benchmark\":\"ledger.\(benchmark)\",\(body)}")
    fflush(nil)  // every open stream: lines reach a pipe as they are made
}

/// Nanoseconds as milliseconds, and as microseconds, for a result line.
func ms(_ nanoseconds: UInt64) -> Field { .number(Double(nanoseconds) / 1e6, digits: 3) }
func ms(_ nanoseconds: Double) -> Field { .number(nanoseconds / 1e6, digits: 3) }
func us(_ nanoseconds: UInt64) -> Field { .number(Double(nanoseconds) / 1e3, digits: 2) }
func us(_ nanoseconds: Double) -> Field { .number(nanoseconds / 1e3, digits: 2) }

/// An audit-event-like JSON entry of exactly `bytes` bytes (at least ~90), distinct per index.
func makeEntry(_ index: Int, bytes: Int) -> [UInt8] {
    let head =
        #"{"seq":\#(index),"tenant":"t\#(index % 17)","actor":"user-\#(index % 997)","#
        + #""action":"workflow.step.completed","resource":"wf-\#(index / 7)","note":""#
    let padding = Swift.max(0, bytes - head.utf8.count - 2)
    return Array((head + String(repeating: "x", count: padding) + #""}"#).utf8)
}

/// A new empty directory under `base`, for one case's ledger.
func makeTemporaryDirectory(under base: String) -> String {
    var template = Array((base + "/maestro-ledger-bench-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        fatalError("cannot create a directory under `\(base)`: \(String(cString: strerror(errno)))")
    }
    return String(cString: made)
}

func removeDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}
