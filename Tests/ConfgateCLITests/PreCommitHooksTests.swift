import Foundation
import Testing

/// `.pre-commit-hooks.yaml`: each hook's entry runs as pre-commit runs it (the staged files appended
/// as arguments) and gives the expected verdict.
@Suite struct PreCommitHooksTests {
    struct Hook: Decodable {
        let id: String
        let entry: String
        let language: String
        let types_or: [String]
    }

    static func hooks() throws -> [Hook] {
        // confgate reads its own hooks file: `dump` prints it as JSON.
        let dump = try CLI.run(["dump", ".pre-commit-hooks.yaml"], in: CLI.repositoryRoot)
        #expect(dump.exited(0), "\(dump)")
        return try JSONDecoder().decode([Hook].self, from: Data(dump.stdout.utf8))
    }

    @Test func theHooksAreConfgateAndConfgateSecrets() throws {
        let hooks = try Self.hooks()
        #expect(hooks.map(\.id) == ["confgate", "confgate-secrets"])
        #expect(hooks.map(\.entry) == ["confgate lint", "confgate lint --secrets-only"])
        for hook in hooks {
            #expect(hook.language == "swift")
            #expect(hook.types_or == ["yaml", "json"])
        }
    }

    /// (hook id, files, exit code)
    static let verdicts: [(String, [String], Int32)] = [
        ("confgate", ["clean.yaml"], 0),
        ("confgate", ["clean.yaml", "dup.json"], 1),
        ("confgate", ["leak.yaml"], 1),
        ("confgate-secrets", ["clean.yaml", "dup.json"], 0),
        ("confgate-secrets", ["leak.yaml"], 1),
    ]

    @Test(arguments: verdicts)
    func entriesRunOnStagedFiles(_ id: String, _ files: [String], _ code: Int32) throws {
        let dir = try TemporaryDirectory()
        try dir.write("clean.yaml", "a: 1\n")
        try dir.write("dup.json", "{\"a\": 1, \"a\": 2}\n")
        try dir.write("leak.yaml", "db:\n  password: Tr0ub4dor-and-3\n")
        let hook = try #require(try Self.hooks().first { $0.id == id })
        let arguments = hook.entry.split(separator: " ").dropFirst().map(String.init) + files
        let result = try CLI.run(arguments, in: dir.url)
        #expect(result.exited(code), "\(hook.entry) \(files): \(result)")
    }
}
