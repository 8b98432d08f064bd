import JSON
import Ledger
import Orchestrator
import PolicyEngine
import Testing

@testable import Gateway

/// Errors become RFC 9457 problems with stable codes, in one place, and reveal nothing unexpected.
struct ProblemMapperTests {
    @Test func writesEveryProblemMember() throws {
        let error = APIError(
            status: 404, code: "gateway.not_found", detail: "no workflow `w1`", extensions: ["extra": 1])
        let response = error.response(instance: "urn:maestro:request:abc")
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let problem = try JSONValue.parse(response.bytesBody)
        #expect(problem["type"] == "urn:maestro:problem:gateway.not_found")
        #expect(problem["title"] == "Not Found")
        #expect(problem["status"] == 404)
        #expect(problem["detail"] == "no workflow `w1`")
        #expect(problem["code"] == "gateway.not_found")
        #expect(problem["instance"] == "urn:maestro:request:abc")
        #expect(problem["extra"] == 1)
    }

    @Test func mapsStoreAndLedgerErrors() {
        #expect(ProblemMapper.apiError(for: WorkflowError(.revisionMismatch, "x")).status == 412)
        #expect(ProblemMapper.apiError(for: WorkflowError(.stateConflict, "x")).status == 409)
        #expect(ProblemMapper.apiError(for: WorkflowError(.notFound, "x")).status == 404)
        #expect(ProblemMapper.apiError(for: WorkflowError(.storeFailed, "x")).status == 503)
        let ledger = ProblemMapper.apiError(for: LedgerError(.ioFailed, "cannot write `/secret/path`"))
        #expect(ledger.status == 503 && ledger.code == "ledger.io_failed" && !ledger.detail.contains("/secret"))
        #expect(ledger.headers["Retry-After"] == "5")
    }

    @Test func mapsEachModulesErrors() {
        #expect(ProblemMapper.apiError(for: JSONError(.unexpectedEnd, "x")).status == 400)
        #expect(ProblemMapper.apiError(for: JSONError(.tooLarge, "x")).status == 413)
        let auth = ProblemMapper.apiError(for: AuthError(AuthErrorCode.tokenExpired, "the token expired"))
        #expect(auth.status == 401)
        #expect(auth.headers["WWW-Authenticate"]?.hasPrefix("Bearer realm=\"maestro\"") == true)
        #expect(ProblemMapper.apiError(for: PolicyError(.invalidRequest, "x")).code == "policy.invalid_request")
        #expect(ProblemMapper.apiError(for: GatewayError(.rateLimited, "x")).status == 429)
    }

    struct Secret: Error, CustomStringConvertible { var description: String { "password=hunter2" } }

    @Test func unexpectedErrorsRevealNothing() throws {
        let error = ProblemMapper.apiError(for: Secret())
        #expect(error.status == 500)
        #expect(error.code == "gateway.internal_error")
        let body = String(decoding: error.response(instance: "i").bytesBody, as: UTF8.self)
        #expect(!body.contains("hunter2"))
    }
}
