import Cryptography
import Foundation
import Gateway
import JSON

/// `maestro token`: mints a bearer token with the server's local key.
enum TokenCommand {
    static let spec = CommandSpec(
        name: "token",
        summary: "Mint a JWT for calling the API with the local server's key.",
        discussion: """
            Signs with the Ed25519 key in DIR/keys/token-signing.pem, creating it (mode 0600) if it
            does not exist yet; `maestro serve` with the same data directory accepts the token. The
            token alone goes to standard output, and when it expires to standard error.
            """,
        options: [
            .value("sub", "SUBJECT", help: "The principal's id.", required: true),
            .value("tenant", "TENANT", help: "The principal's tenant.", required: true),
            .value("role", "ROLE", help: "viewer, author, publisher, operator, admin or compliance.", required: true),
            .value("clearance", "N", help: "Clearance level 0-4 (default 0)."),
            .value("purpose", "PURPOSE", help: "The purpose of processing, such as `care`."),
            .value("legal-basis", "BASIS", help: "The legal basis of processing, such as `consent`."),
            .value("ttl", "DURATION", help: "Lifetime such as 90s, 30m, 8h or 7d, at most 30d (default 8h)."),
            .value("data", "DIR", help: "Data directory holding the key (default ./maestro-data; env MAESTRO_DATA)."),
        ],
        action: { arguments, console in
            var claims: [String: JSONValue] = [
                "sub": .string(try nonEmpty("sub", arguments)),
                "tenant": .string(try nonEmpty("tenant", arguments)),
                "role": .string(try role(arguments.value("role")!)),
                "clearance": .number(JSONNumber(try arguments.integer("clearance", in: 0...4, default: 0))),
            ]
            if let purpose = arguments.value("purpose") { claims["purpose"] = .string(purpose) }
            if let legalBasis = arguments.value("legal-basis") { claims["legal_basis"] = .string(legalBasis) }
            let lifetime = try arguments.value("ttl").map(parseDuration) ?? defaultLifetime
            let dataDirectory =
                arguments.value("data")
                ?? ProcessInfo.processInfo.environment["MAESTRO_DATA"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "./maestro-data"

            let now = Int64(Date().timeIntervalSince1970)
            let token: String
            do {
                let (key, kid) = try LocalTokenKey.loadOrCreate(dataDirectory: dataDirectory)
                let issuer = TokenIssuer(
                    key: key, kid: kid, issuer: LocalTokenKey.issuer, audience: LocalTokenKey.audience)
                token = try issuer.issue(claims: claims, now: now, lifetime: lifetime)
            } catch let error as AuthError {
                throw OperationError(error.message)
            } catch let error as CryptographyError {
                throw OperationError(error.message)
            }
            console.out(token)
            let expiry = Date(timeIntervalSince1970: TimeInterval(now + lifetime))
            console.err("token expires at \(ISO8601DateFormatter().string(from: expiry)) (in \(describe(lifetime)))")
            return .success
        }
    )

    /// The roles a token may carry.
    static let roles = ["viewer", "author", "publisher", "operator", "admin", "compliance"]
    /// The lifetime when `--ttl` is not given: 8 hours.
    static let defaultLifetime: Int64 = 8 * 3600
    /// The longest lifetime `--ttl` accepts: 30 days.
    static let maximumLifetime: Int64 = 30 * 86400

    /// The value of a required option that must not be empty.
    static func nonEmpty(_ name: String, _ arguments: ParsedArguments) throws(UsageError) -> String {
        guard let value = arguments.value(name), !value.isEmpty else {
            throw UsageError("option `--\(name)` must not be empty")
        }
        return value
    }

    /// `text` when it names a role.
    static func role(_ text: String) throws(UsageError) -> String {
        guard roles.contains(text) else {
            throw UsageError("option `--role` must be one of \(roles.joined(separator: ", ")), not `\(text)`")
        }
        return text
    }

    /// Seconds in a duration such as `90s`, `30m`, `8h` or `7d`: a positive integer and one unit,
    /// at most ``maximumLifetime``.
    static func parseDuration(_ text: String) throws(UsageError) -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        let invalid = UsageError(
            "option `--ttl` must be a positive whole number of s, m, h or d, at most 30d, such as `8h`, not `\(text)`")
        guard let unit = text.last.flatMap({ units[$0] }) else { throw invalid }
        let digits = text.dropLast()
        let isDecimal = !digits.isEmpty && digits.count <= 9 && digits.allSatisfy { ("0"..."9").contains($0) }
        guard isDecimal, let count = Int64(digits), count > 0, count * unit <= maximumLifetime else { throw invalid }
        return count * unit
    }

    /// A lifetime in the largest unit that divides it, such as `8h`.
    static func describe(_ seconds: Int64) -> String {
        for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
