import Cryptography
import JSON
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
        default:
            // Never echo an unexpected error's description: it may carry internals.
            return APIError(
                status: 500, code: GatewayError.Code.internalError.rawValue,
                detail: "the server could not complete the request; it has been logged with this request's id")
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
