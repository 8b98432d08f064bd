import Synchronization

/// A Prometheus histogram family: per label set, how many observations fell at or below each
/// bucket's upper bound, plus their sum and count, such as request durations in seconds.
///
/// The exposition has, per label set, one cumulative `<name>_bucket{…,le="<bound>"}` line per bound
/// and one for `le="+Inf"` (equal to the count), then `<name>_sum` and `<name>_count`. Label values
/// are given positionally, in declaration order; the series bound is the one described on
/// ``Counter``.
public final class Histogram: Sendable {
    /// The family's name, such as `maestro_http_request_duration_seconds`.
    public let name: String
    /// The `# HELP` text.
    public let help: String
    /// The declared label names, in order (never `le`).
    public let labelNames: [String]
    /// The buckets' upper bounds, strictly increasing and finite; `+Inf` is implicit.
    public let buckets: [Double]
    private let table: Mutex<SeriesTable<HistogramSeries>>

    init(name: String, help: String, labelNames: [String], buckets: [Double], maxSeries: Int) {
        MetricsExposition.validate(name: name, labels: labelNames, reserved: ["le"])
        // The +Inf bucket is always there; accept it written out and drop it.
        let bounds = buckets.last == .infinity ? Array(buckets.dropLast()) : buckets
        precondition(bounds.allSatisfy(\.isFinite), "histogram `\(name)` has a bucket bound that is not finite")
        precondition(
            zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 },
            "histogram `\(name)` bucket bounds must be strictly increasing: \(bounds)")
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = bounds
        var table = SeriesTable<HistogramSeries>(labelCount: labelNames.count, maxSeries: maxSeries)
        if labelNames.isEmpty {
            table.update([], make: { HistogramSeries(bucketCount: bounds.count + 1) }) { _ in }
        }
        self.table = Mutex(table)
    }

    /// Records one observation in the series for `labels`.
    /// - Parameters:
    ///   - labels: one value per declared label, in declaration order.
    ///   - value: what was observed; it counts in every bucket whose bound is at least `value`.
    public func observe(_ labels: [String] = [], _ value: Double) {
        // The first bound at or above the value; past the last bound, the +Inf bucket.
        var index = 0
        while index < buckets.count && !(value <= buckets[index]) { index += 1 }
        let bucketCount = buckets.count + 1
        table.withLock { table in
            table.update(labels, make: { HistogramSeries(bucketCount: bucketCount) }) { series in
                series.counts[index] += 1
                series.sum += value
                series.count += 1
            }
        }
    }

    /// Records one observation in a histogram declared without labels.
    /// - Parameter value: what was observed.
    public func observe(_ value: Double) { observe([], value) }

    /// The series for `labels`, for tests.
    func series(_ labels: [String] = []) -> HistogramSeries? {
        table.withLock { $0[labels] }
    }
}

/// One histogram series. `counts` are per bucket, not cumulative; the last is the `+Inf` bucket.
struct HistogramSeries: Sendable {
    var counts: [UInt64]
    var sum: Double = 0
    var count: UInt64 = 0

    init(bucketCount: Int) { counts = Array(repeating: 0, count: bucketCount) }
}

extension Histogram: MetricFamily {
    var sampleNames: [String] { [name + "_bucket", name + "_sum", name + "_count"] }
    static var typeName: String { "histogram" }

    func render(into out: inout String) {
        let rows = SeriesTable.sorted(table.withLock { $0.snapshot() })
        MetricsExposition.appendHeader(name: name, help: help, type: Self.typeName, to: &out)
        let bounds = buckets.map(MetricsExposition.format) + ["+Inf"]
        for row in rows {
            var cumulative: UInt64 = 0
            for (bound, count) in zip(bounds, row.series.counts) {
                cumulative += count
                MetricsExposition.appendSample(
                    name: name + "_bucket", labelNames: labelNames, labelValues: row.labels, extra: ("le", bound),
                    value: String(cumulative), to: &out)
            }
            MetricsExposition.appendSample(
                name: name + "_sum", labelNames: labelNames, labelValues: row.labels,
                value: MetricsExposition.format(row.series.sum), to: &out)
            MetricsExposition.appendSample(
                name: name + "_count", labelNames: labelNames, labelValues: row.labels,
                value: String(row.series.count), to: &out)
        }
    }
}
