// Byte-buffer helpers shared by the codecs and the OpenSSL call sites.

/// Calls `body` with the sequence's bytes in contiguous memory, copying only when it must.
///
/// The buffer's base address is never `nil`, even for no bytes, because several OpenSSL functions
/// reject a null pointer whatever the length.
func withContiguousBytes<Result>(
    of bytes: some Sequence<UInt8>,
    _ body: (UnsafeRawBufferPointer) -> Result
) -> Result {
    let direct = bytes.withContiguousStorageIfAvailable { buffer -> Result in
        withNonNullBase(UnsafeRawBufferPointer(buffer), body)
    }
    if let direct { return direct }
    return Array(bytes).withUnsafeBytes { withNonNullBase($0, body) }
}

/// Calls `body` with the sequence's bytes in one or more contiguous pieces, in order.
///
/// Contiguous collections are passed whole and in place; any other sequence is copied through a
/// 4 KiB stack buffer, so that a very long lazy sequence is never materialised whole.
func forEachContiguousChunk(of bytes: some Sequence<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
    let done: Void? = bytes.withContiguousStorageIfAvailable { body(UnsafeRawBufferPointer($0)) }
    if done != nil { return }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { chunk in
        var iterator = bytes.makeIterator()
        while true {
            var filled = 0
            while filled < chunk.count, let byte = iterator.next() {
                chunk[filled] = byte
                filled += 1
            }
            if filled > 0 { body(UnsafeRawBufferPointer(start: chunk.baseAddress, count: filled)) }
            if filled < chunk.count { return }
        }
    }
}

/// Calls `body` with `buffer`, or with an empty buffer at a valid address when `buffer` has none.
func withNonNullBase<Result>(
    _ buffer: UnsafeRawBufferPointer,
    _ body: (UnsafeRawBufferPointer) -> Result
) -> Result {
    if buffer.baseAddress != nil { return body(buffer) }
    return withUnsafeTemporaryAllocation(byteCount: 1, alignment: 1) { scratch in
        body(UnsafeRawBufferPointer(start: scratch.baseAddress, count: 0))
    }
}

/// Calls `body` with the UTF-8 code units of `text`, copying only for a bridged (non-native) string.
func withUTF8Bytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let direct = text.utf8.withContiguousStorageIfAvailable(body) { return direct }
    return Array(text.utf8).withUnsafeBufferPointer(body)
}

extension StaticString {
    /// The byte at `index` of an ASCII static string, read without any bounds or encoding check.
    ///
    /// Requires `0 <= index < utf8CodeUnitCount`.
    @inline(__always)
    subscript(_ index: Int) -> UInt8 {
        utf8Start[index]
    }
}
