import Synchronization

/// The metrics of one process, rendered for Prometheus in the text exposition format 0.0.4.
///
/// Families are registered once, usually at startup, and then updated from any thread: each
/// family has its own lock, held only to update one series in memory, so recording is cheap and
/// never blocks on I/O. ``render()`` copies each family's series under its lock and formats the
/// text outside it.
///
/// ```swift
/// let registry = MetricsRegistry()
/// let requests = registry.counter("app_requests_total", help: "Requests served.", labels: ["method"])
/// requests.increment(["GET"])
/// ```
///
/// Cardinality is bounded: each family keeps at most ``seriesLimit`` label sets, and observations
/// for any further label set go to one extra series whose every label value is `"other"`.
public final class MetricsRegistry: Sendable {
    /// The most distinct label sets a family keeps before folding new ones into its `other` series.
    public static let seriesLimit = 1_000

    /// Bucket bounds for request latencies, in seconds: 0.5 ms to 10 s.
    public static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// The `Content-Type` of ``render()``'s output.
    public static let contentType = MetricsExposition.contentType

    private struct State {
        var families: [String: any MetricFamily] = [:]
        /// Every sample name in use (a histogram uses three), to the family that exposes it.
        var sampleNames: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let maxSeries: Int

    /// Makes an empty registry.
    public convenience init() { self.init(maxSeries: MetricsRegistry.seriesLimit) }

    /// Makes an empty registry whose families keep at most `maxSeries` label sets (tests use a small one).
    init(maxSeries: Int) {
        self.maxSeries = maxSeries
    }

    /// Registers a counter family, or returns the one already registered under `name`.
    ///
    /// Registering a name again with another type, other labels or (for histograms) other
    /// buckets is a programmer error and traps, saying which.
    /// - Parameters:
    ///   - name: the metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters conventionally end in `_total`.
    ///   - help: one line saying what is counted.
    ///   - labels: the label names, `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`.
    /// - Returns: the family.
    public func counter(_ name: String, help: String, labels: [String] = []) -> Counter {
        register(name, labels: labels) { Counter(name: name, help: help, labelNames: labels, maxSeries: maxSeries) }
    }

    /// Registers a gauge family, or returns the one already registered under `name`.
    ///
    /// The rules of ``counter(_:help:labels:)`` apply.
    /// - Parameters:
    ///   - name: the metric name.
    ///   - help: one line saying what is measured.
    ///   - labels: the label names.
    /// - Returns: the family.
    public func gauge(_ name: String, help: String, labels: [String] = []) -> Gauge {
        register(name, labels: labels) { Gauge(name: name, help: help, labelNames: labels, maxSeries: maxSeries) }
    }

    /// Registers a histogram family, or returns the one already registered under `name`.
    ///
    /// The rules of ``counter(_:help:labels:)`` apply; `le` is reserved for the bucket label.
    /// - Parameters:
    ///   - name: the metric name; it also claims `<name>_bucket`, `<name>_sum` and `<name>_count`.
    ///   - help: one line saying what is observed.
    ///   - labels: the label names.
    ///   - buckets: upper bounds, finite and strictly increasing; `+Inf` is added.
    /// - Returns: the family.
    public func histogram(
        _ name: String, help: String, labels: [String] = [], buckets: [Double] = MetricsRegistry.latencyBuckets
    ) -> Histogram {
        let family = register(name, labels: labels) {
            Histogram(name: name, help: help, labelNames: labels, buckets: buckets, maxSeries: maxSeries)
        }
        let bounds = buckets.last == .infinity ? Array(buckets.dropLast()) : buckets
        precondition(
            family.buckets == bounds,
            "metric `\(name)` is already registered with buckets \(family.buckets), not \(bounds)")
        return family
    }

    /// Every family in the text exposition format 0.0.4: families sorted by name, each with its
    /// `# HELP` and `# TYPE` lines, then its series sorted by label values.
    /// - Returns: the text, ending in a line feed when there is at least one family.
    public func render() -> String {
        let families = state.withLock { Array($0.families.values) }.sorted { $0.name < $1.name }
        var out = ""
        out.reserveCapacity(families.count * 256)
        for family in families { family.render(into: &out) }
        return out
    }

    private func register<Family: MetricFamily>(
        _ name: String, labels: [String], make: () -> Family
    ) -> Family {
        state.withLock { state in
            if let existing = state.families[name] {
                guard let family = existing as? Family else {
                    preconditionFailure(
                        "metric `\(name)` is already registered as a \(type(of: existing).typeName), "
                            + "not a \(Family.typeName)")
                }
                precondition(
                    family.labelNames == labels,
                    "metric `\(name)` is already registered with labels \(family.labelNames), not \(labels)")
                return family
            }
            let family = make()
            for sample in family.sampleNames {
                if let owner = state.sampleNames[sample] {
                    preconditionFailure("metric `\(name)` would expose `\(sample)`, which `\(owner)` already exposes")
                }
            }
            for sample in family.sampleNames { state.sampleNames[sample] = name }
            state.families[name] = family
            return family
        }
    }
}

/// What the registry needs from a family: its names, and its lines of the exposition.
protocol MetricFamily: AnyObject, Sendable {
    /// The `# TYPE` word: `counter`, `gauge` or `histogram`.
    static var typeName: String { get }
    var name: String { get }
    var labelNames: [String] { get }
    /// The names its sample lines use, which no other family may use.
    var sampleNames: [String] { get }
    /// Appends the `# HELP` and `# TYPE` lines and every sample line.
    func render(into out: inout String)
}
