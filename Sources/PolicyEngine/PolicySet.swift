import Cryptography

/// A set of policies, parsed and compiled once, with the digest every decision names.
///
/// Sources are ordered by name, so a directory loads the same way everywhere. A policy's id is
/// its `@id` annotation, or `source:index` (0-based within its source) when it has none.
public struct PolicySet: Sendable {
    /// One named piece of policy text, usually a `.cedar` file (name relative to the policy directory).
    public struct Source: Sendable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// The policies, in set order (by source name, then position).
    public let policies: [Policy]
    /// `sha256:<hex>` over the canonical text of every policy, ordered by id: comments, layout and
    /// file names do not change it; any change of meaning or annotation does.
    public let digest: String

    let compiled: [CompiledPolicy]
    let index: PolicyIndex
    /// Permits ranked together when explaining a default deny.
    let permitGroups: [PermitGroup]
    /// The number of distinct conjuncts across the set.
    let conjunctCount: Int
    private let positions: [PolicyID: Int]

    /// Parses and compiles policy text.
    /// - Parameter sources: the policy texts, in any order.
    /// - Throws: the first `PolicyError` in source order: a syntax error (with `file:line:column`)
    ///   or `policy.duplicate_policy_id`.
    public init(sources: [Source]) throws(PolicyError) {
        var policies: [Policy] = []
        var positions: [PolicyID: Int] = [:]
        for source in sources.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            for var policy in try Parser.parsePolicies(source.text, source: source.name) {
                if let id = policy.annotation("id") {
                    guard !id.isEmpty else {
                        throw PolicyError(.invalidPolicyID, "`@id` needs a non-empty value", at: policy.span)
                    }
                    policy.id = PolicyID(id)
                }
                guard positions[policy.id] == nil else {
                    throw PolicyError(.duplicatePolicyID, "policy id `\(policy.id)` is used twice", at: policy.span)
                }
                positions[policy.id] = policies.count
                policies.append(policy)
            }
        }
        self.init(policies: policies, positions: positions)
    }

    /// A set of already-parsed policies (ids must be unique).
    public init(policies: [Policy]) {
        var positions: [PolicyID: Int] = [:]
        for (position, policy) in policies.enumerated() {
            precondition(positions[policy.id] == nil, "duplicate policy id \(policy.id)")
            positions[policy.id] = position
        }
        self.init(policies: policies, positions: positions)
    }

    private init(policies: [Policy], positions: [PolicyID: Int]) {
        self.policies = policies
        self.positions = positions
        var conjunctIDs: [String: Int] = [:]
        var guardPaths: [String: Int] = [:]
        let compiled = policies.enumerated().map { position, policy in
            CompiledPolicy(policy: policy, index: position, conjunctIDs: &conjunctIDs, guardPaths: &guardPaths)
        }
        self.compiled = compiled
        self.conjunctCount = conjunctIDs.count
        self.permitGroups = PermitGroup.make(compiled)
        self.index = PolicyIndex(compiled, groups: permitGroups)
        self.digest = PolicySet.digest(of: policies)
    }

    /// Every syntax error in the sources (one per source at most, since parsing stops at the
    /// first error in a file) and every duplicate id, for `maestro policy check`.
    public static func diagnose(_ sources: [Source]) -> [PolicyError] {
        var errors: [PolicyError] = []
        var seen: Set<PolicyID> = []
        for source in sources.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            do {
                for policy in try Parser.parsePolicies(source.text, source: source.name) {
                    if policy.annotation("id") == "" {
                        errors.append(PolicyError(.invalidPolicyID, "`@id` needs a non-empty value", at: policy.span))
                        continue
                    }
                    let id = policy.annotation("id").map(PolicyID.init) ?? policy.id
                    if !seen.insert(id).inserted {
                        errors.append(
                            PolicyError(.duplicatePolicyID, "policy id `\(id)` is used twice", at: policy.span))
                    }
                }
            } catch {
                errors.append(error)
            }
        }
        return errors
    }

    /// The policy with this id.
    public func policy(_ id: PolicyID) -> Policy? { positions[id].map { policies[$0] } }

    /// The canonical text of the whole set: each policy's canonical form, ordered by id.
    public var canonicalText: String { PolicySet.canonicalText(of: policies) }

    static func canonicalText(of policies: [Policy]) -> String {
        policies.sorted { $0.id < $1.id }.map { Formatter.format($0) + "\n" }.joined(separator: "\n")
    }

    static func digest(of policies: [Policy]) -> String {
        "sha256:" + SHA256.hash(Array(canonicalText(of: policies).utf8)).hex
    }
}
