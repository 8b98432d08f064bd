import Foundation
import Gateway

/// `maestro serve`: runs the service.
enum ServeCommand {
    static let spec = CommandSpec(
        name: "serve",
        summary: "Run the Maestro service (embedded storage by default).",
        discussion: """
            With no flags, serves on 127.0.0.1:8080 with its data (token signing key, and later the
            journal and ledger) in ./maestro-data, created on first start, and the policies in
            ./policies. The access log (one JSON line per request) goes to standard output; the
            banner and errors to standard error. SIGTERM or SIGINT drains in-flight requests and
            exits 0.
            """,
        options: [
            .value("host", "HOST", help: "Address to listen on (default 127.0.0.1; env MAESTRO_HOST)."),
            .value("port", "PORT", help: "TCP port to listen on, 0 for any free one (default 8080; env MAESTRO_PORT)."),
            .value("data", "DIR", help: "Data directory (default ./maestro-data; env MAESTRO_DATA)."),
            .value("policies", "DIR", help: "Policy directory (default ./policies; env MAESTRO_POLICIES)."),
            .value("loops", "N", help: "Event-loop threads (default: one per core)."),
            .value("max-connections", "N", help: "Open connections before new ones are refused (default 10000)."),
            .value("max-body-bytes", "N", help: "Largest request body accepted (default 8388608)."),
            .value("header-timeout", "SECONDS", help: "Time to send a request's header section (default 10)."),
            .value("body-timeout", "SECONDS", help: "Time to send a request's body (default 30)."),
            .value("idle-timeout", "SECONDS", help: "Idle time before a kept-alive connection closes (default 60)."),
            .value(
                "write-timeout", "SECONDS", help: "Time a client may stop reading before it is dropped (default 30)."),
            .value("tenant-rate", "N", help: "Requests per second per tenant, sustained (default 100)."),
            .value("tenant-burst", "N", help: "Requests per tenant in a burst (default 200)."),
            .flag("no-access-log", help: "Do not write the JSON access log."),
        ],
        action: { arguments, console in
            let environment = ProcessInfo.processInfo.environment
            func setting(_ name: String, _ variable: String, _ fallback: String) -> String {
                arguments.value(name) ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
            }
            var server = ServerConfiguration()
            server.host = setting("host", "MAESTRO_HOST", "127.0.0.1")
            let portText = setting("port", "MAESTRO_PORT", "8080")
            guard let port = Int(portText), (0...65535).contains(port) else {
                throw UsageError("`--port` must be an integer in 0...65535, not `\(portText)`")
            }
            server.port = port
            server.eventLoops = try arguments.integer("loops", in: 1...64, default: ServerConfiguration.coreCount)
            server.maxConnections = try arguments.integer("max-connections", in: 1...1_000_000, default: 10_000)
            server.limits.maxBodyBytes = try arguments.integer("max-body-bytes", in: 0...(1 << 30), default: 8 << 20)
            server.headerTimeout = .seconds(try arguments.integer("header-timeout", in: 1...3600, default: 10))
            server.bodyTimeout = .seconds(try arguments.integer("body-timeout", in: 1...3600, default: 30))
            server.idleTimeout = .seconds(try arguments.integer("idle-timeout", in: 1...86_400, default: 60))
            server.writeTimeout = .seconds(try arguments.integer("write-timeout", in: 1...3600, default: 30))
            let configuration = GatewayConfiguration(
                server: server, dataDirectory: setting("data", "MAESTRO_DATA", "maestro-data"),
                policyDirectory: setting("policies", "MAESTRO_POLICIES", "policies"),
                tenantBurst: try arguments.integer("tenant-burst", in: 1...1_000_000, default: 200),
                tenantRatePerSecond: Double(try arguments.integer("tenant-rate", in: 1...1_000_000, default: 100)),
                accessLog: !arguments.flag("no-access-log"))
            let gateway: Gateway
            do {
                gateway = try Gateway(configuration: configuration)
            } catch let error as GatewayError {
                throw OperationError(error.message)
            }
            do throws(GatewayError) {
                try ShutdownSignals.watch { _, count in
                    if count == 1 {
                        gateway.shutdown()
                    } else {
                        // A second signal means "now": stop without waiting for the drain.
                        FileHandle.standardError.write(Data("maestro: second signal, stopping now\n".utf8))
                        _exit(1)
                    }
                }
            } catch {
                throw OperationError(error.message)
            }
            let address = "http://\(server.host):\(gateway.port)"
            console.err(
                """
                maestro \(MaestroCommand.version) serving on \(address)
                  data:      \(configuration.dataDirectory)
                  policies:  \(configuration.policyDirectory) (\(gateway.policySet.policies.count) policies, \(gateway.policySet.digest))
                  get a token:  TOKEN=$(maestro token --sub alice --tenant t1 --role author --data \(configuration.dataDirectory))
                  then:         curl -s -H "Authorization: Bearer $TOKEN" \(address)/api/whoami
                """)
            await gateway.run()
            console.err("maestro stopped")
            return .success
        }
    )
}
