/// The series of one family, keyed by their label values, with a bound on how many there can be.
///
/// The key is the label-value array itself rather than the values joined into one string: a
/// lookup of an existing series then hashes the caller's array and allocates nothing, and two
/// different label sets can never join to the same key.
///
/// A family without labels skips the dictionary: its one series is a plain stored value.
///
/// INVARIANT: `series.count <= maxSeries + 1`; the extra one is the overflow series, whose every
/// label value is ``overflowValue``. INVARIANT: `series` is empty when `labelCount == 0`.
struct SeriesTable<Series> {
    /// What every label value of the overflow series reads.
    static var overflowValue: String { "other" }

    /// The number of label values each key holds.
    let labelCount: Int
    /// The most distinct label sets kept before new ones go to the overflow series.
    let maxSeries: Int
    /// `labelCount` times ``overflowValue``, made once.
    let overflowKey: [String]
    private var series: [[String]: Series] = [:]
    private var unlabeled: Series?

    init(labelCount: Int, maxSeries: Int) {
        precondition(maxSeries >= 1, "a metric family must allow at least one series")
        self.labelCount = labelCount
        self.maxSeries = maxSeries
        overflowKey = Array(repeating: Self.overflowValue, count: labelCount)
    }

    /// Runs `body` on the series for `labels`, creating it with `make` first if needed; once
    /// `maxSeries` label sets exist, a new one is folded into the overflow series.
    /// - Requires: `labels.count == labelCount`.
    @inline(__always)
    mutating func update<Result>(
        _ labels: [String], make: () -> Series, _ body: (inout Series) -> Result
    ) -> Result {
        if labelCount == 0 {
            precondition(labels.isEmpty, "expected no label values, got \(labels.count): \(labels)")
            if unlabeled == nil { unlabeled = make() }
            return body(&unlabeled!)
        }
        // One hash lookup, in place, when the series exists: the common case.
        if let result = series[labels].updateIfPresent(body) { return result }
        precondition(
            labels.count == labelCount, "expected \(labelCount) label values, got \(labels.count): \(labels)")
        let key = series.count < maxSeries ? labels : overflowKey
        return body(&series[key, default: make()])
    }

    /// A copy of every series, in no order: cheap enough to take under the family's lock, where
    /// sorting is not.
    func snapshot() -> [(labels: [String], series: Series)] {
        if let unlabeled { return [(labels: [], series: unlabeled)] }
        return series.map { (labels: $0.key, series: $0.value) }
    }

    /// The series for `labels`, if it exists.
    subscript(labels: [String]) -> Series? {
        labelCount == 0 ? (labels.isEmpty ? unlabeled : nil) : series[labels]
    }

    /// Sorts a ``snapshot()`` by label values, each compared in turn by Unicode scalars.
    static func sorted(_ rows: [(labels: [String], series: Series)]) -> [(labels: [String], series: Series)] {
        rows.sorted { a, b in
            a.labels.lexicographicallyPrecedes(b.labels) { x, y in
                x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
            }
        }
    }
}

extension Optional {
    /// Runs `body` on the wrapped value in place; `nil` (and no call) when there is none.
    @inline(__always)
    fileprivate mutating func updateIfPresent<Result>(_ body: (inout Wrapped) -> Result) -> Result? {
        guard self != nil else { return nil }
        return body(&self!)
    }
}
