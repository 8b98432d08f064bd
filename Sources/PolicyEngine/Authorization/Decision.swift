/// The answer to a request, with everything a client needs to learn why.
///
/// Cedar's semantics: deny by default; allow iff some permit holds and no forbid holds; a policy
/// whose evaluation fails is skipped and listed in `errors`. Beyond Cedar, a denial explains
/// itself: which forbids held and on what values, or — for a default deny — which permits came
/// nearest and which of their checks failed.
public struct Decision: Sendable {
    public enum Effect: String, Sendable {
        case allow
        case deny
    }

    public var effect: Effect
    /// The permits that allowed, or the forbids that denied (empty for a default deny).
    public var determining: [PolicyID]
    /// Why the request was denied; `nil` when allowed.
    public var denial: Denial?
    /// Policies skipped because their evaluation failed.
    public var errors: [PolicyEvaluationError]
    /// `sha256:<hex>` of the canonical policy text the decision was made under.
    public var policySetDigest: String

    public var isAllowed: Bool { effect == .allow }
}

/// A policy that was skipped because evaluating it failed.
public struct PolicyEvaluationError: Sendable {
    public var policy: PolicyID
    public var error: PolicyError
}

/// Why a request was denied.
public struct Denial: Sendable {
    public enum Kind: String, Sendable {
        /// One or more forbids held.
        case forbidden
        /// No permit held (Cedar's default deny).
        case notPermitted = "not_permitted"
    }

    public var kind: Kind
    /// For `forbidden`: each forbid that held. For `notPermitted`: the nearest permits whose scope
    /// matched, fewest failed checks first.
    public var violations: [Violation]
    /// For `notPermitted`: how many further scope-matched permits were left out.
    public var omitted: Int
    /// Set when no permit's scope matched: says so, with the action and resource type.
    public var message: String?
}

/// One policy's part in a denial.
public struct Violation: Sendable {
    public var policy: PolicyID
    public var effect: Effect
    /// `@code`, or `policy.forbidden` / `policy.not_permitted`.
    public var code: String
    /// `@reason`, or a sentence naming the policy.
    public var reason: String
    /// `@appeal`, if the policy names where to appeal.
    public var appeal: String?
    /// For a forbid: the checks that made it hold. For a permit: the checks that failed.
    public var checks: [Check]
}

/// One condition of a policy, as evaluated for a request: `attr op expected`, with the value found.
public struct Check: Sendable {
    /// The attribute read, such as `principal.clearance`, when the check reads one.
    public var attribute: String?
    public var op: CheckOperator
    /// The value found (for `has`: whether the attribute is present; for `is`: the entity type).
    public var actual: Value?
    /// What would satisfy the check.
    public var expected: Value?
    /// The check as policy text.
    public var expression: String
    /// Set when evaluating the check failed for a reason other than a missing attribute.
    public var error: PolicyError?
}
