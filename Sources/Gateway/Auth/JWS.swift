import Cryptography
import JSON

/// A JSON Web Signature in the compact serialization (RFC 7515 §7.1), parsed but not verified.
///
/// Parsing is strict and happens before any key is chosen: exactly three segments, each canonical
/// unpadded base64url (RFC 7515 §2), a protected header that is a JSON object naming no member
/// twice (RFC 7515 §4, RFC 7493 §2.3) with a string `alg`, and no `crit` parameter. The JSON
/// serialization (RFC 7515 §7.2) is not accepted. Header parameters that carry or point to keys
/// (`jwk`, `jku`, `x5u`, `x5c`) are never read (RFC 8725 §3.10): keys come from configuration only.
struct JWS: Sendable {
    /// The protected header, a JSON object.
    let header: [String: JSONValue]
    /// The header's `alg` (RFC 7515 §4.1.1), as written: names are case-sensitive.
    let algorithm: String
    /// The header's `kid` (RFC 7515 §4.1.4), if any.
    let keyID: String?
    /// The decoded payload.
    let payload: [UInt8]
    /// The decoded signature or MAC.
    let signature: [UInt8]
    /// The JWS Signing Input, `ASCII(BASE64URL(header) || '.' || BASE64URL(payload))` (RFC 7515 §5.1).
    let signingInput: [UInt8]

    /// The longest token accepted, in bytes. Our tokens take about 400; the bound keeps a hostile
    /// header from costing more than a little parsing.
    static let maximumByteCount = 8 * 1024

    /// Header JSON limits: a header is a flat object, so little nesting is needed.
    static let headerOptions = JSONParseOptions(maxDepth: 8, maxBytes: maximumByteCount, duplicateKeys: .reject)

    /// Parses a compact-serialized JWS.
    ///
    /// - Parameter compact: The token, `header.payload.signature`.
    /// - Returns: The parsed JWS, not yet verified.
    /// - Throws: `gateway.token_malformed` for a token over ``maximumByteCount`` bytes, the JSON
    ///   serialization, a segment count other than three, a segment that is not canonical base64url,
    ///   a header that is not a JSON object (or names a member twice), a missing or non-string `alg`,
    ///   or a non-string `kid`; `gateway.token_critical_header` for any `crit` parameter.
    static func parse(_ compact: String) throws(AuthError) -> JWS {
        let bytes = Array(compact.utf8)
        guard bytes.count <= maximumByteCount else {
            throw AuthError(
                AuthErrorCode.tokenMalformed, "token of \(bytes.count) bytes exceeds the limit of \(maximumByteCount)")
        }
        if bytes.first == UInt8(ascii: "{") {
            // RFC 7515 §7.2: a JSON-serialized JWS starts with `{`; only §7.1 is accepted here.
            throw AuthError(AuthErrorCode.tokenMalformed, "token uses the JWS JSON serialization, not the compact one")
        }
        // RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature).
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw AuthError(AuthErrorCode.tokenMalformed, "token has \(segments.count) segments, not 3")
        }
        guard !segments[0].isEmpty else {
            throw AuthError(AuthErrorCode.tokenMalformed, "token has an empty header segment")
        }
        let headerBytes = try decode(segments[0], name: "header")

        let value: JSONValue
        do {
            value = try JSONValue.parse(headerBytes, options: headerOptions)
        } catch {
            throw AuthError(AuthErrorCode.tokenMalformed, "token header is not valid JSON: \(error.message)")
        }
        guard let header = value.objectValue else {
            throw AuthError(AuthErrorCode.tokenMalformed, "token header is a JSON \(value.typeName), not an object")
        }

        // RFC 7515 §4.1.1: `alg` MUST be present.
        guard let algorithm = header["alg"]?.stringValue else {
            let problem = header["alg"].map { "is a JSON \($0.typeName)" } ?? "is missing"
            throw AuthError(AuthErrorCode.tokenMalformed, "token header parameter `alg` \(problem), not a string")
        }
        // RFC 7515 §4.1.11: a recipient MUST reject a JWS whose `crit` lists an extension it does
        // not understand, and we understand none. An empty list is itself invalid ("MUST NOT be
        // the empty list"), which recipients MAY reject: we do, the stricter choice.
        if header["crit"] != nil {
            throw AuthError(
                AuthErrorCode.tokenCriticalHeader, "token header has a `crit` parameter, and no extension is supported")
        }
        var keyID: String? = nil
        if let kid = header["kid"] {
            guard let text = kid.stringValue else {
                throw AuthError(
                    AuthErrorCode.tokenMalformed, "token header `kid` is a JSON \(kid.typeName), not a string")
            }
            keyID = text
        }
        // The header's problems are reported before any in the other two segments.
        let payload = try decode(segments[1], name: "payload")
        let signature = try decode(segments[2], name: "signature")
        return JWS(
            header: header, algorithm: algorithm, keyID: keyID, payload: payload, signature: signature,
            signingInput: Array(bytes[..<segments[1].endIndex]))
    }

    /// Decodes one segment as canonical unpadded base64url (RFC 7515 §2).
    private static func decode(_ segment: ArraySlice<UInt8>, name: String) throws(AuthError) -> [UInt8] {
        do {
            return try Base64URL.decode(String(decoding: segment, as: UTF8.self))
        } catch {
            throw AuthError(AuthErrorCode.tokenMalformed, "token \(name) segment is not canonical base64url")
        }
    }
}
