/// Runs operations that share a key one at a time, in arrival order; different keys run freely.
/// Publishes of one workflow go through it, so concurrent publishers each get the next version
/// instead of racing for the same one.
actor KeyedSerializer {
    private var tails: [String: Task<Void, Never>] = [:]

    func run<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let operation = Task { () async throws -> T in
            await previous?.value
            return try await body()
        }
        let tail = Task { _ = try? await operation.value }
        tails[key] = tail
        defer {
            // The last one out removes the key, so the table does not grow with every workflow.
            if tails[key] == tail { tails[key] = nil }
        }
        return try await operation.value
    }
}
