import Foundation
import Ledger
import Synchronization

/// The sizes of the batches the sequencer commits, seen from the `done` callbacks: they run on
/// the sequencer thread after the batch's checkpoint is published and before the next batch
/// starts, so the first callback of a batch reads that batch's end in the latest checkpoint.
/// One lock and one compare per append; one checkpoint read per batch.
final class BatchLog: Sendable {
    private struct State {
        var end: UInt64
        var sizes: [Int] = []
    }

    private let state: Mutex<State>

    init(treeSize: UInt64) { state = Mutex(State(end: treeSize)) }

    func observe(leafIndex: UInt64, ledger: FileLedger) {
        state.withLock { state in
            guard leafIndex >= state.end else { return }
            let end = ledger.checkpoint.checkpoint.treeSize
            state.sizes.append(Int(end - state.end))
            state.end = end
        }
    }

    var sizes: [Int] { state.withLock { $0.sizes } }
}

extension FileLedger {
    /// ``append(_:idempotencyKey:)`` as the library writes it (a continuation around `submit`),
    /// with the batch noted from the callback.
    func append(_ entry: [UInt8], noting log: BatchLog) async throws(LedgerError) -> Appended {
        let result = await withCheckedContinuation { continuation in
            submit(entry) { [self] result in
                if case .success(let appended) = result { log.observe(leafIndex: appended.leafIndex, ledger: self) }
                continuation.resume(returning: result)
            }
        }
        return try result.get()
    }
}

struct AppendRun {
    var appends: Int
    var seconds: Double
    var latencies: Samples
}

/// `concurrency` tasks, each appending in a loop until `duration` has passed; every append is
/// timed from the call to the return of its `await`.
func runAppenders(
    ledger: FileLedger, log: BatchLog?, concurrency: Int, duration: Double, entries: [[UInt8]]
) async -> AppendRun {
    let start = nanoseconds()
    let deadline = start + UInt64(duration * 1e9)
    let latencies = await withTaskGroup(of: [UInt64].self) { group in
        for task in 0..<concurrency {
            group.addTask {
                var latencies: [UInt64] = []
                latencies.reserveCapacity(1 << 16)
                var next = task
                while nanoseconds() < deadline {
                    let entry = entries[next % entries.count]
                    next += concurrency
                    let begin = nanoseconds()
                    do {
                        if let log {
                            _ = try await ledger.append(entry, noting: log)
                        } else {
                            _ = try await ledger.append(entry)
                        }
                    } catch {
                        fatalError("append failed: \(error)")
                    }
                    latencies.append(nanoseconds() - begin)
                }
                return latencies
            }
        }
        var all: [UInt64] = []
        for await some in group { all += some }
        return all
    }
    return AppendRun(appends: latencies.count, seconds: seconds(since: start), latencies: Samples(latencies))
}

/// Durable appends/s and latency at each concurrency, each in a fresh ledger under `base`.
/// Top-level code calls this on the main thread, which may block on `close()`.
func measureAppends(
    base: String, concurrencies: [Int], duration: Double, entryBytes: Int, observesBatches: Bool
) async {
    let entries = (0..<4096).map { makeEntry($0, bytes: entryBytes) }
    for concurrency in concurrencies {
        let probe = probeDisk(under: base)
        let directory = makeTemporaryDirectory(under: base)
        defer { removeDirectory(directory) }
        let ledger = try! FileLedger(configuration: LedgerConfiguration(dataDirectory: directory))
        let log = observesBatches ? BatchLog(treeSize: ledger.checkpoint.checkpoint.treeSize) : nil
        let run = await runAppenders(
            ledger: ledger, log: log, concurrency: concurrency, duration: duration, entries: entries)
        ledger.close()
        var fields: [(String, Field)] = [
            ("concurrency", .int(concurrency)), ("entry_bytes", .int(entryBytes)),
            ("api", .string(observesBatches ? "submit_noting_batches" : "append")),
            ("seconds", .number(run.seconds, digits: 2)), ("appends", .int(run.appends)),
            ("appends_per_second", .number(Double(run.appends) / run.seconds, digits: 0)),
            ("p50_ms", ms(run.latencies.median)), ("p99_ms", ms(run.latencies.p99)),
            ("max_ms", ms(run.latencies.max)), ("mean_ms", ms(run.latencies.mean)),
            ("probe_fdatasync_us", us(probe.fdatasyncNanoseconds)), ("probe_create_us", us(probe.createNanoseconds)),
        ]
        if let sizes = log?.sizes, !sizes.isEmpty {
            let batches = Samples(sizes.map(UInt64.init))
            fields += [
                ("batches", .int(sizes.count)),
                ("batches_per_second", .number(Double(sizes.count) / run.seconds, digits: 0)),
                ("mean_batch", .number(Double(run.appends) / Double(sizes.count), digits: 1)),
                ("median_batch", .int(Int(batches.median))), ("max_batch", .int(Int(batches.max))),
                ("batch_us", .number(run.seconds * 1e6 / Double(sizes.count), digits: 1)),
            ]
        }
        report("appends", fields)
    }
}
