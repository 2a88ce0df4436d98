import ArgumentParser
import ConfgateEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `confgate` command. Subcommands live in `Subcommands/`, one file each; the work happens in
/// the libraries, which never print and never exit.
@main
struct Confgate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confgate",
        abstract: "Lint YAML and JSON configuration files: syntax errors, duplicate keys, encodings, input limits, template (JSON Schema) violations, plaintext secrets, parity between environments and compliance rule packs.",
        discussion: """
            Exit codes: 0 no finding at or above the --fail-on threshold; 1 findings at or above it; \
            2 usage or configuration error; 3 the lint ran but an operational step failed.
            """,
        version: ToolInfo.version,
        subcommands: [
            Baseline.self, Db.self, Deployments.self, Diff.self, Drift.self, Dump.self, History.self, Lint.self, Render.self, Resolve.self,
            Rules.self, Templates.self, Validate.self,
        ],  // sorted; one file each in Subcommands/
        defaultSubcommand: nil)

    /// Runs the command, mapping argument errors to exit code 2 (ArgumentParser's default is 64).
    static func main() {
        // A closed pipe (`confgate lint | head`) must end the write, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            let (arguments, paths) = PathArguments.split(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(arguments)
            if var lint = command as? Lint {
                lint.paths += paths
                command = lint
            } else if var validate = command as? Validate {
                validate.lint.paths += paths
                command = validate
            } else if var baseline = command as? Baseline {
                baseline.paths += paths
                command = baseline
            } else if var resolve = command as? Resolve {
                resolve.paths += paths
                command = resolve
            } else if var diff = command as? Diff {
                diff.paths += paths
                command = diff
            }
            try command.run()
        } catch let exit as ExitCode {
            Confgate.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Output.stdout(fullMessage(for: error) + "\n")
                Confgate.exit(0)
            }
            Output.stderr("confgate: " + fullMessage(for: error) + "\n")
            Confgate.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }

    static func exit(_ code: Int32) -> Never {
        Output.flush()
        Glibc.exit(code)
    }
}

/// The documented exit codes (docs/exit-codes.md).
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let usage: Int32 = 2
    static let operational: Int32 = 3
}
