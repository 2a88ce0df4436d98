import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts child processes with `posix_spawn`, not Foundation's `Process`.
///
/// corelibs Foundation's `Process.run()` lists `/proc/self/fd` by copying each `dirent`'s full
/// 256-byte name field, which reads past the end of the directory buffer: with many descriptors
/// open (tests run in parallel, each with pipes) it crashed the test process in `memcpy` every
/// few runs. Its child monitoring also calls `try!` on reads that a signal can interrupt.
enum Spawn {
    /// Held while pipes are created and a child is spawned, so no child of ours inherits another
    /// run's descriptors (all are close-on-exec; this closes the window before that flag is set).
    private static let lock = NSLock()

    /// A child's standard input, output or error.
    enum Stream {
        /// `/dev/null`.
        case null
        /// A new pipe; the parent gets the other end.
        case pipe
        /// An existing descriptor (a terminal), duplicated into the child.
        case descriptor(Int32)
    }

    /// A started child and the parent's ends of its pipes (`-1` where there is none).
    struct Child {
        let pid: pid_t
        let stdin: Int32
        let stdout: Int32
        let stderr: Int32
    }

    /// How a child ended.
    struct Exit {
        /// The exit code, or the signal number when `signaled`.
        var status: Int32
        var signaled: Bool
        var timedOut: Bool
    }

    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29, macOS 10.15), which the Glibc module does
    /// not export.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// A pipe whose ends are both close-on-exec; the child receives its end through `dup2`.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CLIError.launch("pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    static func start(
        _ executable: String, _ arguments: [String], directory: String, environment: [String: String],
        stdin: Stream, stdout: Stream, stderr: Stream
    ) throws -> Child {
        lock.lock()
        defer { lock.unlock() }

        var toClose: [Int32] = []  // the child's ends, closed in the parent after the spawn
        defer { toClose.forEach { close($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        func wire(_ stream: Stream, to target: Int32, childReads: Bool) throws -> Int32 {
            switch stream {
            case .null:
                let fd = open("/dev/null", childReads ? O_RDONLY : O_WRONLY)
                guard fd >= 0 else { throw CLIError.launch("cannot open /dev/null") }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                toClose.append(fd)
                posix_spawn_file_actions_adddup2(&actions, fd, target)
                return -1
            case .pipe:
                let (r, w) = try makePipe()
                let (childEnd, parentEnd) = childReads ? (r, w) : (w, r)
                toClose.append(childEnd)
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
                return parentEnd
            case .descriptor(let fd):
                posix_spawn_file_actions_adddup2(&actions, fd, target)
                return -1
            }
        }
        let parentStdin = try wire(stdin, to: 0, childReads: true)
        let parentStdout = try wire(stdout, to: 1, childReads: false)
        let parentStderr = try wire(stderr, to: 2, childReads: false)
        guard let addChdir else { throw CLIError.launch("posix_spawn_file_actions_addchdir_np is unavailable") }
        guard addChdir(&actions, directory) == 0 else { throw CLIError.launch("cannot change to \(directory)") }

        // The test process ignores SIGPIPE; the child gets the default back.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            for fd in [parentStdin, parentStdout, parentStderr] where fd >= 0 { close(fd) }
            throw CLIError.launch("cannot run \(executable): \(String(cString: strerror(status)))")
        }
        return Child(pid: pid, stdin: parentStdin, stdout: parentStdout, stderr: parentStderr)
    }

    /// Waits for the child; after `timeout` seconds kills it (SIGKILL) and reaps it.
    static func wait(_ pid: pid_t, timeout: Double) -> Exit {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return Exit(status: -1, signaled: false, timedOut: false) }
            if Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(1_000)
        }
        let signal = status & 0x7F
        return signal == 0
            ? Exit(status: (status >> 8) & 0xFF, signaled: false, timedOut: timedOut)
            : Exit(status: signal, signaled: true, timedOut: timedOut)
    }

    /// Reads a descriptor to its end (retrying on EINTR; a terminal's EIO ends it too), then closes it.
    static func readAll(_ fd: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        close(fd)
        return data
    }

    /// Writes everything (retrying on EINTR), then closes; stops quietly if the reader has gone.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
        }
        close(fd)
    }

    /// A child that exits without reading its standard input must not kill the test process.
    static let ignoreBrokenPipe: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}
