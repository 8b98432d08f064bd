import Testing

@testable import PolicyEngine

/// The grouped ranking of a default deny's nearest permits equals the definition: every
/// scope-matched permit ranked by its number of failed checks, then by set order.
struct NearestPermitsTests {
    static let tenants = 12
    static let roles = ["viewer", "author", "publisher", "admin", "guest"]
    static let actions = ["read", "update", "publish", "delete"]

    static let policySet: PolicySet = {
        var text = """
            @id("isolation") forbid(principal, action, resource) when { principal has tenant && principal.tenant != resource.tenant };
            @id("archived") forbid(principal, action in [Action::"update", Action::"publish"], resource) when { resource.state == "archived" };

            """
        for tenant in 0..<tenants {
            text += """
                @id("read-\(tenant)") permit(principal, action == Action::"read", resource is Doc) when { principal.tenant == "t\(tenant)" && ["viewer", "admin"].contains(principal.role) };
                @id("update-\(tenant)") permit(principal, action == Action::"update", resource is Doc) when { principal.tenant == "t\(tenant)" && principal.role == "author" && resource.owner == principal };
                @id("publish-\(tenant)") permit(principal, action in [Action::"publish"], resource) when { principal.tenant == "t\(tenant)" && principal.role == "publisher" };

                """
        }
        text += """
            @id("admins-anything") permit(principal, action, resource) when { principal.role == "admin" && context.break_glass == true };
            @id("owner-delete") permit(principal, action == Action::"delete", resource) when { resource.owner == principal };
            """
        return try! PolicySet(sources: [.init(name: "p.cedar", text: text)])
    }()

    /// The definition, evaluated policy by policy with no index and no groups.
    static func reference(_ request: Request, _ entities: Entities, limit: Int) -> (ids: [String], omitted: Int)? {
        let environment = Environment(request: request, entities: entities)
        var ranked: [(failed: Int, index: Int)] = []
        for policy in policySet.compiled where policy.effect == .permit {
            guard policy.actionMatches(environment), policy.typesMatch(environment) else { continue }
            let failed = policy.explained.filter { (try? $0.node.evaluateBool(environment)) != true }.count
            ranked.append((failed, policy.index))
        }
        guard !ranked.isEmpty else { return nil }
        ranked.sort { $0.failed != $1.failed ? $0.failed < $1.failed : $0.index < $1.index }
        let nearest = ranked.prefix(limit)
        return (nearest.map { policySet.compiled[$0.index].policy.id.rawValue }, ranked.count - nearest.count)
    }

    @Test(arguments: [1, 3, 5])
    func groupedRankingEqualsTheDefinition(limit: Int) {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var denials = 0
        var guardUnreadable = 0
        for _ in 0..<600 {
            let user = EntityUID(type: "User", id: "u\(next(5))")
            let tenant = "t\(next(Self.tenants))"
            var attributes: Record = ["role": .string(Self.roles[next(Self.roles.count)])]
            if next(8) != 0 { attributes["tenant"] = .string(tenant) }  // sometimes missing
            let resource = EntityUID(type: next(6) == 0 ? "Template" : "Doc", id: "d")
            let owner = next(2) == 0 ? user : EntityUID(type: "User", id: "other")
            let entities = Entities([
                Entity(uid: user, attributes: attributes),
                Entity(
                    uid: resource,
                    attributes: [
                        "tenant": .string(next(5) == 0 ? "t\(next(Self.tenants))" : tenant), "owner": .entity(owner),
                        "state": .string(next(4) == 0 ? "archived" : "draft"),
                    ]),
            ])
            let request = Request(
                principal: user, action: EntityUID(type: "Action", id: Self.actions[next(Self.actions.count)]),
                resource: resource, context: next(3) == 0 ? ["break_glass": .bool(next(2) == 0)] : [:])
            for usesIndex in [true, false] {
                let options = Authorizer.Options(maximumNearestPermits: limit, usesIndex: usesIndex)
                let decision = Authorizer(policySet: Self.policySet, options: options).authorize(
                    request, entities: entities)
                guard let denial = decision.denial, denial.kind == .notPermitted else { continue }
                denials += 1
                if entities[user]?.attributes["tenant"] == nil { guardUnreadable += 1 }
                if let expected = Self.reference(request, entities, limit: limit) {
                    #expect(denial.violations.map(\.policy.rawValue) == expected.ids, "\(request)")
                    #expect(denial.omitted == expected.omitted, "\(request)")
                    #expect(denial.message == nil)
                } else {
                    #expect(denial.violations.isEmpty)
                    #expect(denial.message != nil)
                }
            }
        }
        #expect(denials > 300)
        #expect(guardUnreadable > 20)  // the path where every guarded permit fails its guard
    }
}
