import ConfgateDocument
import Foundation

/// A file to lint.
public struct LintTarget: Sendable, Hashable {
    /// How the file is named in reports: as the user wrote it, or joined to the directory they named.
    public var displayPath: String
    /// The path to open.
    public var path: String
    public var format: SourceFormat

    public init(displayPath: String, path: String, format: SourceFormat) {
        self.displayPath = displayPath
        self.path = path
        self.format = format
    }
}

/// Turns the paths given on the command line into the list of files to lint.
///
/// Directories are walked for the configured `include` globs minus `exclude`; `.git` (and other VCS
/// folders) are skipped. Inside a git work tree the list comes from `git ls-files --cached --others
/// --exclude-standard`, so `.gitignore` (nested files, negations, `.git/info/exclude`, the global
/// excludes file) is honoured exactly as git does, rather than by a re-implementation. A file named
/// explicitly is always linted, whatever its name and the globs.
public struct FileDiscovery: Sendable {
    public let config: ProjectConfig
    public let workingDirectory: String
    /// Whether to ask git for the file list inside a work tree.
    public var useGit = true

    static let skippedDirectories: Set<String> = [".git", ".hg", ".svn", ".confgate"]

    public init(config: ProjectConfig, workingDirectory: String) {
        self.config = config
        self.workingDirectory = workingDirectory
    }

    /// The files to lint in a deterministic order (inputs in order; each directory's files sorted),
    /// each once, and the inputs that do not exist.
    public func discover(_ inputs: [String]) -> (targets: [LintTarget], missing: [Finding]) {
        var targets: [LintTarget] = []
        var seen = Set<String>()
        var missing: [Finding] = []
        for input in inputs {
            let absolute = FilePath.absolute(input, from: workingDirectory)
            switch FileSystem.kind(absolute) {
            case .directory:
                for relative in filesBelow(absolute) {
                    let abs = FilePath.join(absolute, relative)
                    let rootRelative = FilePath.relative(abs, to: config.root) ?? relative
                    guard let format = config.format(of: relative, relativePath: rootRelative),
                        config.include.contains(where: { $0.matches(rootRelative) }),
                        !config.exclude.contains(where: { $0.matches(rootRelative) }),
                        seen.insert(abs).inserted
                    else { continue }
                    targets.append(LintTarget(displayPath: display(input, relative), path: abs, format: format))
                }
            case .file, .other:
                guard seen.insert(absolute).inserted else { continue }
                let rootRelative = FilePath.relative(absolute, to: config.root) ?? input
                let format = config.format(of: input, relativePath: rootRelative) ?? .yaml
                targets.append(LintTarget(displayPath: display(input, nil), path: absolute, format: format))
            case .missing:
                missing.append(
                    Finding(
                        rule: IOErrorRule.id, category: .io, severity: .error,
                        message: "cannot read \"\(input)\": no such file or directory", file: display(input, nil),
                        range: nil))
            }
        }
        return (targets, missing)
    }

    private func display(_ input: String, _ relative: String?) -> String {
        var base = input
        while base.hasPrefix("./") && base.count > 2 { base.removeFirst(2) }
        guard let relative else { return base }
        if base == "." || base == "./" { return relative }
        return FilePath.join(base, relative)
    }

    /// Paths of the regular files below `directory`, relative to it, sorted.
    func filesBelow(_ directory: String) -> [String] {
        // A directory the user names explicitly is linted even when git ignores it as a whole.
        if useGit, isInsideGitWorkTree(directory), let files = gitFiles(directory),
            !files.isEmpty || !gitIgnores(directory)
        {
            return files.filter { path in
                !path.split(separator: "/").contains { FileDiscovery.skippedDirectories.contains(String($0)) }
                    && FileSystem.isRegularFile(FilePath.join(directory, path))
            }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        var result: [String] = []
        var visited = Set<FileSystem.Identity>()
        if let root = FileSystem.identity(directory) { visited.insert(root) }
        walk(directory, prefix: "", into: &result, visited: &visited, depth: 0)
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `visited` holds every directory entered, by device and inode: a symbolic link back to a
    /// directory already walked (a loop, or a second way to the same tree) is not walked again, so
    /// no file is linted and reported twice.
    private func walk(
        _ directory: String, prefix: String, into result: inout [String], visited: inout Set<FileSystem.Identity>,
        depth: Int
    ) {
        guard depth < 64 else { return }
        for entry in FileSystem.list(directory) {
            let relative = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            if entry.isDirectory {
                if FileDiscovery.skippedDirectories.contains(entry.name) { continue }
                let path = FilePath.join(directory, entry.name)
                guard let identity = FileSystem.identity(path), visited.insert(identity).inserted else { continue }
                walk(path, prefix: relative, into: &result, visited: &visited, depth: depth + 1)
            } else if entry.isFile, SourceFormat.forPath(entry.name) != nil {
                result.append(relative)
            }
        }
    }

    private func isInsideGitWorkTree(_ directory: String) -> Bool {
        var dir = directory
        while true {
            if FileSystem.kind(FilePath.join(dir, ".git")) != .missing { return true }
            let parent = FilePath.parent(dir)
            if parent == dir { return false }
            dir = parent
        }
    }

    /// The files git tracks or would track below `directory`; `nil` when git is unavailable or fails.
    private func gitFiles(_ directory: String) -> [String]? {
        guard let data = runGit(["-C", directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        else { return nil }
        var seen = Set<String>()
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter { seen.insert($0).inserted }
    }

    /// Whether git ignores the directory itself.
    private func gitIgnores(_ directory: String) -> Bool {
        runGit(["-C", FilePath.parent(directory), "check-ignore", "-q", directory]) != nil
    }

    /// The files changed since `ref` in the git work tree around the working directory, as absolute
    /// paths: what `git diff REF` lists (commits since REF, staged and unstaged changes; deletions
    /// left out, there is nothing to lint) and untracked files that are not ignored.
    public func changedFiles(since ref: String) throws(ChangedFilesError) -> Set<String> {
        guard let topData = runGit(["-C", workingDirectory, "rev-parse", "--show-toplevel"]) else {
            throw .notAGitWorkTree(workingDirectory)
        }
        let top = String(decoding: topData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // `--end-of-options` keeps a ref that starts with `-` from being read as an option.
        guard runGit(["-C", top, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"]) != nil else {
            throw .unknownRef(ref)
        }
        guard let diff = runGit(["-C", top, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", ref, "--"]),
            let untracked = runGit(["-C", top, "ls-files", "-z", "--others", "--exclude-standard"])
        else {
            throw .gitFailed("git diff \(ref)")
        }
        var files = Set<String>()
        for name in (diff.split(separator: 0) + untracked.split(separator: 0)) {
            files.insert(FileSystem.realPath(FilePath.join(top, String(decoding: name, as: UTF8.self))))
        }
        return files
    }

    /// Runs git; its standard output when it exits with 0, `nil` otherwise (or when git is missing).
    private func runGit(_ arguments: [String]) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}

/// Why `--changed-since` could not list the changed files.
public enum ChangedFilesError: Error, CustomStringConvertible {
    case notAGitWorkTree(String)
    case unknownRef(String)
    case gitFailed(String)

    public var description: String {
        switch self {
        case .notAGitWorkTree(let directory): "--changed-since needs a git work tree; \(directory) is not in one"
        case .unknownRef(let ref): "--changed-since: \(JSONWriter.quoted(ref)) is not a commit git knows (fetch it first in a shallow CI clone)"
        case .gitFailed(let command): "--changed-since: \(command) failed"
        }
    }
}
