import Foundation

/// Locations of the shared conformance suites (`../shared/suites/` beside the repository), found
/// from this file's own path so the tests run from any working directory.
enum SuitePaths {
    /// The repository root: this file is `<root>/Tests/ConfgateDocumentTests/SuitePaths.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ConfgateDocumentTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root

    /// `../shared/suites` relative to the repository root.
    static let suites: URL = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared", isDirectory: true)
        .appendingPathComponent("suites", isDirectory: true)

    /// JSONTestSuite's `test_parsing` folder.
    static let jsonTestSuiteParsing: URL = suites
        .appendingPathComponent("json-test-suite", isDirectory: true)
        .appendingPathComponent("test_parsing", isDirectory: true)

    /// The files of a suite folder whose names start with `prefix` and end in `.json`, sorted by name.
    static func files(in directory: URL, prefix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
            .sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// A file's raw bytes (suite files are deliberately not always valid UTF-8: never read as text).
    static func bytes(of file: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: file))
    }
}
