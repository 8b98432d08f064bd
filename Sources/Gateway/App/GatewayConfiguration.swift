/// How the gateway is set up: the server, where its data and policies live, and the limits it
/// applies to clients. Built by `maestro serve` from flags and environment variables.
public struct GatewayConfiguration: Sendable {
    public var server: ServerConfiguration
    /// Holds the token signing key, the ledger, and (embedded store) the journal.
    public var dataDirectory: String
    /// The policy set (`*.cedar`, loaded recursively).
    public var policyDirectory: String
    /// Requests per tenant: bucket size and refill per second.
    public var tenantBurst: Int
    public var tenantRatePerSecond: Double
    /// Clock skew tolerated on token `exp`/`nbf`, in seconds.
    public var tokenLeeway: Int64
    /// Whether to write the JSON access log to standard output.
    public var accessLog: Bool

    public init(
        server: ServerConfiguration = ServerConfiguration(), dataDirectory: String = "maestro-data",
        policyDirectory: String = "policies", tenantBurst: Int = 200, tenantRatePerSecond: Double = 100,
        tokenLeeway: Int64 = 60, accessLog: Bool = true
    ) {
        self.server = server
        self.dataDirectory = dataDirectory
        self.policyDirectory = policyDirectory
        self.tenantBurst = tenantBurst
        self.tenantRatePerSecond = tenantRatePerSecond
        self.tokenLeeway = tokenLeeway
        self.accessLog = accessLog
    }
}
