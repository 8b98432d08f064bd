/// `maestro token`: mints a bearer token with the server's local key.
enum TokenCommand {
    static let spec = CommandSpec(
        name: "token",
        summary: "Mint a JWT for calling the API with the local server's key.",
        options: [
            .value("sub", "SUBJECT", help: "The principal's id.", required: true),
            .value("tenant", "TENANT", help: "The principal's tenant.", required: true),
            .value("role", "ROLE", help: "viewer, author, publisher, operator, admin or compliance.", required: true),
            .value("clearance", "N", help: "Clearance level 0-4 (default 0)."),
            .value("ttl", "DURATION", help: "Lifetime such as 30m, 8h or 7d (default 8h)."),
            .value("data", "DIR", help: "Data directory holding the key (default ./maestro-data)."),
        ],
        action: { _, _ in
            throw OperationError("token signing is not part of this build yet")
        }
    )
}
