/// `maestro serve`: runs the service.
enum ServeCommand {
    static let spec = CommandSpec(
        name: "serve",
        summary: "Run the Maestro service (embedded storage by default).",
        discussion: """
            With no flags, serves on 127.0.0.1:8080 with its data (journal, ledger tiles, signing key)
            in ./maestro-data, created on first start.
            """,
        options: [
            .value("host", "HOST", help: "Address to listen on (default 127.0.0.1; env MAESTRO_HOST)."),
            .value("port", "PORT", help: "TCP port to listen on (default 8080; env MAESTRO_PORT)."),
            .value("data", "DIR", help: "Data directory (default ./maestro-data; env MAESTRO_DATA)."),
        ],
        action: { arguments, _ in
            _ = try arguments.integer("port", in: 0...65535, default: 8080)
            throw OperationError("the HTTP gateway is not part of this build yet")
        }
    )
}
