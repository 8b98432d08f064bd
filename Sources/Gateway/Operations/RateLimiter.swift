import Glibc
import Synchronization

/// Token buckets keyed by string (tenant ids, webhook triggers): each key may spend up to
/// `capacity` tokens at once, and earns `refillPerSecond` back, up to `capacity`.
///
/// Buckets are refilled lazily, when their key is next used, so an idle key costs nothing but
/// its memory; at most `maxKeys` are kept, and past that the least recently used is forgotten
/// (that key starts again with a full bucket, the same as a key idle long enough to refill).
/// One lock guards every bucket, held only for the arithmetic.
public final class RateLimiter: Sendable {
    /// The answer to ``acquire(_:cost:)``, with what the client should be told.
    public struct Decision: Sendable, Equatable {
        /// Whether the tokens were spent and the request may go ahead.
        public let allowed: Bool
        /// The bucket's capacity.
        public let limit: Int
        /// Whole tokens left after this decision.
        public let remaining: Int
        /// Whole seconds (rounded up) until the bucket is full again; 0 when it is full.
        public let resetSeconds: Int
        /// When denied: whole seconds (rounded up, at least 1) until `cost` tokens are available.
        public let retryAfterSeconds: Int?
    }

    private struct Bucket {
        var key: String
        var tokens: Double
        var updatedAt: Double
        // The recency list: indices into `State.buckets`, most recent at `head`; -1 ends it.
        var newer: Int
        var older: Int
    }

    private struct State {
        var indexByKey: [String: Int] = [:]
        var buckets: [Bucket] = []
        var head = -1
        var tail = -1

        /// The index of `key`'s bucket, made most recent; a new key gets a full bucket, in the slot
        /// of the least recently used key once `maxKeys` are remembered.
        mutating func touch(_ key: String, now: Double, capacity: Double, maxKeys: Int) -> Int {
            if let index = indexByKey[key] {
                unlink(index)
                pushFront(index)
                return index
            }
            let fresh = Bucket(key: key, tokens: capacity, updatedAt: now, newer: -1, older: -1)
            let index: Int
            if buckets.count < maxKeys {
                index = buckets.count
                buckets.append(fresh)
            } else {
                index = tail
                unlink(index)
                indexByKey[buckets[index].key] = nil
                buckets[index] = fresh
            }
            indexByKey[key] = index
            pushFront(index)
            return index
        }

        private mutating func unlink(_ index: Int) {
            let (newer, older) = (buckets[index].newer, buckets[index].older)
            if newer >= 0 { buckets[newer].older = older } else { head = older }
            if older >= 0 { buckets[older].newer = newer } else { tail = newer }
            buckets[index].newer = -1
            buckets[index].older = -1
        }

        private mutating func pushFront(_ index: Int) {
            buckets[index].older = head
            if head >= 0 { buckets[head].newer = index }
            head = index
            if tail < 0 { tail = index }
        }
    }

    /// The bucket size.
    public let capacity: Int
    /// Tokens earned back per second.
    public let refillPerSecond: Double
    /// The most keys remembered.
    public let maxKeys: Int
    private let clock: @Sendable () -> Double
    private let state = Mutex(State())

    /// Makes a limiter with every bucket full.
    /// - Parameters:
    ///   - capacity: the bucket size, the largest burst. Requires `capacity > 0`.
    ///   - refillPerSecond: the sustained rate. Requires `refillPerSecond > 0`.
    ///   - maxKeys: the most keys remembered. Requires `maxKeys > 0`.
    ///   - clock: seconds from any fixed origin, never going backwards; monotonic by default.
    public init(
        capacity: Int, refillPerSecond: Double, maxKeys: Int = 100_000,
        clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds
    ) {
        precondition(capacity > 0, "a rate limit needs a capacity of at least 1")
        precondition(refillPerSecond > 0 && refillPerSecond.isFinite, "a rate limit needs a positive refill rate")
        precondition(maxKeys > 0, "a rate limiter must remember at least one key")
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.maxKeys = maxKeys
        self.clock = clock
    }

    /// `CLOCK_MONOTONIC` in seconds: the default clock.
    public static let monotonicSeconds: @Sendable () -> Double = {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Spends `cost` tokens from `key`'s bucket if it holds that many; otherwise spends nothing.
    /// - Parameters:
    ///   - key: whose bucket, such as a tenant id.
    ///   - cost: tokens to spend. Requires `0 <= cost <= capacity` (more could never be allowed).
    /// - Returns: whether it was allowed, and the numbers for the response headers.
    public func acquire(_ key: String, cost: Int = 1) -> Decision {
        precondition(cost >= 0 && cost <= capacity, "cost \(cost) is outside 0...\(capacity)")
        let now = clock()
        let capacity = Double(self.capacity)
        let rate = refillPerSecond
        let maxKeys = maxKeys
        let tokens: Double
        let allowed: Bool
        (tokens, allowed) = state.withLock { state in
            let index = state.touch(key, now: now, capacity: capacity, maxKeys: maxKeys)
            // Lazy refill: what was earned since the last use, up to the capacity. A clock that
            // steps back earns nothing rather than taking tokens away.
            let elapsed = max(0, now - state.buckets[index].updatedAt)
            var tokens = min(capacity, state.buckets[index].tokens + elapsed * rate)
            // The tolerance keeps float noise (0.1 s × 10/s = 0.9999…) from denying an earned token.
            let allowed = tokens + Self.tolerance >= Double(cost)
            if allowed { tokens = max(0, tokens - Double(cost)) }
            state.buckets[index].tokens = tokens
            state.buckets[index].updatedAt = max(now, state.buckets[index].updatedAt)
            return (tokens, allowed)
        }
        return Decision(
            allowed: allowed, limit: self.capacity, remaining: Int((tokens + Self.tolerance).rounded(.down)),
            resetSeconds: Self.wholeSeconds((capacity - tokens) / rate),
            retryAfterSeconds: allowed ? nil : max(1, Self.wholeSeconds((Double(cost) - tokens) / rate)))
    }

    /// The response headers for a decision: `RateLimit-Limit`, `RateLimit-Remaining` and
    /// `RateLimit-Reset` (draft-ietf-httpapi-ratelimit-headers, the fields of drafts 00–06), and
    /// `Retry-After` (RFC 9110 §10.2.3, delay in seconds) when the request was denied.
    /// - Parameter decision: what ``acquire(_:cost:)`` returned.
    /// - Returns: name–value pairs, in that order.
    public func headers(for decision: Decision) -> [(String, String)] {
        var headers = [
            ("RateLimit-Limit", String(decision.limit)),
            ("RateLimit-Remaining", String(decision.remaining)),
            ("RateLimit-Reset", String(decision.resetSeconds)),
        ]
        if let retryAfter = decision.retryAfterSeconds { headers.append(("Retry-After", String(retryAfter))) }
        return headers
    }

    /// How many keys are remembered now, for tests.
    var keyCount: Int { state.withLock { $0.indexByKey.count } }

    /// How far below a whole token (or second) a value may fall and still count as it.
    private static let tolerance = 1e-9

    /// Seconds rounded up to a whole number, tolerating float noise just above an integer.
    private static func wholeSeconds(_ seconds: Double) -> Int {
        guard seconds > tolerance else { return 0 }
        return Int((seconds - tolerance).rounded(.up))
    }
}
