import Dispatch
import Foundation
import JSON
import Ledger
import Orchestrator
import PolicyEngine

/// The composition root: reads the configuration, prepares the data directory, loads the
/// policies and keys, builds the routes and serves them.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let policySet: PolicySet
    let server: HTTPServer
    let metrics: MetricsRegistry
    let accessLog: AccessLog?
    /// The ledger in `<data>/ledger`; this process is its only writer while it serves.
    public let ledger: FileLedger
    /// Workflow drafts and versions in `<data>/store`.
    let store: EmbeddedWorkflowStore
    let decisions: DecisionLog
    /// Runs admitted executions; resumed by ``run()``.
    let executions: ExecutionEngine
    let workflows: WorkflowService
    /// The routes it serves (the OpenAPI test reads them).
    let router: Router

    /// Prepares everything and opens the listening socket; `run()` then serves.
    /// - Throws: `GatewayError` (`gateway.listen_failed`, `gateway.startup_failed`) with a message
    ///   that says what to fix.
    public init(configuration: GatewayConfiguration) throws {
        self.configuration = configuration
        try Gateway.prepareDataDirectory(configuration.dataDirectory)
        policySet = try Gateway.loadPolicies(configuration.policyDirectory)
        do {
            ledger = try FileLedger(configuration: LedgerConfiguration(dataDirectory: configuration.dataDirectory))
        } catch {
            throw GatewayError(.startupFailed, "cannot open the ledger: \(error.code): \(error.message)")
        }
        do {
            store = try EmbeddedWorkflowStore(directory: configuration.dataDirectory + "/store")
        } catch {
            ledger.close()
            throw GatewayError(.startupFailed, "cannot open the workflow store: \(error.code): \(error.message)")
        }
        do {
            decisions = try DecisionLog(directory: configuration.dataDirectory + "/store")
        } catch {
            store.close()
            ledger.close()
            throw GatewayError(.startupFailed, "cannot open the decision log: \(error.code): \(error.message)")
        }
        let handlers = HandlerRegistry.builtIn()
        do {
            executions = try ExecutionEngine(
                directory: configuration.dataDirectory + "/store", clock: { Int64(Date().timeIntervalSince1970) },
                handlers: { handlers.handler(named: $0) })
        } catch {
            decisions.close()
            store.close()
            ledger.close()
            throw GatewayError(.startupFailed, "cannot open the executions: \(error.code): \(error.message)")
        }
        let gate = PolicyGate(policySet: policySet, log: decisions)
        workflows = WorkflowService(
            store: store, gate: gate, ledger: ledger,
            clock: { Int64(Date().timeIntervalSince1970) })
        let tokenKey = try LocalTokenKey.verificationKey(dataDirectory: configuration.dataDirectory)
        let verifier = TokenVerifier(
            keys: [tokenKey], issuer: LocalTokenKey.issuer, audience: LocalTokenKey.audience,
            leeway: configuration.tokenLeeway)
        metrics = MetricsRegistry()
        let httpMetrics = HTTPMetrics(registry: metrics)
        accessLog = configuration.accessLog ? AccessLog() : nil
        let health = HealthRegistry()
        let dataDirectory = configuration.dataDirectory
        let policySet = self.policySet
        health.register("data_directory") {
            access(dataDirectory, W_OK) == 0
                ? .up(detail: dataDirectory) : .down(detail: "`\(dataDirectory)` is not writable")
        }
        health.register("policies") { .up(detail: "\(policySet.policies.count) policies, \(policySet.digest)") }
        let ledger = self.ledger
        health.register("ledger") { .up(detail: "tree size \(ledger.checkpoint.checkpoint.treeSize)") }

        var router = Router()
        OperationalRoutes.add(to: &router, health: health, metrics: metrics)
        LedgerRoutes.add(to: &router, ledger: ledger)
        WorkflowValidationRoutes.add(to: &router)
        // Simulated decisions are hypothetical: asked of a gate that does not log them.
        let workflows = self.workflows
        WorkflowSimulationRoutes.add(to: &router, gate: PolicyGate(policySet: policySet)) {
            (id, semver, context) throws(APIError) in
            let (record, _) = try workflows.authorized(id, "read", context)
            let version = record.version(semver)
            guard let version else {
                throw APIError(
                    status: 404, code: WorkflowError.Code.notFound.rawValue,
                    detail: "workflow `\(id)` has no published version\(semver.map { " `\($0)`" } ?? "")")
            }
            return version.definition
        }
        WorkflowRoutes.add(to: &router, service: workflows)
        WorkflowPublishRoutes.add(to: &router, service: workflows)
        WorkflowTemplateRoutes.add(to: &router, service: workflows)
        DecisionRoutes.add(to: &router, gate: gate, log: decisions)
        ExecutionRoutes.add(to: &router, service: workflows, engine: executions)
        OpenAPIDocument.add(to: &router)
        self.router = router
        let pipeline = RequestPipeline(
            router: router, verifier: verifier,
            rateLimiter: RateLimiter(
                capacity: configuration.tenantBurst, refillPerSecond: configuration.tenantRatePerSecond),
            metrics: httpMetrics, accessLog: accessLog, clock: { Int64(Date().timeIntervalSince1970) })
        let observer = ServerMetricsObserver(metrics: httpMetrics)
        server = try HTTPServer(
            configuration: configuration.server, handler: { request, info in await pipeline.handle(request, info) },
            errorResponder: { status, code, message in
                APIError(status: status, code: code, detail: message).response(instance: "urn:maestro:connection")
            }, observer: observer)
    }

    /// The port the server listens on.
    public var port: Int { server.port }

    /// Serves until ``shutdown()`` has drained every connection.
    public func run() async {
        // Versions a crash left without their ledger entry are delivered before anything else.
        await WorkflowPublishRoutes.deliverOutbox(workflows)
        // Executions a stop interrupted continue where they were.
        executions.resume()
        await server.run()
        accessLog?.flush()
        // Closing waits for the ledger's sequencer to commit what is queued: off the pool.
        let ledger = self.ledger
        let store = self.store
        let decisions = self.decisions
        let executions = self.executions
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                executions.close()
                store.close()
                decisions.close()
                ledger.close()
                done.resume()
            }
        }
    }

    /// Stops accepting and drains (see ``HTTPServer/shutdown()``).
    public func shutdown() { server.shutdown() }

    static func prepareDataDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GatewayError(
                .startupFailed, "cannot create the data directory `\(path)`: \(error.localizedDescription)")
        }
    }

    /// Every `*.cedar` file under `directory`, by path relative to it.
    static func loadPolicies(_ directory: String) throws -> PolicySet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GatewayError(
                .startupFailed,
                "the policy directory `\(directory)` does not exist; pass --policies DIR (the repository's is `policies`)"
            )
        }
        var sources: [PolicySet.Source] = []
        let walker = FileManager.default.enumerator(atPath: directory)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".cedar"), !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
                continue
            }
            guard let data = FileManager.default.contents(atPath: directory + "/" + path),
                let text = String(data: data, encoding: .utf8)
            else { throw GatewayError(.startupFailed, "cannot read `\(directory)/\(path)`") }
            sources.append(PolicySet.Source(name: path, text: text))
        }
        do {
            return try PolicySet(sources: sources)
        } catch {
            throw GatewayError(.startupFailed, "policies in `\(directory)` do not load: \(error)")
        }
    }
}

/// Forwards the server's connection events to the HTTP metrics.
struct ServerMetricsObserver: ServerObserver {
    let metrics: HTTPMetrics
    func connectionOpened() { metrics.connectionOpened() }
    func connectionClosed() { metrics.connectionClosed() }
    func connectionRefused() { metrics.connectionRefused() }
    func requestRejected(status: Int, code: String) { metrics.requestRejected(status: status, code: code) }
}
