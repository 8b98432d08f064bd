import JSON
import PolicyEngine

/// `maestro policy eval DIR --request FILE` and `--requests FILE.jsonl`.
enum PolicyEvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        summary: "Decide one request, or stream decisions for a file of requests.",
        discussion: """
            A request is Cedar's JSON request form (`principal`, `action`, `resource`, `context`),
            optionally with its own `entities` (Cedar's JSON entity list), added to those of
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

    static func streamDecisions(from path: String, authorizer: Authorizer, shared: Entities?) throws(OperationError)
        -> ExitCode
    {
        let output = OutputBuffer()
        var reader = try LineReader(path: path)
        reader.willRead = { output.flush() }
        var lineNumber = 0
        var failed = false
        while let line = try reader.next() {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                let json = try JSONValue.parse(line)
                let (request, entities) = try RequestDecoding.request(json, shared: shared)
                output.append(authorizer.authorize(request, entities: entities).json.encoded(.compact))
            } catch {
                failed = true
                output.append(RequestDecoding.errorLine(lineNumber, error).encoded(.compact))
            }
        }
        output.flush()
        return failed ? .failure : .success
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
