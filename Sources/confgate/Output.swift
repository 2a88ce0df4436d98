import ConfgateEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the CLI writes. Only the CLI target prints.
enum Output {
    static func stdout(_ text: String) { write(text, to: 1) }
    static func stderr(_ text: String) { write(text, to: 2) }

    /// Writes everything, unbuffered: callers build a whole report first and write it once.
    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // a closed pipe (`confgate lint | head`): nothing more to write
                }
                done += n
            }
        }
    }

    static func flush() {}

    /// Writes a report to a file, replacing it atomically (a temporary file, then rename).
    static func writeFile(_ path: String, _ text: String) throws(ReadFailure) {
        let temporary = path + ".confgate-tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("cannot write \(path): \(String(cString: strerror(errno)))") }
        var text = text
        var failed = false
        text.withUTF8 { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                done += n
            }
        }
        close(fd)
        if failed || rename(temporary, path) != 0 {
            unlink(temporary)
            throw .system("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether to colour text written to standard output: a terminal, and `NO_COLOR` unset or empty.
    static func colorAllowed() -> Bool {
        if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
        return isatty(1) == 1
    }
}
