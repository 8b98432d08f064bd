import Foundation
import JSON
import PolicyEngine
import TestSupport
import Testing

@testable import Gateway

/// The gate with the product's own policies: allows what the roles allow, and a denial tells the
/// client which policy, which code, why and how to appeal.
struct PolicyGateTests {
    static let gate: PolicyGate = {
        let policies = Vectors.packageRoot.appendingPathComponent("policies").path
        return PolicyGate(policySet: try! Gateway.loadPolicies(policies))
    }()

    static func context(
        role: String, tenant: String = "t1", clearance: Int64? = nil, headers: [(String, String)] = []
    ) throws -> RequestContext {
        var claims: [String: JSONValue] = ["sub": "alice", "tenant": .string(tenant), "role": .string(role)]
        if let clearance { claims["clearance"] = .number(JSONNumber(clearance)) }
        let head = HTTPRequestHead(
            method: "POST", target: "/api/workflows", version: .http11, headers: HTTPHeaders(headers))
        return RequestContext(
            request: HTTPRequest(head: head), info: ConnectionInfo(peer: "10.0.0.7:41234", receivedAt: 0),
            parameters: [:],
            route: "/api/workflows", requestID: "r1", principal: try AuthenticatedPrincipal(claims: .object(claims)))
    }

    static func workflow(
        tenant: String = "t1", state: String = "draft", sensitivity: String = "internal", lastEditor: String = "bob"
    ) -> PolicyGate.WorkflowResource {
        PolicyGate.WorkflowResource(
            id: "w1", tenant: tenant, owner: "alice", lastEditor: lastEditor, state: state, sensitivity: sensitivity,
            tags: [], dataClasses: [])
    }

    static func denial(_ body: () throws(APIError) -> Void) -> APIError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func allowsWhatTheRoleMayDo() throws {
        let outcome = try Self.gate.authorize("create", Self.workflow(), try Self.context(role: "author"))
        #expect(outcome.decision.isAllowed)
        #expect(!outcome.decision.determining.isEmpty)
        #expect(outcome.decisionId.count == 36)
    }

    @Test func deniesAnotherTenantWithTheTenancyPolicysReasons() throws {
        let context = try Self.context(role: "admin", tenant: "t2")
        let error = try #require(
            Self.denial { () throws(APIError) in try Self.gate.authorize("read", Self.workflow(), context) })
        #expect(error.status == 403)
        #expect(error.code == "policy.denied")
        let denial = try #require(error.extensions["denial"])
        #expect(denial["kind"] == "forbidden")
        let violation = try #require(denial["violations"]?.arrayValue?.first)
        #expect(violation["policy"] == "tenant-isolation")
        #expect(violation["effect"] == "forbid")
        #expect(violation["code"] == "authz.tenant_mismatch")
        #expect(violation["reason"] == "the workflow belongs to another tenant")
        #expect(violation["appeal"]?.stringValue?.contains("ask an administrator of that tenant") == true)
        #expect(error.extensions["policySetDigest"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(error.extensions["decisionId"]?.stringValue?.count == 36)
        #expect(error.detail == "read denied: the workflow belongs to another tenant")
    }

    @Test func deniesARoleWithoutThePermissionAsNotPermitted() throws {
        let context = try Self.context(role: "viewer")
        let error = try #require(
            Self.denial { () throws(APIError) in try Self.gate.authorize("publish", Self.workflow(), context) })
        let denial = try #require(error.extensions["denial"])
        #expect(denial["kind"] == "not_permitted")
        let nearest = try #require(denial["violations"]?.arrayValue?.first)
        #expect(nearest["policy"] == "publish-by-publishers")
        #expect(nearest["effect"] == "permit")
        #expect(nearest["code"] == "authz.role_required")
        #expect(nearest["reason"] == "publishing needs the publisher or admin role")
    }

    @Test func thePublisherWhoLastEditedMayNotPublish() throws {
        let context = try Self.context(role: "publisher")
        let edited = Self.workflow(lastEditor: "alice")
        let error = try #require(
            Self.denial { () throws(APIError) in try Self.gate.authorize("publish", edited, context) })
        let violation = error.extensions["denial"]?["violations"]?.arrayValue?.first
        #expect(violation?["policy"] == "four-eyes-publish")
        #expect(violation?["code"] == "authz.four_eyes")
        #expect(try Self.gate.authorize("publish", Self.workflow(), context).decision.isAllowed)
    }

    @Test func restrictedExecutionNeedsClearanceAndAStatedJustification() throws {
        let restricted = Self.workflow(state: "published", sensitivity: "restricted")
        let unjustified = try Self.context(role: "operator", clearance: 4)
        let error = try #require(
            Self.denial { () throws(APIError) in try Self.gate.authorize("execute", restricted, unjustified) })
        let codes = error.extensions["denial"]?["violations"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        #expect(codes == ["authz.justification_required"])

        let justified = try Self.context(
            role: "operator", clearance: 4,
            headers: [("X-Purpose", "care"), ("X-Legal-Basis", "consent"), ("X-Reason-For-Access", "ticket 42")])
        #expect(try Self.gate.authorize("execute", restricted, justified).decision.isAllowed)

        let lowClearance = try Self.context(
            role: "operator", clearance: 1,
            headers: [("X-Purpose", "care"), ("X-Legal-Basis", "consent"), ("X-Reason-For-Access", "ticket 42")])
        let low = try #require(
            Self.denial { () throws(APIError) in try Self.gate.authorize("execute", restricted, lowClearance) })
        #expect(low.extensions["denial"]?["violations"]?.arrayValue?.first?["code"] == "authz.clearance_too_low")
    }
}
