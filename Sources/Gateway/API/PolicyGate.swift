import Foundation
import JSON
import PolicyEngine

/// The one place requests meet the policies: it builds the Cedar request from the caller's token,
/// the resource's attributes and the request's context, asks the ``Authorizer`` (failing closed
/// when a policy errors), and turns a denial into a 403 that says why.
struct PolicyGate: Sendable {
    /// A workflow as the policies see it (`Workflow` in `policies/schema.json`).
    struct WorkflowResource: Sendable {
        var id: String
        var tenant: String
        var owner: String
        var lastEditor: String?
        var state: String
        var sensitivity: String
        var tags: [String]
        var dataClasses: [String]

        /// The level `execute` compares with the caller's clearance.
        var sensitivityLevel: Int64 {
            switch sensitivity {
            case "public": 0
            case "internal": 1
            default: 3  // restricted, or anything unknown: the strictest
            }
        }
    }

    /// One decision, with the id that the log and the response share.
    struct Outcome: Sendable {
        var decisionId: String
        var decision: Decision
    }

    let authorizer: Authorizer
    /// Where every decision, allow and deny, is recorded; `nil` in tests that do not need it.
    let log: DecisionLog?

    init(policySet: PolicySet, log: DecisionLog? = nil) {
        authorizer = Authorizer(policySet: policySet, options: Authorizer.Options(failsClosed: true))
        self.log = log
    }

    /// Decides `action` on a workflow for the caller of `context`.
    /// - Throws: `policy.denied` (403) with the decision's denial, `decisionId` and `policySetDigest`.
    @discardableResult
    func authorize(_ action: String, _ resource: WorkflowResource, _ context: RequestContext, now: Date = Date())
        throws(APIError) -> Outcome
    {
        var attributes: Record = [
            "tenant": .string(resource.tenant), "owner": .entity(EntityUID(type: "User", id: resource.owner)),
            "state": .string(resource.state), "sensitivity": .string(resource.sensitivity),
            "sensitivity_level": .long(resource.sensitivityLevel),
            "tags": .set(Set(resource.tags.map(Value.string))),
            "data_classes": .set(Set(resource.dataClasses.map(Value.string))),
        ]
        if let editor = resource.lastEditor { attributes["last_editor"] = .entity(EntityUID(type: "User", id: editor)) }
        return try authorize(
            action, Entity(uid: EntityUID(type: "Workflow", id: resource.id), attributes: attributes), context, now: now
        )
    }

    /// Decides `action` on any entity for the caller of `context`, and logs the decision.
    /// - Throws: `policy.denied` (403) with the decision's denial, `decisionId` and `policySetDigest`.
    @discardableResult
    func authorize(_ action: String, _ resource: Entity, _ context: RequestContext, now: Date = Date()) throws(APIError)
        -> Outcome
    {
        guard let principal = context.principal else {
            throw APIError(status: 401, code: "gateway.token_missing", detail: "this request needs a bearer token")
        }
        let user = EntityUID(type: "User", id: principal.id)
        var userAttributes: Record = ["tenant": .string(principal.tenant), "role": .string(principal.role)]
        if let clearance = principal.clearance { userAttributes["clearance"] = .long(clearance) }
        var requestContext: Record = [
            "time": .long(Int64(now.timeIntervalSince1970)),
            "client_address": .string(Self.address(of: context.info.peer)),
        ]
        // Headers first, then the token's claims: a client states its purpose per request.
        if let purpose = context.headers["X-Purpose"] ?? principal.purpose {
            requestContext["purpose"] = .string(purpose)
        }
        if let basis = context.headers["X-Legal-Basis"] ?? principal.legalBasis {
            requestContext["legal_basis"] = .string(basis)
        }
        if let reason = context.headers["X-Reason-For-Access"] { requestContext["reason_for_access"] = .string(reason) }
        let request = Request(
            principal: user, action: EntityUID(type: "Action", id: action), resource: resource.uid,
            context: requestContext)
        let decision = authorizer.authorize(
            request, entities: Entities([Entity(uid: user, attributes: userAttributes), resource]))
        let decisionId = Self.newDecisionId()
        log?.record(
            id: decisionId, at: Int64(now.timeIntervalSince1970), principal: principal, action: action,
            resource: resource.uid, decision: decision, requestID: context.requestID)
        guard decision.isAllowed else {
            let first = decision.denial?.violations.first
            throw APIError(
                status: 403, code: "policy.denied",
                detail: first.map { "\(action) denied: \($0.reason)" } ?? "\(action) denied by policy",
                extensions: [
                    "denial": decision.denial?.json ?? .null, "decisionId": .string(decisionId),
                    "policySetDigest": .string(decision.policySetDigest),
                ])
        }
        return Outcome(decisionId: decisionId, decision: decision)
    }

    /// The address part of `a.b.c.d:port`.
    static func address(of peer: String) -> String {
        peer.lastIndex(of: ":").map { String(peer[..<$0]) } ?? peer
    }

    /// A random id (UUID v4): decision ids need to be unique, not secret.
    static func newDecisionId() -> String { UUID().uuidString.lowercased() }
}
