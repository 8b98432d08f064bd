import Foundation
import TestSupport

/// Readers for the third-party vector files under `shared/vectors/`, which stay where they are.
enum VectorFiles {
    /// A vector file that does not have the layout its README describes.
    struct MalformedVector: Error, CustomStringConvertible {
        var description: String
    }

    /// The top-level JSON object of a vector file.
    static func jsonObject(_ relativePath: String) throws -> [String: Any] {
        let data = try Vectors.data(relativePath)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MalformedVector(description: "\(relativePath) is not a JSON object")
        }
        return object
    }

    /// The records of a NIST CAVP `.rsp` file: each `key = value` line, grouped at blank lines,
    /// with `#` comments and `[L = 32]` section headers skipped. CRLF and LF both work.
    static func rspRecords(_ relativePath: String) throws -> [[String: String]] {
        let text = String(decoding: try Vectors.data(relativePath), as: UTF8.self)
        var records: [[String: String]] = []
        var current: [String: String] = [:]
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty {
                if !current.isEmpty { records.append(current) }
                current = [:]
                continue
            }
            if line.hasPrefix("#") || line.hasPrefix("[") { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw MalformedVector(description: "\(relativePath): unexpected line \(line)")
            }
            current[parts[0]] = parts[1]
        }
        if !current.isEmpty { records.append(current) }
        return records
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A string member, or an error naming it.
    func string(_ key: String) throws -> String {
        guard let value = self[key] as? String else {
            throw VectorFiles.MalformedVector(description: "missing string member `\(key)`")
        }
        return value
    }

    /// An integer member, or an error naming it.
    func int(_ key: String) throws -> Int {
        guard let value = self[key] as? Int else {
            throw VectorFiles.MalformedVector(description: "missing integer member `\(key)`")
        }
        return value
    }

    /// An array-of-objects member, or an error naming it.
    func objects(_ key: String) throws -> [[String: Any]] {
        guard let value = self[key] as? [[String: Any]] else {
            throw VectorFiles.MalformedVector(description: "missing array member `\(key)`")
        }
        return value
    }

    /// An object member, or an error naming it.
    func object(_ key: String) throws -> [String: Any] {
        guard let value = self[key] as? [String: Any] else {
            throw VectorFiles.MalformedVector(description: "missing object member `\(key)`")
        }
        return value
    }
}
