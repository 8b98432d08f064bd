/// The writer a streamed response's producer gets: each piece goes to the connection's loop,
/// and `write` returns once the loop has room for more (backpressure).
struct StreamWriter: ResponseBodyWriter {
    let loop: EventLoop
    let connection: ConnectionID

    func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.send(.streamChunk(connection, bytes, continuation))
        }
    }
}

/// The client of a streamed response is gone, or stopped reading for longer than the write timeout.
struct StreamClosed: Error {}
