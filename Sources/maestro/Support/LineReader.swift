import Foundation

/// Reads a file (or standard input) line by line in large chunks, so that a batch of millions of
/// requests streams through in bounded memory.
struct LineReader {
    /// Lines longer than this are an error, not an allocation.
    static let maximumLineBytes = 64 << 20
    private static let chunkBytes = 1 << 20

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var isAtEnd = false
    /// Called before each blocking read, so output can be flushed while waiting for input.
    var willRead: () -> Void = {}
    /// Whether a `\r` before the `\n` is dropped (text lines) or kept (exact bytes).
    var dropsCarriageReturn = true

    /// Opens `path`, or standard input for `-`.
    init(path: String) throws(OperationError) {
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else { throw OperationError("cannot read `\(path)`") }
            handle = file
        }
    }

    /// The next line without its `\n` (and without a `\r` before it), or `nil` at the end.
    mutating func next() throws(OperationError) -> ArraySlice<UInt8>? {
        while true {
            if let line = try nextBuffered() { return line }
            if isAtEnd { return nil }
            willRead()
            try fill()
        }
    }

    /// The next line if one is already in memory (or the last, unterminated one at the end of
    /// input); `nil` when more input must be read first, or at the end.
    mutating func nextBuffered() throws(OperationError) -> ArraySlice<UInt8>? {
        if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if dropsCarriageReturn && end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = buffer[start..<end]
            start = newline + 1
            return line
        }
        if isAtEnd && start < buffer.count {
            let line = buffer[start...]
            start = buffer.count
            return line
        }
        guard buffer.count - start <= Self.maximumLineBytes else {
            throw OperationError("a line is longer than \(Self.maximumLineBytes >> 20) MiB")
        }
        return nil
    }

    /// Whether everything has been read and returned.
    var isExhausted: Bool { isAtEnd && start >= buffer.count }

    /// Reads what input is available, up to one chunk (may block until some is).
    ///
    /// One `read(2)`, not `FileHandle.readData(ofLength:)`, which keeps reading until the whole
    /// chunk is filled and so would hold back decisions for interactive input.
    mutating func fill() throws(OperationError) {
        buffer.removeSubrange(0..<start)
        start = 0
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkBytes))
        let descriptor = handle.fileDescriptor
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, Self.chunkBytes) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            buffer.removeSubrange(old...)
            throw OperationError("cannot read input: \(String(cString: strerror(errno)))")
        }
        buffer.removeSubrange((old + count)...)
        if count == 0 { isAtEnd = true }
    }
}

/// Collects output and writes it to standard output in large blocks.
final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let limit = 64 << 10

    func append(_ line: [UInt8]) {
        bytes.append(contentsOf: line)
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count >= limit { flush() }
    }

    func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}
