import Cryptography
import JSON
import Synchronization

/// Remembers the claims of tokens whose signatures have verified, so a client that sends the same
/// token on every request pays for one Ed25519 verification, not one per request (about 110 µs
/// each, which otherwise dominates a cheap request).
///
/// Entries are keyed by the SHA-256 of the whole token, never by the token: a lookup compares
/// digests, so neither timing nor memory holds another client's bearer secret, and changing any
/// byte of a token misses. Only the signature is remembered; the time-dependent claims (`exp`,
/// `nbf`) are checked again on every use by the verifier.
///
/// The bound is approximate-LRU in two generations: lookups hit the current generation, or the
/// previous one (and are promoted); when the current one fills, it becomes the previous and the
/// oldest is dropped. Memory stays under `capacity` entries whatever clients send.
final class VerifiedTokenCache: Sendable {
    private struct Generations {
        var current: [SHA256Digest: [String: JSONValue]] = [:]
        var previous: [SHA256Digest: [String: JSONValue]] = [:]
    }

    private let generationCapacity: Int
    private let generations = Mutex(Generations())

    /// - Parameter capacity: the most tokens remembered at once; at least 2.
    init(capacity: Int) {
        precondition(capacity >= 2, "a token cache holds at least 2 tokens, not \(capacity)")
        generationCapacity = capacity / 2
    }

    /// The digest a token is remembered under.
    static func key(for token: String) -> SHA256Digest {
        var token = token
        return token.withUTF8 { SHA256.hash(UnsafeRawBufferPointer($0)) }
    }

    /// The claims of a token verified earlier, if it is still remembered.
    func claims(for key: SHA256Digest) -> [String: JSONValue]? {
        generations.withLock { generations in
            if let claims = generations.current[key] { return claims }
            guard let claims = generations.previous.removeValue(forKey: key) else { return nil }
            Self.insert(key, claims, into: &generations, generationCapacity: generationCapacity)
            return claims
        }
    }

    /// Remembers the claims of a token whose signature has just verified.
    func remember(_ key: SHA256Digest, claims: [String: JSONValue]) {
        generations.withLock { Self.insert(key, claims, into: &$0, generationCapacity: generationCapacity) }
    }

    /// How many tokens are remembered now.
    var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    private static func insert(
        _ key: SHA256Digest, _ claims: [String: JSONValue], into generations: inout Generations, generationCapacity: Int
    ) {
        if generations.current.count >= generationCapacity {
            generations.previous = generations.current
            generations.current = [:]
            generations.current.reserveCapacity(generationCapacity)
        }
        generations.current[key] = claims
    }
}
