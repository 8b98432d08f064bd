/// The handlers a `task` step's `handler` name can refer to.
public struct HandlerRegistry: Sendable {
    private var handlers: [String: any StepHandler]

    /// Makes a registry.
    /// - Parameter handlers: Handlers by name.
    public init(_ handlers: [String: any StepHandler] = [:]) {
        self.handlers = handlers
    }

    /// A registry with the built-in handlers: `noop`, `set`, `http` and `exec`.
    /// - Parameter configuration: What `http` and `exec` may do, and their limits.
    /// - Returns: The registry.
    public static func builtIn(configuration: HandlerConfiguration = HandlerConfiguration()) -> HandlerRegistry {
        HandlerRegistry([
            "noop": NoopHandler(),
            "set": SetHandler(),
            "http": HTTPHandler(configuration: configuration),
            "exec": ExecHandler(configuration: configuration),

        ])
    }

    /// Registers `handler` as `name`, replacing a handler registered under it before.
    /// - Parameters:
    ///   - handler: The handler.
    ///   - name: The name steps give as `handler`.
    public mutating func register(_ handler: any StepHandler, as name: String) {
        handlers[name] = handler
    }

    /// The handler registered as `name`, if any.
    /// - Parameter name: A step's `handler`.
    /// - Returns: The handler, or `nil`.
    public func handler(named name: String) -> (any StepHandler)? {
        handlers[name]
    }

    /// The registered names, sorted.
    public var names: [String] { handlers.keys.sorted() }

    /// Runs one attempt with the handler registered as `name`.
    /// - Parameters:
    ///   - name: The step's `handler`.
    ///   - invocation: The attempt.
    /// - Returns: The handler's outcome, or a non-retryable `workflow.handler_unknown` failure when
    ///   no handler has that name.
    public func run(_ name: String, _ invocation: StepInvocation) async -> StepOutcome {
        guard let handler = handlers[name] else {
            let known = names.map { "`\($0)`" }.joined(separator: ", ")
            return .failure(
                WorkflowError(.handlerUnknown, "no handler is registered as `\(name)`; the handlers are \(known)"),
                retryable: false)
        }
        return await handler.run(invocation)
    }
}
