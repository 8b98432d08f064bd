import Synchronization
import Testing

@testable import Gateway

struct RateLimiterTests {
    @Test func allowsABurstUpToCapacityThenDenies() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 3, refillPerSecond: 1, clock: clock.read)
        let decisions = (0..<4).map { _ in limiter.acquire("acme") }
        #expect(decisions.map(\.allowed) == [true, true, true, false])
        #expect(decisions.map(\.remaining) == [2, 1, 0, 0])
        #expect(decisions.map(\.resetSeconds) == [1, 2, 3, 3])
        #expect(decisions.map(\.retryAfterSeconds) == [nil, nil, nil, 1])
        #expect(decisions.allSatisfy { $0.limit == 3 })
    }

    @Test func refillsLazilyAtTheRateAndNeverAboveCapacity() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 10, refillPerSecond: 2, clock: clock.read)
        for _ in 0..<10 { #expect(limiter.acquire("acme").allowed) }
        #expect(!limiter.acquire("acme").allowed)
        clock.advance(by: 1.25)  // 2.5 tokens earned
        #expect(limiter.acquire("acme") == decision(allowed: true, remaining: 1, reset: 5))  // 1.5 left
        #expect(limiter.acquire("acme") == decision(allowed: true, remaining: 0, reset: 5))  // 0.5 left
        #expect(limiter.acquire("acme") == decision(allowed: false, remaining: 0, reset: 5, retryAfter: 1))
        clock.advance(by: 1_000)
        #expect(limiter.acquire("acme") == decision(allowed: true, remaining: 9, reset: 1))
    }

    @Test func computesRetryAfterForTheCostAndRoundsUp() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 10, refillPerSecond: 0.5, clock: clock.read)
        #expect(limiter.acquire("hook", cost: 9).remaining == 1)
        // 1 token left, 5 needed: 4 more at 0.5/s is 8 s; the bucket is full in 18 s.
        #expect(
            limiter.acquire("hook", cost: 5)
                == decision(limit: 10, allowed: false, remaining: 1, reset: 18, retryAfter: 8))
        clock.advance(by: 7.9)
        // 4.95 tokens: still short by a twentieth of a token, so at least 1 s.
        #expect(limiter.acquire("hook", cost: 5).retryAfterSeconds == 1)
        clock.advance(by: 0.1)
        #expect(limiter.acquire("hook", cost: 5) == decision(limit: 10, allowed: true, remaining: 0, reset: 20))
    }

    @Test func countsFloatingPointRefillAsWholeTokens() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 10, clock: clock.read)
        #expect(limiter.acquire("k").allowed)
        for _ in 0..<10 {
            clock.advance(by: 0.01)  // 0.1 token each, which does not add up to 1.0 exactly
        }
        #expect(limiter.acquire("k").allowed)
    }

    @Test func keepsOneBucketPerKey() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1, clock: clock.read)
        #expect(limiter.acquire("a").allowed)
        #expect(!limiter.acquire("a").allowed)
        #expect(limiter.acquire("b").allowed)
    }

    @Test func forgetsTheLeastRecentlyUsedKeyBeyondMaxKeys() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.001, maxKeys: 3, clock: clock.read)
        for key in ["a", "b", "c"] { #expect(limiter.acquire(key).allowed) }
        #expect(!limiter.acquire("a").allowed)  // "a" is now the most recent; "b" the least.
        #expect(limiter.acquire("d").allowed)  // evicts "b"
        #expect(limiter.keyCount == 3)
        #expect(!limiter.acquire("a").allowed)
        #expect(!limiter.acquire("c").allowed)
        #expect(limiter.acquire("b").allowed)  // forgotten, so full again; evicts "d"
        #expect(limiter.acquire("d").allowed)
        #expect(limiter.keyCount == 3)
        for index in 0..<1_000 { _ = limiter.acquire("k\(index)") }
        #expect(limiter.keyCount == 3)
    }

    @Test func earnsNothingWhenTheClockStepsBack() {
        let clock = ManualClock(now: 100)
        let limiter = RateLimiter(capacity: 2, refillPerSecond: 1, clock: clock.read)
        #expect(limiter.acquire("k", cost: 2).allowed)
        clock.advance(by: -50)
        #expect(!limiter.acquire("k").allowed)
        clock.advance(by: 51)
        #expect(limiter.acquire("k").allowed)
    }

    @Test func allowsACostOfZeroAsAPeek() {
        let limiter = RateLimiter(capacity: 5, refillPerSecond: 1, clock: ManualClock().read)
        #expect(limiter.acquire("k", cost: 0) == decision(limit: 5, allowed: true, remaining: 5, reset: 0))
    }

    @Test func givesTheRateLimitHeadersAndRetryAfterOnlyWhenDenied() {
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.1, clock: clock.read)
        let allowed = limiter.headers(for: limiter.acquire("k"))
        #expect(allowed.map(\.0) == ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"])
        #expect(allowed.map(\.1) == ["1", "0", "10"])
        clock.advance(by: 2.5)
        let denied = limiter.headers(for: limiter.acquire("k"))
        #expect(denied.map(\.0) == ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"])
        #expect(denied.map(\.1) == ["1", "0", "8", "8"])
    }

    @Test func spendsExactlyTheCapacityUnderConcurrentCallers() async {
        let limiter = RateLimiter(capacity: 500, refillPerSecond: 1e-9, clock: ManualClock().read)
        let allowed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<200).filter { _ in limiter.acquire("shared").allowed }.count }
            }
            return await group.reduce(0, +)
        }
        #expect(allowed == 500)
    }

    private func decision(
        limit: Int = 10, allowed: Bool, remaining: Int, reset: Int, retryAfter: Int? = nil
    ) -> RateLimiter.Decision {
        RateLimiter.Decision(
            allowed: allowed, limit: limit, remaining: remaining, resetSeconds: reset, retryAfterSeconds: retryAfter)
    }
}

/// A clock the test moves by hand.
private final class ManualClock: Sendable {
    private let seconds: Mutex<Double>

    init(now: Double = 0) { seconds = Mutex(now) }

    @Sendable func read() -> Double { seconds.withLock { $0 } }

    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
}
