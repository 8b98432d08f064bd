import Cryptography
import JSON
import Ledger
import Orchestrator
import PolicyEngine

/// The one place where errors become HTTP responses. Each module's error maps to a status by its
/// code; anything unexpected is a `500` whose detail reveals nothing of the internals.
public enum ProblemMapper {
    public static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as JSONError:
            let status = error.code == .tooLarge ? 413 : 400
            return APIError(
                status: status, code: error.code.rawValue,
                detail: "the request body is not valid JSON: \(error.message)")
        case let error as AuthError:
            var headers = HTTPHeaders()
            headers.set("WWW-Authenticate", error.wwwAuthenticate)
            return APIError(status: 401, code: error.code, detail: error.message, headers: headers)
        case let error as PolicyError:
            return APIError(status: 400, code: error.code.rawValue, detail: error.message)
        case let error as GatewayError:
            return APIError(status: error.httpStatus, code: error.code.rawValue, detail: error.message)
        case let error as HTTPParseError:
            return APIError(status: error.status, code: error.code, detail: error.message)
        case let error as WorkflowError:
            return APIError(status: error.httpStatus, code: error.code.rawValue, detail: error.message)
        case let error as LedgerError:
            // A ledger that cannot take the entry now is unavailable; the details are internal.
            return APIError(
                status: 503, code: error.code.rawValue,
                detail: "the ledger cannot take entries right now; retry shortly",
                headers: ["Retry-After": "5"])
        default:
            // Never echo an unexpected error's description: it may carry internals.
            return APIError(
                status: 500, code: GatewayError.Code.internalError.rawValue,
                detail: "the server could not complete the request; it has been logged with this request's id")
        }
    }
}

extension WorkflowError {
    /// The status this error answers with.
    public var httpStatus: Int {
        switch code {
        case .notFound: return 404
        case .revisionMismatch: return 412
        case .revisionRequired: return 428
        case .stateConflict: return 409
        case .idempotencyKeyReused, .invalid: return 422
        case .storeFailed, .ledgerPending: return 503
        default: return 400  // the definition errors: the request was wrong
        }
    }
}

extension GatewayError {
    /// The status this error answers with.
    public var httpStatus: Int {
        switch code {
        case .notFound: return 404
        case .methodNotAllowed: return 405
        case .unsupportedMediaType: return 415
        case .invalidParameter: return 400
        case .rateLimited: return 429
        case .unavailable: return 503
        default: return 500
        }
    }
}
