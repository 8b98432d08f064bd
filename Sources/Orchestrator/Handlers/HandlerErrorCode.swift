extension WorkflowError.Code {
    // Task handlers: the codes a failed `task` step reports (stored with the step as data).

    /// No handler is registered under the step's `handler` name.
    public static let handlerUnknown = Self("workflow.handler_unknown")
    /// The step's `config` does not have the shape its handler needs; the message names the member.
    public static let handlerConfigInvalid = Self("workflow.handler_config_invalid")
    /// The handler cannot do what the config asks yet, such as an `https` URL (TLS is not built in).
    public static let handlerUnsupported = Self("workflow.handler_unsupported")
    /// The server's configuration does not allow it: a program not on the allow-list, a URL scheme not allowed.
    public static let handlerNotAllowed = Self("workflow.handler_not_allowed")
    /// The attempt did not finish within its timeout (a process is killed); retryable.
    public static let handlerTimeout = Self("workflow.handler_timeout")
    /// The attempt was cancelled before it finished (a process is killed); retryable.
    public static let handlerCancelled = Self("workflow.handler_cancelled")
    /// The host name did not resolve, the connection failed, or it closed before the whole response; retryable.
    public static let handlerConnectFailed = Self("workflow.handler_connect_failed")
    /// The server's answer is not a well-formed HTTP/1.1 response.
    public static let handlerBadResponse = Self("workflow.handler_bad_response")
    /// The response's headers or body exceed the server's limit.
    public static let handlerResponseTooLarge = Self("workflow.handler_response_too_large")
    /// The response's status is not the one expected (2xx by default); retryable for 5xx, 408 and 429.
    public static let handlerHTTPStatus = Self("workflow.handler_http_status")
    /// The program could not be started; the message gives the system's reason.
    public static let handlerSpawnFailed = Self("workflow.handler_spawn_failed")
    /// The program exited with a status other than 0, or was killed by a signal it did not get from us.
    public static let handlerExitStatus = Self("workflow.handler_exit_status")
}
