import Cryptography
import Foundation
import TestSupport

/// Readers for the JWS/JWT vectors in `shared/vectors/jwt/`, which stay where they are.
enum JWTVectorFile {
    /// The vector folder's name under `shared/vectors/`.
    static let topic = "jwt"

    /// A vector file that does not have the layout its README describes.
    struct MalformedVector: Error, CustomStringConvertible {
        var description: String
    }

    /// The top-level JSON object of `jwt/<name>`.
    static func object(_ name: String) throws -> [String: Any] {
        let data = try Vectors.data("\(topic)/\(name)")
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MalformedVector(description: "\(name) is not a JSON object")
        }
        return object
    }

    /// The bytes of a JWK member (`k`, `x`, `d`), which are base64url.
    static func jwkBytes(_ jwk: [String: Any], _ member: String) throws -> [UInt8] {
        guard let text = jwk[member] as? String else {
            throw MalformedVector(description: "JWK without `\(member)`")
        }
        return try Base64URL.decode(text)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A member of the given type, or an error naming it.
    func member<T>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = self[key] as? T else {
            throw JWTVectorFile.MalformedVector(description: "member `\(key)` is missing or not a \(T.self)")
        }
        return value
    }
}
