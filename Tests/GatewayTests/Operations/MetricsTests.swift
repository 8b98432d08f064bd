import Testing

@testable import Gateway

struct MetricsTests {
    @Test func rendersACounterWithHelpTypeAndSortedSeries() {
        let registry = MetricsRegistry()
        let counter = registry.counter("app_requests_total", help: "Requests served.", labels: ["method", "code"])
        counter.increment(["POST", "201"])
        counter.increment(["GET", "200"], by: 2)
        counter.increment(["GET", "200"])
        counter.increment(["GET", "404"], by: 0.5)
        #expect(
            registry.render() == """
                # HELP app_requests_total Requests served.
                # TYPE app_requests_total counter
                app_requests_total{method="GET",code="200"} 3
                app_requests_total{method="GET",code="404"} 0.5
                app_requests_total{method="POST",code="201"} 1

                """)
    }

    @Test func exposesAnUnlabelledFamilyAtZeroBeforeAnyObservation() {
        let registry = MetricsRegistry()
        _ = registry.counter("b_total", help: "B.")
        _ = registry.gauge("a_open", help: "A.")
        _ = registry.counter("c_total", help: "C.", labels: ["x"])
        #expect(
            registry.render() == """
                # HELP a_open A.
                # TYPE a_open gauge
                a_open 0
                # HELP b_total B.
                # TYPE b_total counter
                b_total 0
                # HELP c_total C.
                # TYPE c_total counter

                """)
    }

    @Test func escapesLabelValuesAndHelpText() {
        let registry = MetricsRegistry()
        let counter = registry.counter("escapes_total", help: "Back\\slash and\nnewline \"kept\".", labels: ["v"])
        counter.increment(["a\\b\"c\nd"])
        counter.increment(["plain é"])
        #expect(
            registry.render() == """
                # HELP escapes_total Back\\\\slash and\\nnewline "kept".
                # TYPE escapes_total counter
                escapes_total{v="a\\\\b\\"c\\nd"} 1
                escapes_total{v="plain é"} 1

                """)
    }

    @Test func rendersAGaugeThatGoesUpAndDown() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("queue_depth", help: "Items waiting.", labels: ["queue"])
        gauge.increment(["a"], by: 5)
        gauge.decrement(["a"], by: 2)
        gauge.set(["b"], -1.25)
        let open = registry.gauge("open", help: "Open.")
        open.set(7)
        open.decrement()
        #expect(
            registry.render() == """
                # HELP open Open.
                # TYPE open gauge
                open 6
                # HELP queue_depth Items waiting.
                # TYPE queue_depth gauge
                queue_depth{queue="a"} 3
                queue_depth{queue="b"} -1.25

                """)
    }

    @Test func rendersHistogramBucketsCumulativeWithInfSumAndCount() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("op_seconds", help: "Op time.", labels: ["op"], buckets: [0.125, 0.5, 1])
        for value in [0.0625, 0.125, 0.25, 0.75, 3] { histogram.observe(["read"], value) }
        histogram.observe(["write"], 0.5)
        #expect(
            registry.render() == """
                # HELP op_seconds Op time.
                # TYPE op_seconds histogram
                op_seconds_bucket{op="read",le="0.125"} 2
                op_seconds_bucket{op="read",le="0.5"} 3
                op_seconds_bucket{op="read",le="1"} 4
                op_seconds_bucket{op="read",le="+Inf"} 5
                op_seconds_sum{op="read"} 4.1875
                op_seconds_count{op="read"} 5
                op_seconds_bucket{op="write",le="0.125"} 0
                op_seconds_bucket{op="write",le="0.5"} 1
                op_seconds_bucket{op="write",le="1"} 1
                op_seconds_bucket{op="write",le="+Inf"} 1
                op_seconds_sum{op="write"} 0.5
                op_seconds_count{op="write"} 1

                """)
    }

    @Test func rendersAnUnlabelledHistogramWithTheDefaultLatencyBuckets() throws {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("latency_seconds", help: "Latency.")
        histogram.observe(0.003)
        let lines = registry.render().split(separator: "\n")
        #expect(lines.count == 2 + MetricsRegistry.latencyBuckets.count + 1 + 2)
        #expect(lines[2] == #"latency_seconds_bucket{le="0.0005"} 0"#)
        #expect(lines[5] == #"latency_seconds_bucket{le="0.005"} 1"#)
        #expect(lines[15] == #"latency_seconds_bucket{le="10"} 1"#)
        #expect(lines[16] == #"latency_seconds_bucket{le="+Inf"} 1"#)
        #expect(lines[17] == "latency_seconds_sum 0.003")
        #expect(lines[18] == "latency_seconds_count 1")
        #expect(MetricsRegistry.latencyBuckets.first == 0.0005 && MetricsRegistry.latencyBuckets.last == 10)
    }

    @Test func foldsLabelSetsBeyondTheLimitIntoOneOtherSeries() {
        let registry = MetricsRegistry(maxSeries: 3)
        let counter = registry.counter("paths_total", help: "Paths.", labels: ["path", "method"])
        for path in ["/a", "/b", "/c", "/d", "/e"] { counter.increment([path, "GET"]) }
        counter.increment(["/a", "GET"])
        counter.increment(["/f", "PUT"], by: 4)
        #expect(
            registry.render() == """
                # HELP paths_total Paths.
                # TYPE paths_total counter
                paths_total{path="/a",method="GET"} 2
                paths_total{path="/b",method="GET"} 1
                paths_total{path="/c",method="GET"} 1
                paths_total{path="other",method="other"} 6

                """)
    }

    @Test func keepsAThousandSeriesByDefault() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("ids_seconds", help: "Per id.", labels: ["id"], buckets: [1])
        for id in 0..<1_500 { histogram.observe([String(id)], 0.5) }
        let counts = registry.render().split(separator: "\n").filter { $0.hasPrefix("ids_seconds_count") }
        #expect(counts.count == MetricsRegistry.seriesLimit + 1)
        #expect(counts.contains(#"ids_seconds_count{id="other"} 500"#))
        #expect(histogram.series(["other"])?.counts == [500, 0])
    }

    @Test func sumsIncrementsFromManyConcurrentTasksExactly() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("hits_total", help: "Hits.", labels: ["shard"])
        let histogram = registry.histogram("work_seconds", help: "Work.", buckets: [0.5])
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<32 {
                group.addTask {
                    for _ in 0..<1_000 {
                        counter.increment([String(task % 4)])
                        histogram.observe(0.25)
                    }
                }
            }
        }
        #expect((0..<4).map { counter.value([String($0)]) } == [8_000, 8_000, 8_000, 8_000])
        #expect(histogram.series()?.count == 32_000)
        #expect(histogram.series()?.sum == 8_000)
    }

    @Test func returnsTheExistingFamilyWhenANameIsRegisteredAgain() {
        let registry = MetricsRegistry()
        let first = registry.counter("again_total", help: "Once.", labels: ["x"])
        let second = registry.counter("again_total", help: "Twice.", labels: ["x"])
        #expect(first === second)
        second.increment(["y"])
        #expect(first.value(["y"]) == 1)
        let histogram = registry.histogram("again_seconds", help: "H.", buckets: [1, 2, .infinity])
        #expect(registry.histogram("again_seconds", help: "H.", buckets: [1, 2]) === histogram)
        #expect(histogram.buckets == [1, 2])
    }

    @Test func trapsWhenANameIsRegisteredAgainAsAnotherType() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("clash", help: "A counter.")
            _ = registry.gauge("clash", help: "A gauge.")
        }
    }

    @Test func trapsWhenAHistogramsSampleNamesAreTaken() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("latency_count", help: "A counter.")
            _ = registry.histogram("latency", help: "A histogram.")
        }
    }

    @Test func trapsOnTheWrongNumberOfLabelValues() async {
        await #expect(processExitsWith: .failure) {
            MetricsRegistry().counter("arity_total", help: "A.", labels: ["a", "b"]).increment(["only"])
        }
    }

    @Test func validatesMetricAndLabelNames() {
        for name in ["a", "_a", ":a", "a_b:c9", "http_requests_total"] {
            #expect(MetricsExposition.isValidMetricName(name), "\(name)")
        }
        for name in ["", "9a", "a-b", "a b", "é", "a.b"] {
            #expect(!MetricsExposition.isValidMetricName(name), "\(name)")
        }
        for name in ["a", "_a", "route", "a9"] {
            #expect(MetricsExposition.isValidLabelName(name), "\(name)")
        }
        for name in ["", "9a", "a:b", "__reserved", "a-b"] {
            #expect(!MetricsExposition.isValidLabelName(name), "\(name)")
        }
    }

    @Test func formatsSampleValuesAsPrometheusReadsThem() {
        #expect(MetricsExposition.format(0) == "0")
        #expect(MetricsExposition.format(42) == "42")
        #expect(MetricsExposition.format(-3) == "-3")
        #expect(MetricsExposition.format(0.0005) == "0.0005")
        #expect(MetricsExposition.format(2.5) == "2.5")
        #expect(MetricsExposition.format(.infinity) == "+Inf")
        #expect(MetricsExposition.format(-.infinity) == "-Inf")
        #expect(MetricsExposition.format(.nan) == "NaN")
        #expect(Double(MetricsExposition.format(1e20)) == 1e20)
    }
}
