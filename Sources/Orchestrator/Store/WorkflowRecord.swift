import JSON

/// A workflow as the store keeps it: its current draft and its published versions.
public struct WorkflowRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Never published (or edited since): the draft is the latest.
        case draft
        /// At least one version is published.
        case published
        /// Soft-deleted: invisible to lists, its versions kept for the ledger's sake.
        case deleted
    }

    public var id: String
    public var tenant: String
    public var owner: String
    public var lastEditor: String
    public var state: State
    /// Increments with every change to the draft; the API's ETag.
    public var revision: Int
    /// The draft definition (the latest edit), as submitted.
    public var draft: JSONValue
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Published versions, oldest first.
    public var versions: [WorkflowVersion]

    public var name: String { draft["name"]?.stringValue ?? "" }
    public var tags: [String] { draft["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    public var sensitivity: String { draft["labels"]?["sensitivity"]?.stringValue ?? "internal" }
    public var dataClasses: [String] { draft["labels"]?["data_classes"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// The published version `semver` (as text), or the latest one when `semver` is `nil`.
    public func version(_ semver: String?) -> WorkflowVersion? {
        guard let semver else { return versions.last }
        return versions.first { $0.semver.description == semver }
    }

    /// `"<revision>"`, quoted as an HTTP entity tag.
    public var etag: String { "\"\(revision)\"" }
}

/// An immutable published version.
public struct WorkflowVersion: Sendable, Hashable {
    public var semver: SemanticVersion
    public var definition: JSONValue
    /// `sha256:<hex>` of the definition's canonical JSON.
    public var definitionDigest: String
    /// `sha256:<hex>` of the compiled plan's canonical JSON.
    public var planDigest: String
    public var policySetDigest: String
    public var publishedBy: String
    public var publishedAt: Int64
    public var decisionId: String
    /// The ledger entry: canonical JSON bytes of the version manifest.
    public var manifest: [UInt8]
    /// Where the manifest is in the ledger; `nil` while the outbox has not delivered it.
    public var ledgerIndex: UInt64?
    /// Steps added, removed and changed against the previous version.
    public var diff: VersionDiff

    public init(
        semver: SemanticVersion, definition: JSONValue, definitionDigest: String, planDigest: String,
        policySetDigest: String, publishedBy: String, publishedAt: Int64, decisionId: String, manifest: [UInt8],
        ledgerIndex: UInt64?, diff: VersionDiff
    ) {
        self.semver = semver
        self.definition = definition
        self.definitionDigest = definitionDigest
        self.planDigest = planDigest
        self.policySetDigest = policySetDigest
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
        self.decisionId = decisionId
        self.manifest = manifest
        self.ledgerIndex = ledgerIndex
        self.diff = diff
    }
}

/// A semantic version `major.minor.patch`.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `1.2.3` (no leading zeros, no pre-release).
    public init?(_ text: String) {
        var numbers: [Int] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy({ ("0"..."9").contains($0) }),
                part == "0" || part.first != "0", let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        guard numbers.count == 3 else { return nil }
        self.init(numbers[0], numbers[1], numbers[2])
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }

    /// The next version for a bump.
    public func bumped(_ bump: Bump) -> SemanticVersion {
        switch bump {
        case .major: SemanticVersion(major + 1, 0, 0)
        case .minor: SemanticVersion(major, minor + 1, 0)
        case .patch: SemanticVersion(major, minor, patch + 1)
        }
    }

    public enum Bump: String, Sendable, CaseIterable {
        case major, minor, patch
    }
}

/// How two definitions differ, step by step.
public struct VersionDiff: Sendable, Hashable {
    public var addedSteps: [String]
    public var removedSteps: [String]
    public var changedSteps: [String]
    public var inputsChanged: Bool

    /// Compares step lists by id and the inputs schema.
    public init(from old: JSONValue?, to new: JSONValue) {
        func steps(_ document: JSONValue?) -> [String: JSONValue] {
            var byId: [String: JSONValue] = [:]
            for step in document?["steps"]?.arrayValue ?? [] {
                if let id = step["id"]?.stringValue { byId[id] = step }
            }
            return byId
        }
        let before = steps(old)
        let after = steps(new)
        addedSteps = after.keys.filter { before[$0] == nil }.sorted()
        removedSteps = before.keys.filter { after[$0] == nil }.sorted()
        changedSteps = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        inputsChanged = old != nil && old?["inputs"] != new["inputs"]
    }

    init(addedSteps: [String], removedSteps: [String], changedSteps: [String], inputsChanged: Bool) {
        self.addedSteps = addedSteps
        self.removedSteps = removedSteps
        self.changedSteps = changedSteps
        self.inputsChanged = inputsChanged
    }

    /// The bump the diff calls for: removed steps or changed inputs break callers (major), added
    /// steps extend (minor), anything else is a patch.
    public var suggestedBump: SemanticVersion.Bump {
        if !removedSteps.isEmpty || inputsChanged { return .major }
        if !addedSteps.isEmpty { return .minor }
        return .patch
    }

    public var json: JSONValue {
        .object([
            "addedSteps": .array(addedSteps.map(JSONValue.string)),
            "removedSteps": .array(removedSteps.map(JSONValue.string)),
            "changedSteps": .array(changedSteps.map(JSONValue.string)), "inputsChanged": .bool(inputsChanged),
        ])
    }
}
