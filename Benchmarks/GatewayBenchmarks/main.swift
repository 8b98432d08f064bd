import Foundation
import Gateway

// Serves the HTTP benchmark target for scripts/bench-http.sh:
//
//   GatewayBenchmarks --port N [--loops K]
//
// GET / answers a small fixed JSON body (the same bytes nginx is configured to send), through
// the full server (parser, event loops, handler on the concurrency pool, serializer). Stops on
// SIGTERM or SIGINT.

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback
}
let body = Array(#"{"status":"ok","service":"maestro","version":1}"#.utf8)
let configuration = ServerConfiguration(
    host: "127.0.0.1", port: option("--port", 18090), eventLoops: option("--loops", ServerConfiguration.coreCount))
let server = try HTTPServer(configuration: configuration) { _, _ in
    HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: .bytes(body))
}
try ShutdownSignals.watch { _, _ in server.shutdown() }
FileHandle.standardError.write(Data("GatewayBenchmarks serving on 127.0.0.1:\(server.port)\n".utf8))
await server.run()
