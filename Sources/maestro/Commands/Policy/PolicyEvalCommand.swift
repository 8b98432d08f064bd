import Dispatch
import Foundation
import JSON
import PolicyEngine
import Synchronization

/// `maestro policy eval DIR --request FILE` and `--requests FILE.jsonl`.
enum PolicyEvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        summary: "Decide one request, or stream decisions for a file of requests.",
        discussion: """
            A request is Cedar's JSON request form (`principal`, `action`, `resource`, `context`),
            optionally with its own `entities` (Cedar's JSON entity list), added to (and replacing any with the same uid in) those of
            --entities. With --requests, each line is one request and each output line one decision,
            in order; a line that cannot be read gives `{"line": N, "error": {...}}` and the exit code
            becomes 1. `-` reads standard input.
            """,
        options: [
            .value("request", "FILE", help: "One request (JSON); prints its decision."),
            .value("requests", "FILE", help: "Requests, one JSON object per line; prints one decision per line."),
            .value("entities", "FILE", help: "Entities shared by every request (Cedar JSON entity list)."),
        ],
        positionals: [PositionalSpec(name: "dir", help: "The policy directory.")],
        action: { arguments, console in
            let single = arguments.value("request")
            let batch = arguments.value("requests")
            guard (single == nil) != (batch == nil) else {
                throw UsageError("give exactly one of `--request` and `--requests`")
            }
            let authorizer = Authorizer(policySet: try PolicyDirectory.load(arguments.positional(0)!, console: console))
            let shared = try arguments.value("entities").map { path throws(OperationError) in
                try RequestDecoding.entities(FileInput.json(path), source: path)
            }
            if let single {
                let (request, entities) = try RequestDecoding.request(
                    FileInput.json(single), shared: shared, source: single)
                console.outBytes(authorizer.authorize(request, entities: entities).json.encoded(.pretty) + [0x0A])
                return .success
            }
            return try streamDecisions(from: batch!, authorizer: authorizer, shared: shared)
        }
    )

    /// Lines decided together; big enough to keep every core busy, small enough to stream.
    static let batchLines = 4096

    /// Decides each line of `path` in order, using every core: lines are taken in batches (a
    /// batch ends early whenever more input would have to be waited for, so interactive input
    /// still streams), the batch is split across workers, and outputs are written in input order.
    static func streamDecisions(from path: String, authorizer: Authorizer, shared: Entities?) throws(OperationError)
        -> ExitCode
    {
        let output = OutputBuffer()
        var reader = try LineReader(path: path)
        let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        var lineNumber = 0
        var failed = false
        var batch: [[UInt8]] = []
        while true {
            while batch.count < batchLines, let line = try reader.nextBuffered() { batch.append(Array(line)) }
            if batch.count < batchLines && !reader.isExhausted && batch.isEmpty {
                output.flush()
                try reader.fill()
                continue
            }
            if batch.isEmpty { break }
            let results = decide(
                batch, firstLine: lineNumber + 1, workers: workers, authorizer: authorizer, shared: shared)
            for chunk in results {
                failed = failed || chunk.failed
                for line in chunk.lines { output.append(line) }
            }
            lineNumber += batch.count
            batch.removeAll(keepingCapacity: true)
        }
        output.flush()
        return failed ? .failure : .success
    }

    /// One worker's share of a batch: its output lines, in order.
    struct Chunk: Sendable {
        var lines: [[UInt8]] = []
        var failed = false
    }

    static func decide(
        _ batch: [[UInt8]], firstLine: Int, workers: Int, authorizer: Authorizer, shared: Entities?
    ) -> [Chunk] {
        let count = workers > 1 && batch.count >= 64 ? workers : 1
        let size = (batch.count + count - 1) / count
        let results = Mutex([Chunk](repeating: Chunk(), count: count))
        DispatchQueue.concurrentPerform(iterations: count) { worker in
            var chunk = Chunk()
            let range = min(batch.count, worker * size)..<min(batch.count, (worker + 1) * size)
            for index in range {
                let line = batch[index]
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do {
                    let (request, entities) = try RequestDecoding.request(try JSONValue.parse(line), shared: shared)
                    chunk.lines.append(authorizer.authorize(request, entities: entities).encodedJSON())
                } catch {
                    chunk.failed = true
                    chunk.lines.append(RequestDecoding.errorLine(firstLine + index, error).encoded(.compact))
                }
            }
            results.withLock { $0[worker] = chunk }
        }
        return results.withLock { $0 }
    }
}

/// Requests and entities from JSON, with errors that say where.
enum RequestDecoding {
    static func entities(_ json: JSONValue, source: String) throws(OperationError) -> Entities {
        do {
            return try Entities(json: json)
        } catch {
            throw OperationError("`\(source)`: \(error.code): \(error.message)")
        }
    }

    /// A request and the entities it sees: its own `entities` added to the shared ones.
    static func request(_ json: JSONValue, shared: Entities?) throws(PolicyError) -> (Request, Entities) {
        let request = try Request(json: json)
        guard let own = json["entities"] else { return (request, shared ?? Entities()) }
        let ownEntities = try Entities(json: own)
        guard let shared else { return (request, ownEntities) }
        return (request, Entities(Array(shared.all) + Array(ownEntities.all)))
    }

    /// The same, for a whole file: errors name the file.
    static func request(_ json: JSONValue, shared: Entities?, source: String) throws(OperationError) -> (
        Request, Entities
    ) {
        do {
            return try request(json, shared: shared)
        } catch {
            throw OperationError("`\(source)`: \(error.code): \(error.message)")
        }
    }

    static func errorLine(_ line: Int, _ error: any Error) -> JSONValue {
        let (code, message): (String, String)
        switch error {
        case let error as JSONError: (code, message) = (error.code.rawValue, error.message)
        case let error as PolicyError: (code, message) = (error.code.rawValue, error.message)
        default: (code, message) = ("policy.invalid_request", "\(error)")
        }
        return ["line": .number(JSONNumber(line)), "error": ["code": .string(code), "message": .string(message)]]
    }
}
