extension RequestParser {
    /// The lines the parser reads, each with its own bytes, limit and errors.
    enum LineKind: Sendable {
        case requestLine
        case headerField
        case chunkLine
        case trailerField
    }

    /// What scanning a line found.
    enum LineScan: Sendable, Equatable {
        /// The line ends with the CRLF at this index.
        case line(end: Int)
        /// No CRLF yet; scanning resumes at this index.
        case needMore(resumeAt: Int)
        /// The byte at this index may not appear here.
        case invalid(at: Int)
    }

    /// Reads one CRLF-terminated line and consumes it.
    ///
    /// Bytes are checked as they arrive, once each: a bare CR, a bare LF (RFC 9112 §2.2) or a control
    /// character throws at once, and so does a line that cannot fit its limit.
    /// - Returns: the line's range in `buffer`, CRLF excluded, or nil when more bytes are needed.
    mutating func readLine(_ kind: LineKind, _ p: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Range<Int>? {
        let budget = lineBudget(kind)
        let start = readIndex
        let available = p.count - start
        // The scan never looks past what the limit allows, so an over-long line is reported as such
        // whatever follows it and however the bytes were split.
        let window = min(max(budget, 0), available)
        let resumeAt = start + scannedCount
        let scan = Self.scanLine(p, from: resumeAt, to: start + window, allowsFieldText: kind != .requestLine)
        switch scan {
        case .line(let end):
            readIndex = end + 2
            scannedCount = 0
            return start..<end
        case .needMore(let position):
            if budget <= available { throw tooLong(kind) }
            scannedCount = position - start
            return nil
        case .invalid(let position):
            throw invalidByte(kind, p[position])
        }
    }

    /// The bytes a line of this kind may take, its CRLF included.
    private func lineBudget(_ kind: LineKind) -> Int {
        switch kind {
        case .requestLine: return Self.addingCRLF(limits.maxRequestLineBytes)
        case .headerField, .trailerField: return limits.maxHeaderBytes - message.sectionBytes
        case .chunkLine: return Self.addingCRLF(limits.maxChunkLineBytes)
        }
    }

    private static func addingCRLF(_ count: Int) -> Int { count > Int.max - 2 ? Int.max : count + 2 }

    /// Finds the CRLF ending a line in `p[start..<end]`, checking every byte before it: visible
    /// ASCII and SP anywhere; HTAB and obs-text (0x80–0xFF) only in field and chunk lines.
    @inline(__always)
    static func scanLine(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, allowsFieldText: Bool)
        -> LineScan
    {
        var index = start
        // Eight bytes at a time while none needs a closer look (SWAR; most lines are plain text).
        if let base = p.baseAddress {
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if needsCloserLook(word, allowsFieldText: allowsFieldText) { break }
                index += 8
            }
        }
        while index < end {
            let byte = p[index]
            if byte >= 0x20 && byte < 0x7f {
                index += 1
            } else if byte == HTTPSyntax.cr {
                guard index + 1 < end else { return .needMore(resumeAt: index) }
                return p[index + 1] == HTTPSyntax.lf ? .line(end: index) : .invalid(at: index)
            } else if allowsFieldText && (byte == HTTPSyntax.tab || byte >= 0x80) {
                index += 1
            } else {
                return .invalid(at: index)
            }
        }
        return .needMore(resumeAt: index)
    }

    /// Whether any byte of `word` is a control character (below 0x20, or DEL), or above 0x7F when
    /// `allowsFieldText` is false. Exact: it never misses such a byte.
    @inline(__always)
    private static func needsCloserLook(_ word: UInt64, allowsFieldText: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- ones &* 0x20) & ~word & highBits
        let delete = word ^ (ones &* 0x7f)
        let isDelete = (delete &- ones) & ~delete & highBits
        let isHigh = allowsFieldText ? 0 : word & highBits
        return belowSpace | isDelete | isHigh != 0
    }

    private func tooLong(_ kind: LineKind) -> HTTPParseError {
        switch kind {
        case .requestLine:
            return .requestLineTooLong("request line longer than \(limits.maxRequestLineBytes) bytes")
        case .headerField:
            return .headerSectionTooLarge("header section larger than \(limits.maxHeaderBytes) bytes")
        case .trailerField:
            return .headerSectionTooLarge("trailer section larger than \(limits.maxHeaderBytes) bytes")
        case .chunkLine:
            return .invalidChunk("chunk-size line longer than \(limits.maxChunkLineBytes) bytes")
        }
    }

    private func invalidByte(_ kind: LineKind, _ byte: UInt8) -> HTTPParseError {
        let what =
            switch byte {
            case HTTPSyntax.lf: "bare line feed"
            case HTTPSyntax.cr: "bare carriage return"
            default: "byte \(HTTPSyntax.excerpt(byte: byte))"
            }
        switch kind {
        case .requestLine: return .invalidRequestLine("\(what) in the request line")
        case .headerField: return .invalidHeader("\(what) in a header field")
        case .trailerField: return .invalidHeader("\(what) in a trailer field")
        case .chunkLine: return .invalidChunk("\(what) in a chunk-size line")
        }
    }
}
