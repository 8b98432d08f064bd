/// A child's standard output or error, as kept: the first `limit` bytes, and whether there was more.
struct CapturedOutput: Sendable, Equatable {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var isTruncated = false

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Keeps what fits under the limit and drops the rest (which the child must still be able to write).
    mutating func append(_ chunk: some Collection<UInt8>) {
        let room = limit - bytes.count
        if chunk.count > room { isTruncated = true }
        if room > 0 { bytes += chunk.prefix(room) }
    }

    /// The bytes as UTF-8 text; a sequence cut off at the limit is dropped, not shown as U+FFFD.
    var text: String {
        var end = bytes.count
        if isTruncated {
            // Back up over the continuation bytes of a final sequence that the cut left incomplete.
            var start = end
            while start > 0, start > end - 4, bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
            if start > 0 {
                let lead = bytes[start - 1]
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if length > end - (start - 1) { end = start - 1 }
            }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
