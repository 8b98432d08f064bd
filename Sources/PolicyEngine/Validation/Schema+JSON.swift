import JSON

extension Schema {
    /// Reads a schema in the supported subset of Cedar's JSON schema format.
    ///
    /// The top level maps namespace names (`""` for none) to `commonTypes`, `entityTypes` and
    /// `actions`. Attribute types are `String`, `Long`, `Boolean`, `Set` (with `element`),
    /// `Record` (with `attributes`, each required unless `"required": false`), `Entity` (with
    /// `name`), `EntityOrCommon` (with `name`) and common type names. Inside namespace `N`, a bare
    /// name means `N::Name` when `N` declares it and the global `Name` otherwise.
    /// - Parameter json: the schema document.
    /// - Throws: `policy.invalid_schema`, with the JSON path of the fault in the message, for
    ///   anything outside that subset: extension types, unknown type or action names, open records,
    ///   a `Set` without `element`, a `shape` or `context` that is not a record, a malformed `memberOf`.
    public init(json: JSONValue) throws(PolicyError) {
        var reader = try SchemaReader(json)
        self = try reader.read()
    }
}
