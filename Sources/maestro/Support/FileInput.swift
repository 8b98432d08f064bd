import Foundation
import JSON

/// Reading the files a command is pointed at, with limits and messages that name the file.
enum FileInput {
    /// The largest file a command reads whole (policy, schema, request and entity files).
    static let maximumFileBytes = 256 << 20

    /// The bytes of `path`, or of standard input for `-`.
    /// - Throws: `OperationError` naming the file when it cannot be read or is too large.
    static func bytes(_ path: String) throws(OperationError) -> [UInt8] {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
                size > maximumFileBytes
            {
                throw OperationError("`\(path)` is larger than \(maximumFileBytes >> 20) MiB")
            }
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw OperationError("cannot read `\(path)`") }
        return [UInt8](data)
    }

    /// The text of `path` as UTF-8.
    static func text(_ path: String) throws(OperationError) -> String {
        let bytes = try bytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw OperationError("`\(path)` is not UTF-8 text")
        }
        return text
    }

    /// The JSON document in `path`.
    static func json(_ path: String) throws(OperationError) -> JSONValue {
        do {
            return try JSONValue.parse(try bytes(path), options: JSONParseOptions(maxBytes: maximumFileBytes))
        } catch let error as JSONError {
            throw OperationError("`\(path)`: \(error.code): \(error.message)")
        } catch let error as OperationError {
            throw error
        } catch {
            throw OperationError("`\(path)`: \(error)")
        }
    }

    /// Every regular file under `directory` whose name ends with `suffix`, as paths relative to
    /// `directory`, sorted; hidden files and folders are skipped.
    static func files(in directory: String, suffix: String) throws(OperationError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OperationError("`\(directory)` is not a directory")
        }
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw OperationError("cannot list `\(directory)`")
        }
        var found: [String] = []
        for case let path as String in walker {
            if (path as NSString).lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if path.hasSuffix(suffix) { found.append(path) }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `directory/relative`, or `relative` alone for the current directory.
    static func join(_ directory: String, _ relative: String) -> String {
        directory == "." ? relative : (directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
    }
}
