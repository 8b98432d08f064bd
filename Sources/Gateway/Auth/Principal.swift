import JSON

/// Who a verified bearer token speaks for: the principal of policy requests, taken from its claims.
///
/// Claims: `sub` (the id), `tenant` and `role` are required non-empty strings; `clearance` is an
/// optional integer from 0 to 4; `purpose` and `legal_basis` are optional strings.
public struct AuthenticatedPrincipal: Sendable {
    /// The highest clearance level.
    public static let maximumClearance: Int64 = 4

    /// The principal's id, the `sub` claim.
    public let id: String
    /// The tenant the principal acts in, the `tenant` claim.
    public let tenant: String
    /// The principal's role, the `role` claim, such as `author`.
    public let role: String
    /// The clearance level 0–4, the `clearance` claim, if any.
    public let clearance: Int64?
    /// The purpose of processing, the `purpose` claim, if any.
    public let purpose: String?
    /// The legal basis of processing, the `legal_basis` claim, if any.
    public let legalBasis: String?
    /// Every claim of the token, a JSON object.
    public let claims: JSONValue

    /// Reads a principal from a verified token's claims.
    ///
    /// - Parameter claims: The JWT Claims Set, as ``TokenVerifier/verify(_:now:)`` returns it.
    /// - Throws: `gateway.token_claim_invalid` if `claims` is not an object, `sub`, `tenant` or
    ///   `role` is missing or not a non-empty string, `clearance` is not an integer in 0...4, or
    ///   `purpose` or `legal_basis` is present and not a string.
    public init(claims: JSONValue) throws(AuthError) {
        guard let members = claims.objectValue else {
            throw AuthError(
                AuthErrorCode.tokenClaimInvalid, "token claims are a JSON \(claims.typeName), not an object")
        }
        id = try Self.requiredString("sub", in: members)
        tenant = try Self.requiredString("tenant", in: members)
        role = try Self.requiredString("role", in: members)
        purpose = try Self.optionalString("purpose", in: members)
        legalBasis = try Self.optionalString("legal_basis", in: members)
        if let value = members["clearance"] {
            guard let number = value.numberValue, number.isInteger, let level = number.int64Value,
                (0...Self.maximumClearance).contains(level)
            else {
                throw AuthError(
                    AuthErrorCode.tokenClaimInvalid,
                    "token claim `clearance` must be an integer from 0 to \(Self.maximumClearance)")
            }
            clearance = level
        } else {
            clearance = nil
        }
        self.claims = claims
    }

    private static func requiredString(_ name: String, in members: [String: JSONValue]) throws(AuthError) -> String {
        guard let value = members[name] else {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "token has no `\(name)` claim")
        }
        guard let text = value.stringValue, !text.isEmpty else {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "token claim `\(name)` must be a non-empty string")
        }
        return text
    }

    private static func optionalString(_ name: String, in members: [String: JSONValue]) throws(AuthError) -> String? {
        guard let value = members[name] else { return nil }
        guard let text = value.stringValue else {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "token claim `\(name)` must be a string")
        }
        return text
    }
}
