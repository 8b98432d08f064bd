import Foundation
import JSON
import Ledger
import Synchronization

/// `maestro ledger append`: one entry per input line, each acknowledged as soon as it is durable.
enum LedgerAppendCommand {
    static let spec = CommandSpec(
        name: "append", summary: "Append each line of a file as one entry.",
        discussion: """
            Each line's exact bytes, without the newline, are one entry (at most 65,535 bytes).
            For each line, in order, prints {"index", "leafHash"} as soon as that entry is durable
            and in a signed checkpoint, or {"line", "error": {"code", "message"}} if it was refused
            (the command then exits 1). Creates the ledger and its key on first use. Fails at once
            if a running server holds the ledger.
            """,
        options: LedgerLocation.options + [
            .value("file", "ENTRIES", help: "The entries, one per line; `-` reads standard input.", required: true),
            .value("origin", "NAME", help: "The origin of a new ledger (default maestro.local/ledger)."),
        ],
        action: { arguments, console in
            let location = try LedgerLocation(arguments)
            var reader = try LineReader(path: arguments.value("file")!)
            reader.dropsCarriageReturn = false
            let ledger = try LedgerLocation.run { () throws(LedgerError) in
                try FileLedger(
                    configuration: LedgerConfiguration(
                        directory: location.directory,
                        keyFile: LedgerKey.signingKeyPath(dataDirectory: location.dataDirectory),
                        vkeyFile: location.vkeyFile, origin: arguments.value("origin") ?? "maestro.local/ledger"))
            }
            let refused = Atomic<Int>(0)
            // The sequencer acknowledges in submission order, so printing from its callbacks keeps
            // the output in input order; bounded in flight so a huge file streams.
            let inFlight = DispatchSemaphore(value: 4096)
            var line = 0
            while let bytes = try reader.next() {
                line += 1
                let number = line
                inFlight.wait()
                ledger.submit(Array(bytes)) { result in
                    switch result {
                    case .success(let appended):
                        console.out(
                            #"{"index":\#(appended.leafIndex),"leafHash":"\#(appended.leafHash.hex)"}"#)
                    case .failure(let error):
                        refused.add(1, ordering: .relaxed)
                        let report: JSONValue = .object([
                            "line": .number(JSONNumber(number)),
                            "error": .object(["code": .string(error.code.rawValue), "message": .string(error.message)]),
                        ])
                        console.out(report.encodedString(.compact))
                    }
                    inFlight.signal()
                }
            }
            ledger.close()
            return refused.load(ordering: .relaxed) == 0 ? .success : .failure
        })
}
