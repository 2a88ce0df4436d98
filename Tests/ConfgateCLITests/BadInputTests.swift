import Foundation
import Testing

/// Hostile and broken files through the binary: each is a finding with an exact rule id and
/// message, exit 1, never a crash or a hang. Excerpts never echo control characters to the terminal.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var bytes: [UInt8]
        /// The report's lines, summary excluded.
        var expected: [String]
        var description: String { file }
    }

    static let aliasBomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    static let cases: [Case] = [
        Case(
            file: "bin.yaml", bytes: Array("a: 1".utf8) + [0, 1, 2, 0x1B],
            expected: [
                "bin.yaml:1:5: error: binary file: it contains a NUL byte, which YAML text cannot [invalid-encoding]",
                " 1 | a: 1␀␁␂␛",
                "   |     ^",
            ]),
        Case(
            file: "image.json", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52],
            expected: [
                "image.json:1:1: error: binary file: it contains NUL bytes and is not JSON text [invalid-encoding]",
                " 1 | \u{FFFD}PNG",
                "   | ^",
            ]),
        Case(
            file: "utf16le.yaml", bytes: [0xFF, 0xFE] + Array("a: 1\n".utf8).flatMap { [$0, 0] },
            expected: [
                "utf16le.yaml:1:1: error: file is encoded as UTF-16LE (byte-order mark); confgate reads UTF-8 only [invalid-encoding]",
                " 1 | \u{FFFD}\u{FFFD}a␀:␀ ␀1␀",
                "   | ^",
            ]),
        Case(
            file: "utf16be.json", bytes: [0xFE, 0xFF] + Array("{}".utf8).flatMap { [0, $0] },
            expected: [
                "utf16be.json:1:1: error: file is encoded as UTF-16BE (byte-order mark); confgate reads UTF-8 only [invalid-encoding]",
                " 1 | \u{FFFD}\u{FFFD}␀{␀}",
                "   | ^",
            ]),
        Case(
            file: "utf32.json", bytes: [0xFF, 0xFE, 0, 0] + Array("1".utf8).flatMap { [$0, 0, 0, 0] },
            expected: [
                "utf32.json:1:1: error: file is encoded as UTF-32LE (byte-order mark); confgate reads UTF-8 only [invalid-encoding]",
                " 1 | \u{FFFD}\u{FFFD}␀␀1␀␀␀",
                "   | ^",
            ]),
        Case(
            file: "latin1.yaml", bytes: Array("ok: 1\nname: caf".utf8) + [0xE9] + Array("\n".utf8),
            expected: [
                "latin1.yaml:2:10: error: invalid UTF-8: byte 0xE9 does not start a valid character [invalid-encoding]",
                " 2 | name: caf\u{FFFD}",
                "   |          ^",
            ]),
        Case(
            file: "deep.json", bytes: Array(String(repeating: "[", count: 10_000).utf8),
            expected: [
                "deep.json:1:257: error: nesting is deeper than 256 levels (limit max-depth) [input-limit]",
                " 1 | …" + String(repeating: "[", count: 160) + "…",
                "   | " + String(repeating: " ", count: 54) + "^",
            ]),
        Case(
            file: "deep.yaml", bytes: Array((String(repeating: "[", count: 10_000) + "\n").utf8),
            expected: [
                "deep.yaml:1:257: error: nesting is deeper than 256 levels (limit max-depth) [input-limit]",
                " 1 | …" + String(repeating: "[", count: 160) + "…",
                "   | " + String(repeating: " ", count: 54) + "^",
            ]),
        Case(
            // 9 + 1 nodes per "lol" list; each level multiplies by 9: level g alone is 4.8M nodes.
            file: "bomb.yaml", bytes: Array(aliasBomb.utf8),
            expected: [
                "bomb.yaml:7:8: error: document has more than 1000000 nodes (limit max-nodes) [input-limit]",
                " 7 | g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
                "   |        ^~",
            ]),
        Case(
            file: "recursive.yaml", bytes: Array("a: &a [1, *a]\n".utf8),
            expected: [
                "recursive.yaml:1:11: error: alias *a refers to a collection that contains it; a recursive structure cannot be read [input-limit]",
                " 1 | a: &a [1, *a]",
                "   |           ^~",
            ]),
        Case(
            file: "undefined.yaml", bytes: Array("a: *x\n".utf8),
            expected: [
                "undefined.yaml:1:4: error: alias *x refers to no anchor defined before it [syntax-error]",
                " 1 | a: *x",
                "   |    ^~",
            ]),
        Case(
            file: "escape.yaml", bytes: Array("a: \"\u{1B}[31mred\"\n".utf8),
            expected: [
                "escape.yaml:1:5: error: control characters are not allowed [syntax-error]",
                " 1 | a: \"␛[31mred\"",
                "   |     ^",
            ]),
    ]

    @Test(arguments: cases)
    func badInputIsAFinding(_ input: Case) throws {
        let dir = try TemporaryDirectory()
        try dir.write(input.file, bytes: input.bytes)
        // CLI.run kills a run after 30 s and records a failure: a hang fails, speed is for bench/.
        let result = try CLI.run(["lint", input.file], in: dir.url)
        #expect(lines(result.stdout) == input.expected + ["1 error, 0 warnings, 0 info (1 file checked)"])
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")
        // No raw control character reaches the terminal (tabs and line ends aside).
        #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F })

        // dump reads the same way: no crash, the finding on stderr.
        let dump = try CLI.run(["dump", input.file], in: dir.url)
        #expect(dump.exited(1), "\(dump)")
        #expect(lines(dump.stderr).first == input.expected.first)
    }

    /// The configured limits apply, each named in the message.
    @Test func configuredLimits() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\nlimits:\n  max-file-bytes: 64\n  max-scalar-bytes: 4\n  max-nodes: 5\n")
        try dir.write("big.yaml", "k: " + String(repeating: "x", count: 100) + "\n")
        try dir.write("scalar.yaml", "k: abcde\n")
        try dir.write("nodes.json", "[1, 2, 3, 4, 5]")
        let result = try CLI.run(["lint", "big.yaml", "scalar.yaml", "nodes.json"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                "big.yaml:1:1: error: file is 104 bytes, more than the limit of 64 (limit max-file-bytes) [input-limit]",
                "scalar.yaml:1:4: error: scalar is longer than 4 bytes (limit max-scalar-bytes) [input-limit]",
                " 1 | k: abcde",
                "   |    ^~~~~",
                "nodes.json:1:14: error: document has more than 5 nodes (limit max-nodes) [input-limit]",
                " 1 | [1, 2, 3, 4, 5]",
                "   |              ^",
                "3 errors, 0 warnings, 0 info (3 files checked)",
            ])
        #expect(result.exited(1), "\(result)")
    }

    /// Empty files and empty documents are valid.
    @Test func emptyInputsAreClean() throws {
        let dir = try TemporaryDirectory()
        try dir.write("empty.yaml", "")
        try dir.write("docs.yaml", "---\n---\n...\n")
        try dir.write("comment.yml", "# nothing here\n")
        try dir.write("bom.yaml", "\u{FEFF}")
        let result = try CLI.run(["lint"], in: dir.url)
        #expect(result.stdout == "no findings (4 files checked)\n")
        #expect(result.exited(0), "\(result)")
    }
}
