import Synchronization

/// A Prometheus counter family: a value per label set that only goes up, such as requests served.
///
/// Label values are given positionally, in the order the labels were declared. At most
/// ``MetricsRegistry/seriesLimit`` label sets are kept; observations for any further one go to a
/// single series whose every label value is `other`, so a label fed from client input cannot grow
/// memory or the exposition without bound.
public final class Counter: Sendable {
    /// The family's name, such as `maestro_http_requests_total`.
    public let name: String
    /// The `# HELP` text.
    public let help: String
    /// The declared label names, in order.
    public let labelNames: [String]
    private let table: Mutex<SeriesTable<Double>>

    init(name: String, help: String, labelNames: [String], maxSeries: Int) {
        MetricsExposition.validate(name: name, labels: labelNames)
        self.name = name
        self.help = help
        self.labelNames = labelNames
        var table = SeriesTable<Double>(labelCount: labelNames.count, maxSeries: maxSeries)
        // A family without labels has exactly one series: expose it as 0 from the start.
        if labelNames.isEmpty { table.update([], make: { 0 }) { _ in } }
        self.table = Mutex(table)
    }

    /// Adds to the series for `labels`.
    /// - Parameters:
    ///   - labels: one value per declared label, in declaration order.
    ///   - amount: what to add. Requires `amount >= 0` (a counter never goes down).
    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        precondition(amount >= 0, "counter `\(name)` cannot be incremented by \(amount)")
        table.withLock { table in table.update(labels, make: { 0 }) { $0 += amount } }
    }

    /// The current value for `labels` (0 when the series does not exist), for tests.
    func value(_ labels: [String] = []) -> Double {
        table.withLock { $0[labels] ?? 0 }
    }
}

extension Counter: MetricFamily {
    var sampleNames: [String] { [name] }
    static var typeName: String { "counter" }

    func render(into out: inout String) {
        let rows = SeriesTable.sorted(table.withLock { $0.snapshot() })
        MetricsExposition.appendHeader(name: name, help: help, type: Self.typeName, to: &out)
        for row in rows {
            MetricsExposition.appendSample(
                name: name, labelNames: labelNames, labelValues: row.labels,
                value: MetricsExposition.format(row.series), to: &out)
        }
    }
}
