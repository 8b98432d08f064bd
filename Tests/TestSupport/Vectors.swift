import Foundation

/// Locates the third-party test vectors in `../shared/vectors/` beside the package.
///
/// Tests read vectors by path, case by case, and never copy them into the project. Where the folder
/// is absent, vector tests are disabled with a message saying so; with `MAESTRO_REQUIRE_VECTORS=1`
/// (set by CI) they run anyway and fail on the missing file, so they cannot silently skip.
public enum Vectors {
    /// The package's root directory, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    /// `$MAESTRO_VECTORS_DIR`, else `../shared/vectors` beside the package root.
    public static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["MAESTRO_VECTORS_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors", isDirectory: true)
    }()

    /// Whether CI demands the vectors (`MAESTRO_REQUIRE_VECTORS=1`).
    public static let areRequired: Bool = ProcessInfo.processInfo.environment["MAESTRO_REQUIRE_VECTORS"] == "1"

    /// Whether vector tests should run: the folder exists, or CI requires it (and the tests then fail).
    public static func shouldRun(_ topic: String) -> Bool {
        areRequired || FileManager.default.fileExists(atPath: url(topic).path)
    }

    /// The message shown when a vector test is skipped.
    public static func skipMessage(_ topic: String) -> String {
        "vectors folder `\(url(topic).path)` not found; vector tests skipped (set MAESTRO_REQUIRE_VECTORS=1 to fail instead)"
    }

    /// The URL of a vector file or folder, relative to the vectors directory.
    public static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The bytes of a vector file.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The names of the files in a vector folder, sorted; empty when the folder is absent.
    public static func fileNames(in relativePath: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(relativePath).path)) ?? []
        return names.sorted()
    }
}
