import Synchronization

/// A Prometheus gauge family: a value per label set that goes up and down, such as open
/// connections.
///
/// Label values are given positionally, in the order the labels were declared; the series bound
/// is the one described on ``Counter``.
public final class Gauge: Sendable {
    /// The family's name, such as `maestro_http_connections_open`.
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
        if labelNames.isEmpty { table.update([], make: { 0 }) { _ in } }
        self.table = Mutex(table)
    }

    /// Sets the series for `labels` to `value`.
    /// - Parameters:
    ///   - labels: one value per declared label, in declaration order.
    ///   - value: the new value.
    public func set(_ labels: [String] = [], _ value: Double) {
        table.withLock { table in table.update(labels, make: { 0 }) { $0 = value } }
    }

    /// Sets the value of a gauge declared without labels.
    /// - Parameter value: the new value.
    public func set(_ value: Double) { set([], value) }

    /// Adds to the series for `labels`.
    /// - Parameters:
    ///   - labels: one value per declared label, in declaration order.
    ///   - amount: what to add (may be negative).
    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        table.withLock { table in table.update(labels, make: { 0 }) { $0 += amount } }
    }

    /// Subtracts from the series for `labels`.
    /// - Parameters:
    ///   - labels: one value per declared label, in declaration order.
    ///   - amount: what to subtract.
    public func decrement(_ labels: [String] = [], by amount: Double = 1) {
        increment(labels, by: -amount)
    }

    /// The current value for `labels` (0 when the series does not exist), for tests.
    func value(_ labels: [String] = []) -> Double {
        table.withLock { $0[labels] ?? 0 }
    }
}

extension Gauge: MetricFamily {
    var sampleNames: [String] { [name] }
    static var typeName: String { "gauge" }

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
