import JSON
import Testing

@testable import Gateway

struct AuthenticatedPrincipalTests {
    static let minimal: [String: JSONValue] = ["sub": "alice", "tenant": "t1", "role": "author"]

    static func claims(_ changes: [String: JSONValue?]) -> JSONValue {
        var members = minimal
        for (name, value) in changes { members[name] = value }
        return .object(members)
    }

    @Test func readsTheRequiredAndOptionalClaims() throws {
        let claims = Self.claims([
            "clearance": 4, "purpose": "care", "legal_basis": "consent", "exp": 5, "extra": ["x": 1],
        ])
        let principal = try AuthenticatedPrincipal(claims: claims)
        #expect(principal.id == "alice")
        #expect(principal.tenant == "t1")
        #expect(principal.role == "author")
        #expect(principal.clearance == 4)
        #expect(principal.purpose == "care")
        #expect(principal.legalBasis == "consent")
        #expect(principal.claims == claims)

        let bare = try AuthenticatedPrincipal(claims: .object(Self.minimal))
        #expect(bare.clearance == nil)
        #expect(bare.purpose == nil)
        #expect(bare.legalBasis == nil)
    }

    @Test(arguments: [
        "sub missing", "sub number", "sub empty", "tenant missing", "tenant null", "role missing", "role array",
        "clearance 5", "clearance -1", "clearance string", "clearance fraction", "purpose number", "legal_basis bool",
    ])
    func rejectsInvalidClaims(change: String) {
        let changes: [String: [String: JSONValue?]] = [
            "sub missing": ["sub": nil], "sub number": ["sub": 1], "sub empty": ["sub": ""],
            "tenant missing": ["tenant": nil], "tenant null": ["tenant": .null], "role missing": ["role": nil],
            "role array": ["role": ["admin"]], "clearance 5": ["clearance": 5], "clearance -1": ["clearance": -1],
            "clearance string": ["clearance": "2"], "clearance fraction": ["clearance": 1.5],
            "purpose number": ["purpose": 1], "legal_basis bool": ["legal_basis": false],
        ]
        #expect(throws: AuthError(AuthErrorCode.tokenClaimInvalid, "")) {
            try AuthenticatedPrincipal(claims: Self.claims(changes[change]!))
        }
    }

    @Test func rejectsClaimsThatAreNotAnObject() {
        #expect(throws: AuthError(AuthErrorCode.tokenClaimInvalid, "")) { try AuthenticatedPrincipal(claims: ["a"]) }
    }
}
