import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// End-to-end tests run the built `confgate` binary, never the library in-process: they check what a
// user sees (stdout, stderr, exit status), including argument parsing, colour and exit codes.

/// What one run of the binary produced.
struct RunResult: Sendable, CustomStringConvertible {
    var stdout: String
    var stderr: String
    /// The exit status, or the signal number when `signaled`.
    var status: Int32
    /// Whether the process died of a signal (a crash), rather than exiting.
    var signaled: Bool
    var timedOut: Bool

    /// Exited normally with this code.
    func exited(_ code: Int32) -> Bool { !signaled && !timedOut && status == code }

    var description: String {
        "status \(status)\(signaled ? " (signal)" : "")\(timedOut ? " (timed out)" : "")\n"
            + "--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }
}

enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound([String])
    case launch(String)

    var description: String {
        switch self {
        case .binaryNotFound(let searched):
            "the confgate binary was not found; build it (swift build --build-tests) or set CONFGATE_BIN. Searched: "
                + searched.joined(separator: ", ")
        case .launch(let message): message
        }
    }
}

/// Locates and runs the `confgate` binary.
enum CLI {
    /// The repository root: this file is `<root>/Tests/ConfgateCLITests/Support/CLI.swift`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared` beside the repository.
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// `CONFGATE_BIN`, else the `confgate` executable next to the test bundle: `swift test` builds
    /// both into the same directory (`.build/<triple>/debug/`). On Linux the test bundle is itself an
    /// executable (`…PackageTests.xctest`); on macOS it is a bundle directory inside that folder.
    static func binary() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["CONFGATE_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        var searched: [String] = []
        for directory in directories {
            // Walk up a few levels to leave a macOS `X.xctest/Contents/MacOS` bundle.
            var dir = directory.standardizedFileURL
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("confgate")
                searched.append(candidate.path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw CLIError.binaryNotFound(searched)
    }

    /// The environment every run gets: the test's own, without `NO_COLOR` (tests that want it set
    /// it), so results do not depend on the developer's shell.
    static func environment(_ extra: [String: String], removing: [String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for name in removing { env[name] = nil }
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs `confgate arguments…` in `directory` with pipes for stdin, stdout and stderr. A run that
    /// takes longer than `timeout` seconds is killed and reported as a test failure: a hang must
    /// fail the test, not stall CI.
    static func run(
        _ arguments: [String], in directory: URL, stdin: [UInt8]? = nil, environment extra: [String: String] = [:],
        removing: [String] = [], timeout: Double = 30, recordTimeout: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        Spawn.ignoreBrokenPipe
        let child = try Spawn.start(
            try binary().path, arguments, directory: directory.path, environment: environment(extra, removing: removing),
            stdin: stdin == nil ? .null : .pipe, stdout: .pipe, stderr: .pipe)
        let collected = Collected()
        let readers = DispatchGroup()
        collect(child.stdout, into: collected, stdout: true, group: readers)
        collect(child.stderr, into: collected, stdout: false, group: readers)
        if let stdin {
            let fd = child.stdin
            DispatchQueue.global().async { Spawn.writeAll(fd, stdin) }
        }
        let exit = Spawn.wait(child.pid, timeout: timeout)
        // Callers on worker threads (outside the test's task) check `timedOut` themselves.
        if exit.timedOut && recordTimeout {
            Issue.record(
                "confgate \(arguments.prefix(8).joined(separator: " ")) did not finish within \(timeout) s; killed",
                sourceLocation: sourceLocation)
        }
        _ = readers.wait(timeout: .now() + 10)
        let (stdoutData, stderrData) = collected.values()
        return RunResult(
            stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
            status: exit.status, signaled: exit.signaled, timedOut: exit.timedOut)
    }

    /// Runs `confgate` with its standard output on a pseudo-terminal (stderr on a pipe), to test
    /// what a user at a terminal sees. The terminal's `\r\n` line ends are turned back into `\n`.
    static func runOnTerminal(
        _ arguments: [String], in directory: URL, environment extra: [String: String] = [:], timeout: Double = 30,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        Spawn.ignoreBrokenPipe
        guard let pty = PseudoTerminalCalls.load() else { throw CLIError.launch("the pseudo-terminal calls are unavailable") }
        let master = pty.openpt(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 256)
        guard master >= 0, pty.grantpt(master) == 0, pty.unlockpt(master) == 0,
            pty.ptsname_r(master, &name, name.count) == 0
        else {
            if master >= 0 { close(master) }
            throw CLIError.launch("cannot open a pseudo-terminal")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            close(master)
            throw CLIError.launch("cannot open the pseudo-terminal's slave side")
        }
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let child: Spawn.Child
        do {
            child = try Spawn.start(
                try binary().path, arguments, directory: directory.path, environment: environment(extra, removing: []),
                stdin: .null, stdout: .descriptor(slave), stderr: .pipe)
        } catch {
            close(slave)
            close(master)
            throw error
        }
        close(slave)  // the child has its copy; the master reads EIO once the child closes it
        let collected = Collected()
        let readers = DispatchGroup()
        collect(master, into: collected, stdout: true, group: readers)
        collect(child.stderr, into: collected, stdout: false, group: readers)
        let exit = Spawn.wait(child.pid, timeout: timeout)
        if exit.timedOut {
            Issue.record("confgate on a terminal did not finish within \(timeout) s; killed", sourceLocation: sourceLocation)
        }
        _ = readers.wait(timeout: .now() + 10)
        let (stdoutData, stderrData) = collected.values()
        return RunResult(
            stdout: String(decoding: stdoutData, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"),
            stderr: String(decoding: stderrData, as: UTF8.self), status: exit.status, signaled: exit.signaled,
            timedOut: exit.timedOut)
    }

    /// Reads a descriptor to its end on a worker thread.
    private static func collect(_ fd: Int32, into collected: Collected, stdout: Bool, group: DispatchGroup) {
        group.enter()
        DispatchQueue.global().async {
            collected.set(Data(Spawn.readAll(fd)), stdout: stdout)
            group.leave()
        }
    }

    /// Runs git (for tests of `.gitignore` handling); fails the test when git fails.
    static func git(_ arguments: [String], in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let child = try Spawn.start(
            "/usr/bin/env", ["git"] + arguments, directory: directory.path,
            environment: ProcessInfo.processInfo.environment, stdin: .null, stdout: .null, stderr: .null)
        let exit = Spawn.wait(child.pid, timeout: 30)
        #expect(
            !exit.signaled && !exit.timedOut && exit.status == 0, "git \(arguments.joined(separator: " ")) failed",
            sourceLocation: sourceLocation)
    }
}

/// `posix_openpt` and friends, looked up at run time: the Glibc module does not export them (they
/// need `_XOPEN_SOURCE`), but every libc has them.
private struct PseudoTerminalCalls {
    typealias FD = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
    let openpt: FD
    let grantpt: FD
    let unlockpt: FD
    let ptsname_r: Name

    static func load() -> PseudoTerminalCalls? {
        let handle = dlopen(nil, RTLD_NOW)
        guard let openpt = dlsym(handle, "posix_openpt"), let grantpt = dlsym(handle, "grantpt"),
            let unlockpt = dlsym(handle, "unlockpt"), let ptsname = dlsym(handle, "ptsname_r")
        else { return nil }
        return PseudoTerminalCalls(
            openpt: unsafeBitCast(openpt, to: FD.self), grantpt: unsafeBitCast(grantpt, to: FD.self),
            unlockpt: unsafeBitCast(unlockpt, to: FD.self), ptsname_r: unsafeBitCast(ptsname, to: Name.self))
    }
}

/// Output gathered by reader threads; read only after they have finished.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func set(_ data: Data, stdout: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if stdout { out = data } else { err = data }
    }

    func values() -> (Data, Data) {
        lock.lock()
        defer { lock.unlock() }
        return (out, err)
    }
}

// MARK: - Temporary directories

/// A fresh directory under the system's temporary directory, removed when the value goes away.
/// Its path has symbolic links resolved, so it matches the binary's `getcwd`.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "confgate-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        url = base.resolvingSymlinksInPath()
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    func url(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Writes `text` (UTF-8) to `relative`, creating folders on the way.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        try write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> URL {
        let file = url(relative)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true)
    }

    func read(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: url(relative)), as: UTF8.self)
    }

    /// Whether any folder from here up holds `.git`: then discovery would ask git, and tests that
    /// need a plain directory walk cannot run meaningfully.
    var isInsideGitWorkTree: Bool {
        var dir = url
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { return true }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return false }
            dir = parent
        }
    }
}

