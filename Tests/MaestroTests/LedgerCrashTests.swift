import Cryptography
import Foundation
import Ledger
import Synchronization
import TestSupport
import Testing

/// Appends from a real `maestro ledger append` process and SIGKILLs it at random moments, 50
/// times. After every kill the ledger is reopened (recovery runs) and must hold every entry that
/// was acknowledged, byte for byte, and extend every checkpoint seen before any kill.
struct LedgerCrashTests {
    /// What a run of the child acknowledged, and the checkpoints seen while it ran.
    final class Run: @unchecked Sendable {
        // SAFETY: every access holds `lock`.
        private let lock = NSLock()
        private var acknowledged: [(index: UInt64, entry: [UInt8])] = []
        private var written: [[UInt8]] = []

        func wrote(_ entry: [UInt8]) { lock.withLock { written.append(entry) } }

        /// The n-th acknowledgement answers the n-th line written (the sequencer keeps order).
        func acknowledged(index: UInt64) {
            lock.withLock { acknowledged.append((index, written[acknowledged.count])) }
        }

        var results: [(index: UInt64, entry: [UInt8])] { lock.withLock { acknowledged } }
    }

    @Test(.timeLimit(.minutes(5)))
    func survivesFiftyKillsWithoutLosingAnAcknowledgedEntry() async throws {
        BrokenPipes.ignore
        let directory = try TemporaryDirectory()
        let data = directory.path("data")
        var acknowledged: [UInt64: [UInt8]] = [:]
        var checkpoints: [String] = []
        var delays: [Int] = []
        for round in 0..<50 {
            let child = try ChildProcess(
                executable: MaestroBinary.url.path, arguments: ["ledger", "append", "--data", data, "--file", "-"],
                environment: ProcessInfo.processInfo.environment)
            let run = Run()
            // Feed lines until the pipe breaks; read acknowledgements until EOF. Both block, so
            // both run on Dispatch threads.
            DispatchQueue.global().async {
                var n = 0
                while true {
                    let entry = Array(#"{"round":\#(round),"n":\#(n)}"#.utf8)
                    run.wrote(entry)
                    guard (try? child.write(entry + [0x0A])) != nil else { return }
                    n += 1
                    if n % 16 == 0 { usleep(1000) }
                }
            }
            let reading = Task.detached {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().async {
                        var line: [UInt8] = []
                        var buffer = [UInt8](repeating: 0, count: 4096)
                        while true {
                            let count = buffer.withUnsafeMutableBytes { read(child.stdoutFD, $0.baseAddress, $0.count) }
                            if count < 0 && errno == EINTR { continue }
                            guard count > 0 else { break }
                            for byte in buffer[0..<count] {
                                if byte == 0x0A {
                                    let text = String(decoding: line, as: UTF8.self)
                                    if let match = text.firstMatch(of: /^\{"index":(\d+),/),
                                        let index = UInt64(match.output.1)
                                    {
                                        run.acknowledged(index: index)
                                    }
                                    line.removeAll()
                                } else {
                                    line.append(byte)
                                }
                            }
                        }
                        continuation.resume()
                    }
                }
            }
            // Kill at a random moment after appends are flowing (a loaded machine can take a
            // while to start the child), so every round kills mid-stream.
            let flowing = ContinuousClock.now + .seconds(30)
            while run.results.isEmpty && ContinuousClock.now < flowing { try await Task.sleep(for: .milliseconds(5)) }
            let delay = Int.random(in: 0...200)
            delays.append(delay)
            try await Task.sleep(for: .milliseconds(delay))
            if let note = FileManager.default.contents(atPath: data + "/ledger/checkpoint") {
                checkpoints.append(String(decoding: note, as: UTF8.self))
            }
            child.signal(SIGKILL)
            #expect(await child.exitStatus(within: .seconds(30)) == 128 + SIGKILL)
            await reading.value
            let fresh = run.results
            for (index, entry) in fresh {
                #expect(acknowledged.updateValue(entry, forKey: index) == nil, "index \(index) acknowledged twice")
            }

            // Restart: opening the ledger recovers it; then check it as an auditor would.
            let ledger = try FileLedger(configuration: LedgerConfiguration(dataDirectory: data))
            ledger.close()
            let verifier = try LedgerKey.readVerifierKey(LedgerKey.verifierKeyPath(dataDirectory: data))
            // The full audit (every tile recomputed) against the checkpoint seen last; every earlier
            // one is proved a prefix with a consistency proof from the tiles.
            _ = try LedgerAudit.verify(directory: data + "/ledger", verifier: verifier, sinceNote: checkpoints.last)
            let reader = try TiledLogReader(directory: data + "/ledger", verifier: verifier)
            for note in checkpoints.dropLast() {
                let old = try Checkpoint.open(note: note, verifier: verifier)
                guard old.treeSize > 0 else { continue }
                try reader.consistencyProof(oldSize: old.treeSize).verify(
                    oldRoot: old.rootHash, rootHash: reader.checkpoint.rootHash)
            }
            // This round's acknowledged entries; earlier ones are fixed by the consistency proofs
            // above and are all read again at the end.
            for (index, entry) in fresh where try reader.entry(at: index) != entry {
                Issue.record("round \(round) (delays \(delays) ms): acknowledged entry \(index) is not in the ledger")
            }
        }
        let verifier = try LedgerKey.readVerifierKey(LedgerKey.verifierKeyPath(dataDirectory: data))
        let reader = try TiledLogReader(directory: data + "/ledger", verifier: verifier)
        for (index, entry) in acknowledged where try reader.entry(at: index) != entry {
            Issue.record("acknowledged entry \(index) is not in the ledger")
        }
        #expect(acknowledged.count > 100, "too few appends were acknowledged to exercise anything")
        print("ledger crash test: \(acknowledged.count) acknowledged entries over 50 kills")
        // The same check through the binary, against the first and the last checkpoint seen.
        for note in [checkpoints.first!, checkpoints.last!] {
            let since = try directory.write("since.checkpoint", note)
            let result = try await MaestroBinary.run(["ledger", "verify", "--data", data, "--since", since])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(#""verified":true"#))
        }
    }
}
