import Foundation

// Ledger benchmarks (docs/benchmarks.md, scripts/bench-ledger.sh). One JSON line per case:
//   limits       fdatasync, 256 records per sync, the checkpoint's durable replace, SHA-256 of a
//                tree node, Ed25519 signing: what the other cases are compared with
//   leafHashing  leaves hashed per second into an InMemoryTree, one thread
//   appends      durable appends/s and latency with 1, 16 and 256 concurrent appenders
//   proofs       inclusion-proof generation and verification at 1M entries
//
//   swift run -c release LedgerBenchmarks [--only limits,leafHashing,appends,proofs]
//       [--seconds 5] [--concurrency 1,16,256] [--entry-bytes 150] [--leaves 1000000]
//       [--entries 1000000] [--proofs 10000] [--data /tmp] [--plain-append]
//
// Ledgers go in fresh directories under `--data` (default /tmp), removed afterwards.
// `--plain-append` calls `FileLedger.append` itself instead of the same continuation around
// `submit` that notes batch sizes (to check the noting costs nothing measurable).

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
func integers(_ name: String, _ fallback: [Int]) -> [Int] {
    option(name).map { $0.split(separator: ",").map { Int($0)! } } ?? fallback
}

let cases = Set(option("--only").map { $0.split(separator: ",").map(String.init) } ?? [])
func runs(_ name: String) -> Bool { cases.isEmpty || cases.contains(name) }
let base = option("--data") ?? "/tmp"
let entryBytes = integers("--entry-bytes", [150])[0]

if runs("limits") {
    measureLimits(base: base)
}
if runs("leafHashing") {
    measureLeafHashing(count: integers("--leaves", [1_000_000])[0], entryBytes: 100, passes: 3)
}
if runs("appends") {
    await measureAppends(
        base: base, concurrencies: integers("--concurrency", [1, 16, 256]),
        duration: option("--seconds").flatMap(Double.init) ?? 5, entryBytes: entryBytes,
        observesBatches: !arguments.contains("--plain-append"))
}
if runs("proofs") {
    measureProofs(
        base: base, count: integers("--entries", [1_000_000])[0], entryBytes: entryBytes,
        proofs: integers("--proofs", [10_000])[0])
}