// MARK: - JSON reports

/// A parsed `--format json` report.
struct JSONReport {
    let root: [String: Any]

    init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        root = try #require(value as? [String: Any], "the report is not a JSON object", sourceLocation: sourceLocation)
    }

    var summary: [String: Any] { root["summary"] as? [String: Any] ?? [:] }
    var findings: [[String: Any]] { root["findings"] as? [[String: Any]] ?? [] }
    var fileCount: Int? { summary["files"] as? Int }

    /// The files that have findings, in report order, each once.
    var filesWithFindings: [String] {
        var seen = Set<String>()
        return findings.compactMap { $0["file"] as? String }.filter { seen.insert($0).inserted }
    }
}

/// One finding's fields as plain values, for exact comparison (`nil` stands for JSON null).
struct FindingFields: Equatable, CustomStringConvertible {
    var rule: String
    var category: String
    var severity: String
    var message: String
    var file: String
    var line: Int?
    var column: Int?
    var endLine: Int?
    var endColumn: Int?
    var pointer: String?
    var document: Int?

    init(
        rule: String, category: String = "syntax", severity: String = "error", message: String, file: String,
        line: Int?, column: Int?, endLine: Int?, endColumn: Int?, pointer: String?, document: Int?
    ) {
        self.rule = rule
        self.category = category
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.pointer = pointer
        self.document = document
    }

    /// Reads a finding object; a key that is missing (rather than null) fails the test.
    init(_ object: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for key in ["rule", "category", "severity", "message", "file", "line", "column", "endLine", "endColumn", "pointer", "document"] {
            #expect(object[key] != nil, "finding lacks \"\(key)\"", sourceLocation: sourceLocation)
        }
        rule = object["rule"] as? String ?? "?"
        category = object["category"] as? String ?? "?"
        severity = object["severity"] as? String ?? "?"
        message = object["message"] as? String ?? "?"
        file = object["file"] as? String ?? "?"
        line = object["line"] as? Int
        column = object["column"] as? Int
        endLine = object["endLine"] as? Int
        endColumn = object["endColumn"] as? Int
        pointer = object["pointer"] as? String
        document = object["document"] as? Int
    }

    var description: String {
        "\(file):\(line.map(String.init) ?? "-"):\(column.map(String.init) ?? "-")-\(endLine.map(String.init) ?? "-"):"
            + "\(endColumn.map(String.init) ?? "-") \(severity) \(category) [\(rule)] \(message) "
            + "pointer=\(pointer ?? "null") document=\(document.map(String.init) ?? "null")"
    }
}

/// Splits text into lines without the final empty one, so failures show line by line.
func lines(_ text: String) -> [String] {
    var result = text.components(separatedBy: "\n")
    if result.last == "" { result.removeLast() }
    return result
}
