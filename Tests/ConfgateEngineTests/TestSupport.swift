import ConfgateDocument
import ConfgateEngine
import Foundation

// MARK: - Linting in memory

/// Lints `bytes` as the file `name` under the default configuration (or `config`).
func lint(_ bytes: [UInt8], as name: String, config: ProjectConfig = ProjectConfig(root: "/project")) -> FileResult {
    let format = config.format(of: name, relativePath: name) ?? .yaml
    return Linter(config: config).lint(bytes: bytes, target: LintTarget(displayPath: name, path: name, format: format))
}

func lint(_ text: String, as name: String, config: ProjectConfig = ProjectConfig(root: "/project")) -> FileResult {
    lint(Array(text.utf8), as: name, config: config)
}

/// A range on one line, from `column` to `endColumn` (exclusive), with byte offsets.
func span(line: Int, column: Int, offset: Int, endColumn: Int, endOffset: Int) -> SourceRange {
    SourceRange(
        start: SourceLocation(line: line, column: column, offset: offset),
        end: SourceLocation(line: line, column: endColumn, offset: endOffset))
}

/// An empty range at one position.
func point(line: Int, column: Int, offset: Int) -> SourceRange {
    SourceRange(at: SourceLocation(line: line, column: column, offset: offset))
}

// MARK: - Temporary directories

/// A fresh directory under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        // Resolve symbolic links (e.g. /tmp -> /private/tmp) so paths compare as the engine sees them.
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        path = base + "/confgate-engine-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `relativePath`, creating directories on the way.
    func write(_ relativePath: String, _ contents: String = "a: 1\n") throws {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    func write(_ relativePath: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path + "/" + relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func makeDirectory(_ relativePath: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relativePath, withIntermediateDirectories: true)
    }

    /// Runs /usr/bin/git in this directory; throws when it fails.
    func git(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitFailure(arguments: arguments, status: process.terminationStatus)
        }
    }
}

struct GitFailure: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var description: String { "git \(arguments.joined(separator: " ")) exited with \(status)" }
}

/// Whether /usr/bin/git can be run here (the git tests are skipped otherwise).
let gitAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

/// Swift Testing also declares a `SourceLocation`; in these tests the name means the document model's.
typealias SourceLocation = ConfgateDocument.SourceLocation
