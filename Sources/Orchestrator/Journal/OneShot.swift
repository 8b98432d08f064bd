import Synchronization

/// A value delivered once, from any thread, to one async waiter — whichever comes first.
final class OneShot<Value: Sendable>: Sendable {
    private enum Slot {
        case empty
        case waiting(CheckedContinuation<Value, Never>)
        case delivered(Value)
    }

    private let slot = Mutex(Slot.empty)

    /// Delivers the value; later calls are ignored.
    func fulfil(_ value: Value) {
        let waiter: CheckedContinuation<Value, Never>? = slot.withLock { slot in
            switch slot {
            case .empty:
                slot = .delivered(value)
                return nil
            case .waiting(let continuation):
                slot = .delivered(value)
                return continuation
            case .delivered:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    /// Waits for the value (returns at once if it has arrived).
    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Value? = slot.withLock { slot in
                    if case .delivered(let value) = slot { return value }
                    slot = .waiting(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
