import ArgumentParser
import ConfgateEngine

/// `confgate validate --schema SCHEMA FILE...`: ad-hoc validation of files against one schema, with
/// everything `lint` does besides (reports, exit codes, syntax checks).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate files against one JSON Schema (or short-hand template).",
        discussion: """
            Every file named (directories are walked as by lint) is validated against SCHEMA, which \
            takes precedence over the templates of .confgate.yaml. References are resolved offline: \
            local files, --schema-dir and --schema-map folders, and the bundled meta-schemas; nothing \
            is fetched from the network. Each file is validated as written: layer files are not \
            resolved into environments (lint does that, with the templates of .confgate.yaml).

            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or \
            configuration error (including an invalid schema); 3 an operational step failed.
            """)

    @Option(help: "The schema file (JSON or YAML; JSON Schema or a short-hand template).")
    var schema: String

    @OptionGroup var lint: Lint

    static let optionsTakingValue: Set<String> = Lint.optionsTakingValue.union(["--schema"])

    func validate() throws {
        if lint.record { throw ValidationError("validate records nothing; use lint --record") }
    }

    func run() throws {
        var command = lint
        command.schemaFile = schema
        // SCHEMA describes the files as written; a base and its overrides resolved would be
        // another document.
        command.noEnvironments = true
        // Nor is it a question of the project's policies, only of SCHEMA.
        command.noCompliance = true
        try command.run()
    }
}
