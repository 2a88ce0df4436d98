#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read.
public enum ReadFailure: Error, Sendable, CustomStringConvertible {
    case notFound
    case isDirectory
    case permissionDenied
    case tooLarge(size: Int, limit: Int)
    case notRegularFile
    case system(String)

    public var description: String {
        switch self {
        case .notFound: "no such file or directory"
        case .isDirectory: "is a directory, not a file"
        case .permissionDenied: "permission denied"
        case .tooLarge(let size, let limit): "file is \(size) bytes, more than the limit of \(limit)"
        case .notRegularFile: "not a regular file"
        case .system(let message): message
        }
    }
}

/// Thin POSIX file access. The engine reads with plain `open`/`read` into one array per file: no
/// Foundation `Data` round trip, and the size limit is checked before anything is read.
public enum FileSystem {
    /// The path with symbolic links resolved (`realpath(3)`), or the path itself when it cannot be
    /// resolved: git reports resolved paths, the command line may not.
    public static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func errnoFailure(_ code: Int32) -> ReadFailure {
        switch code {
        case ENOENT, ENOTDIR: .notFound
        case EACCES, EPERM: .permissionDenied
        case EISDIR: .isDirectory
        default: .system(String(cString: strerror(code)))
        }
    }

    /// Reads a whole regular file; refuses directories, devices and files over `limit` bytes.
    public static func readFile(_ path: String, limit: Int) throws(ReadFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw errnoFailure(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw errnoFailure(errno) }
        let mode = info.st_mode & S_IFMT
        if mode == S_IFDIR { throw .isDirectory }
        let size = Int(info.st_size)
        if mode == S_IFREG && size > limit { throw .tooLarge(size: size, limit: limit) }
        if mode != S_IFREG { return try readStream(fd, limit: limit) }
        var failure: ReadFailure?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoFailure(errno)
                    break
                }
                if n == 0 { break }  // the file shrank while being read
                done += n
            }
            count = done
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads a pipe or standard input until end of file, up to `limit` bytes.
    public static func readStream(_ fd: Int32, limit: Int) throws(ReadFailure) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw errnoFailure(errno)
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
            if result.count > limit { throw .tooLarge(size: result.count, limit: limit) }
        }
        return result
    }

    public enum EntryKind: Sendable { case file, directory, other, missing }

    /// What is at a path, following symbolic links.
    public static func kind(_ path: String) -> EntryKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public static func isRegularFile(_ path: String) -> Bool { kind(path) == .file }

    /// A file's device and inode: the same for every path (symbolic links included) that leads to it.
    public struct Identity: Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
    }

    /// The identity of what `path` names, following symbolic links; `nil` when it cannot be stat'ed.
    public static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The entries of a directory (names only, without `.` and `..`), sorted bytewise.
    public static func list(_ directory: String) -> [(name: String, isDirectory: Bool, isFile: Bool)] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var result: [(name: String, isDirectory: Bool, isFile: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isDirectory = false, isFile = false
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_REG): isFile = true
            default:
                // Symbolic links and file systems without d_type: ask stat.
                switch kind(FilePath.join(directory, name)) {
                case .directory: isDirectory = true
                case .file: isFile = true
                default: break
                }
            }
            result.append((name, isDirectory, isFile))
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The process's working directory.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// String path helpers (POSIX `/` separators).
public enum FilePath {
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The directory part of a path (`.` for a bare name, `/` for the root).
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Collapses `.`, `..` and repeated slashes, lexically.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == ".." && absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    public static func absolute(_ path: String, from cwd: String = FileSystem.currentDirectory()) -> String {
        normalize(path.hasPrefix("/") ? path : join(cwd, path))
    }

    /// `path` relative to `base` when it lies below it; `nil` otherwise. Both absolute and normalised.
    public static func relative(_ path: String, to base: String) -> String? {
        if path == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }
}
