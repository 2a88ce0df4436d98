import Foundation
import Testing

/// The Bowtie harness (`confgate-bowtie`, IHOP version 1) scored by ../shared/tools/ihop-suite over
/// the JSON-Schema-Test-Suite, exactly as a user (or bowtie.report) would run it.
@Suite("Bowtie harness")
struct BowtieHarnessTests {
    static func harness() throws -> String {
        try CLI.binary().deletingLastPathComponent().appendingPathComponent("confgate-bowtie").path
    }

    /// Runs ihop-suite with `options` and returns its output lines.
    static func score(_ options: [String], harnessArguments: [String] = []) throws -> [String] {
        let script = CLI.shared.appendingPathComponent("tools/ihop-suite").path
        let child = try Spawn.start(
            "/usr/bin/env", ["python3", script] + options + ["--", try harness()] + harnessArguments,
            directory: CLI.repositoryRoot.path, environment: ProcessInfo.processInfo.environment, stdin: .null,
            stdout: .pipe, stderr: .null)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(child.stdout, &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        let exit = Spawn.wait(child.pid, timeout: 600)
        #expect(!exit.timedOut && !exit.signaled)
        let text = String(decoding: output, as: UTF8.self)
        print(text, terminator: "")
        return text.split(separator: "\n").map(String.init)
    }

    @Test("every required test of the five drafts passes through the harness")
    func required() throws {
        let lines = try Self.score(["--optional"])
        for (draft, count) in [("draft4", 618), ("draft6", 839), ("draft7", 927), ("draft2019-09", 1259), ("draft2020-12", 1299)] {
            // ihop-suite prints f"{dialect:13} {group:9} {passed:5} passed {failed:5} failed".
            let passed = String(repeating: " ", count: max(0, 5 - String(count).count)) + String(count)
            let expected = "\(draft.padding(toLength: 13, withPad: " ", startingAt: 0)) required  \(passed) passed     0 failed"
            #expect(lines.contains(expected), "missing line: \(expected)")
        }
    }

    @Test("optional/format with --strict-formats: at least 95% per draft")
    func format() throws {
        let lines = try Self.score(["--format"], harnessArguments: ["--strict-formats"]).filter { $0.contains(" format ") }
        #expect(lines.count == 5)
        for line in lines {
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            #expect(numbers.count == 2 && Double(numbers[0]) >= 0.95 * Double(numbers[0] + numbers[1]), "\(line)")
        }
    }
}
