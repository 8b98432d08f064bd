import Cryptography
import Foundation
import JSON
import Ledger

/// Where a `maestro ledger` command finds the ledger and its keys: `--data DIR` (default
/// `./maestro-data`, env `MAESTRO_DATA`), or a ledger directory `--ledger DIR` with `--vkey FILE`.
struct LedgerLocation {
    static let options: [OptionSpec] = [
        .value("data", "DIR", help: "Data directory (default ./maestro-data; env MAESTRO_DATA)."),
        .value("ledger", "DIR", help: "A ledger directory, or a copy of one (default DATA/ledger)."),
        .value("vkey", "FILE", help: "The ledger's verifier key (default DATA/keys/ledger.vkey)."),
    ]

    var dataDirectory: String
    var directory: String
    var vkeyFile: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        dataDirectory =
            arguments.value("data")
            ?? ProcessInfo.processInfo.environment["MAESTRO_DATA"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "./maestro-data"
        directory = arguments.value("ledger") ?? dataDirectory + "/ledger"
        if let vkey = arguments.value("vkey") {
            vkeyFile = vkey
        } else if arguments.value("ledger") != nil && arguments.value("data") == nil {
            throw UsageError("`--ledger DIR` needs `--vkey FILE`: the key that must have signed its checkpoint")
        } else {
            vkeyFile = LedgerKey.verifierKeyPath(dataDirectory: dataDirectory)
        }
    }

    /// The verifier key, read from its file.
    func verifier() throws(OperationError) -> NoteVerifier {
        try Self.run { () throws(LedgerError) in try LedgerKey.readVerifierKey(vkeyFile) }
    }

    /// A reader over the ledger directory, its checkpoint verified.
    func reader() throws(OperationError) -> TiledLogReader {
        let verifier = try verifier()
        return try Self.run { () throws(LedgerError) in try TiledLogReader(directory: directory, verifier: verifier) }
    }

    /// Runs ledger code, turning its error into a message that names the stable code.
    static func run<T>(_ body: () throws(LedgerError) -> T) throws(OperationError) -> T {
        do {
            return try body()
        } catch {
            throw OperationError("\(error.code): \(error.message)")
        }
    }

    /// A JSON array of hex hashes.
    static func hexList(_ hashes: [SHA256Digest]) -> JSONValue {
        .array(hashes.map { .string($0.hex) })
    }
}
