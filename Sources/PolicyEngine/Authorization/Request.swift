/// An authorization request: who (`principal`) wants to do what (`action`) to what (`resource`),
/// in which circumstances (`context`). Time, purpose and client address arrive in `context`;
/// the engine has no clock of its own.
public struct Request: Sendable {
    public var principal: EntityUID
    public var action: EntityUID
    public var resource: EntityUID
    public var context: Record

    public init(principal: EntityUID, action: EntityUID, resource: EntityUID, context: Record = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}
