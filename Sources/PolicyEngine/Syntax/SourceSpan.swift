/// A position in policy text: 1-based line and column (in Unicode scalars) and a 0-based UTF-8 offset.
public struct SourcePosition: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
}

/// Where something is in policy text: the source's name and the half-open range `[start, end)`.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// The source's name, usually a path relative to the policy directory.
    public var source: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(source: String, start: SourcePosition, end: SourcePosition) {
        self.source = source
        self.start = start
        self.end = end
    }

    /// The smallest span covering both.
    func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(
            source: source,
            start: start.offset <= other.start.offset ? start : other.start,
            end: end.offset >= other.end.offset ? end : other.end)
    }

    /// `file:line:column`.
    public var description: String { "\(source):\(start.line):\(start.column)" }
}
