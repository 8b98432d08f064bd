import JSON

/// `http`: one HTTP/1.1 request, `{"method", "url", "headers", "body", "timeout", "expectStatus"}`.
///
/// The request always carries `Idempotency-Key: <executionId>/<stepId>/<attempt>` and
/// `Connection: close`, and `Content-Type: application/json` with a JSON `body` unless `headers`
/// sets one. The output is `{"status", "headers" (names lowercased), "body"}`, the body parsed when
/// it is JSON and a string otherwise (`null` when empty). A status in `expectStatus` (a number or
/// a list; any 2xx by default) succeeds. Otherwise it fails with `workflow.handler_http_status`,
/// retryable for 5xx, 408 and 429, and the response body in the logs. Timeouts and connection
/// failures are retryable; an `https` URL is `workflow.handler_unsupported` (TLS is not built in).
struct HTTPHandler: StepHandler {
    let configuration: HandlerConfiguration

    /// Header fields the handler writes itself, which `config.headers` may not set.
    static let reservedFields: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "idempotency-key", "te", "trailer", "upgrade",
        "keep-alive",
    ]

    struct Request {
        var method: String
        var target: HTTPTarget
        var url: String
        var bytes: [UInt8]
        var timeout: Duration?
        var expectedStatuses: Set<Int>?
    }

    func run(_ invocation: StepInvocation) async -> StepOutcome {
        let request: Request
        do throws(WorkflowError) {
            request = try makeRequest(invocation)
        } catch {
            return .failure(error, retryable: false)
        }
        let timeout = min(invocation.timeout, request.timeout ?? configuration.defaultHTTPTimeout)
        let parser = HTTPResponseParser(
            maxHeaderBytes: configuration.maxResponseHeaderBytes, maxBodyBytes: configuration.maxResponseBytes,
            isHeadRequest: request.method == "HEAD")
        let result = await DedicatedThread.run(name: "maestro-http", timeout: timeout) {
            HTTPExchange.perform(request.bytes, to: request.target, parser: parser, context: $0)
        }
        let described = "`\(request.method) \(request.url)`"
        switch result {
        case .success(let response): return outcome(of: response, for: request, described: described)
        case .failure(.stopped(.timedOut)):
            return .failure(
                WorkflowError(.handlerTimeout, "\(described) did not answer within \(timeout)"), retryable: true)
        case .failure(.stopped(.cancelled)):
            return .failure(WorkflowError(.handlerCancelled, "\(described) was cancelled"), retryable: true)
        case .failure(.connection(let reason)):
            return .failure(WorkflowError(.handlerConnectFailed, "\(described): \(reason)"), retryable: true)
        case .failure(.invalid(let reason)):
            return .failure(WorkflowError(.handlerBadResponse, "\(described): \(reason)"), retryable: false)
        case .failure(.tooLarge(let reason)):
            return .failure(WorkflowError(.handlerResponseTooLarge, "\(described): \(reason)"), retryable: false)
        }
    }

    private func outcome(of response: ReceivedResponse, for request: Request, described: String) -> StepOutcome {
        var headers: [String: JSONValue] = [:]
        for field in response.fields {
            if case .string(let earlier)? = headers[field.name] {
                headers[field.name] = .string(earlier + ", " + field.value)
            } else {
                headers[field.name] = .string(field.value)
            }
        }
        let status = response.status
        guard request.expectedStatuses?.contains(status) ?? (200..<300).contains(status) else {
            let text = Array(response.body.prefix(configuration.maxCapturedBytes))
            let logs = StepLogs(
                stdout: String(decoding: text, as: UTF8.self),
                isStdoutTruncated: response.body.count > text.count)
            let retryable = status >= 500 || status == 408 || status == 429
            let reason = response.reason.isEmpty ? "" : " \(response.reason.prefix(80))"
            return .failure(
                WorkflowError(.handlerHTTPStatus, "\(described) answered with status \(status)\(reason)"),
                retryable: retryable, logs: logs)
        }
        let output: JSONValue = [
            "status": .number(JSONNumber(status)), "headers": .object(headers), "body": Self.body(of: response),
        ]
        return .succeeded(output: output, logs: nil)
    }

    /// The body as JSON when the response says it is JSON and it parses, else as text.
    static func body(of response: ReceivedResponse) -> JSONValue {
        guard !response.body.isEmpty else { return .null }
        let type = response.value(of: "content-type")?.lowercased() ?? ""
        let mediaType = type.split(separator: ";").first?.drop(while: { $0 == " " }) ?? ""
        if mediaType == "application/json" || mediaType.hasSuffix("+json"),
            let parsed = try? JSONValue.parse(response.body, options: .rfc8259)
        {
            return parsed
        }
        return .string(String(decoding: response.body, as: UTF8.self))
    }

    private func makeRequest(_ invocation: StepInvocation) throws(WorkflowError) -> Request {
        let config = try StepConfigReader(
            invocation.config, allowed: ["method", "url", "headers", "body", "timeout", "expectStatus"])
        let url = try config.requiredString("url")
        let target = try HTTPTarget.parse(url)
        guard configuration.allowedURLSchemes.contains(target.scheme) else {
            let allowed = configuration.allowedURLSchemes.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw WorkflowError(
                .handlerNotAllowed, "`config.url` has scheme `\(target.scheme)`; this server allows \(allowed)")
        }
        guard target.scheme == "http" else {
            throw WorkflowError(
                .handlerUnsupported,
                "`config.url` is `\(target.scheme)`, but TLS is not built in yet; only `http` works")
        }
        let method = (try config.string("method") ?? "GET").uppercased()
        guard !method.isEmpty, method.count <= 20, method.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw StepConfigReader.invalid("`config.method` `\(method)` is not an HTTP method")
        }
        var body: [UInt8]?
        if let json = config.members["body"], !json.isNull { body = json.encoded() }
        var head = "\(method) \(target.pathAndQuery) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
        head += "Idempotency-Key: \(invocation.idempotencyKey)\r\nConnection: close\r\n"
        var hasContentType = false
        for (name, value) in try config.stringPairs("headers") {
            let lowered = name.lowercased()
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw StepConfigReader.invalid("`config.headers` has an invalid field name `\(name)`")
            }
            guard !Self.reservedFields.contains(lowered) else {
                throw StepConfigReader.invalid("`config.headers.\(name)` is set by the handler itself")
            }
            guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
                throw StepConfigReader.invalid("`config.headers.\(name)` has a control character")
            }
            hasContentType = hasContentType || lowered == "content-type"
            head += "\(name): \(value)\r\n"
        }
        if let body {
            if !hasContentType { head += "Content-Type: application/json\r\n" }
            head += "Content-Length: \(body.count)\r\n"
        } else if ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: 0\r\n"
        }
        return Request(
            method: method, target: target, url: url, bytes: Array((head + "\r\n").utf8) + (body ?? []),
            timeout: try config.duration("timeout"), expectedStatuses: try expectedStatuses(config))
    }

    private func expectedStatuses(_ config: StepConfigReader) throws(WorkflowError) -> Set<Int>? {
        guard let value = config.members["expectStatus"], !value.isNull else { return nil }
        let list = value.arrayValue ?? [value]
        var statuses: Set<Int> = []
        for element in list {
            guard let status = element.int64Value, (100...599).contains(status) else {
                throw StepConfigReader.invalid("`config.expectStatus` must be a status code or a list of them")
            }
            statuses.insert(Int(status))
        }
        return statuses
    }

    // RFC 9110 §5.6.2 — tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
