import ArgumentParser
import ConfgateDocument
import ConfgateEngine

/// `confgate rules list|explain|test`: every rule confgate knows (code-defined and compliance
/// packs), one rule's documentation, and a pack's own examples run as tests.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules, explain one, or test compliance rule packs.",
        subcommands: [List.self, Explain.self, Test.self])

    /// One row of `rules list`.
    struct Row {
        var id: String
        var pack: String
        var category: String
        var severity: String
        var enabled: String
    }

    /// Loads the project's compliance rules; an invalid pack or setting is a configuration error
    /// (exit 2) whose message names the file, line and column.
    static func loadCompliance(_ config: ProjectConfig, templates: TemplateSet?) throws -> ComplianceRules {
        do {
            return try ComplianceRules.load(config: config, templates: templates)
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Every rule with what the project makes of it: code-defined rules (pack `core`), the rules
    /// of the enabled packs, and the built-in packs' rules that are not enabled.
    static func rows(config: ProjectConfig, compliance: ComplianceRules) -> [Row] {
        var rows: [Row] = []
        for rule in RuleRegistry.all.map({ $0.description }) {
            let setting = config.ruleSettings[rule.id]
            rows.append(
                Row(
                    id: rule.isFamily ? rule.id + "-*" : rule.id, pack: "core", category: rule.category.rawValue,
                    severity: (setting?.severity ?? rule.defaultSeverity).rawValue,
                    enabled: setting?.enabled == false ? "no" : "yes"))
        }
        let enabledPacks = Set(compliance.packs.map(\.name))
        for rule in compliance.packRules {
            rows.append(
                Row(
                    id: rule.id, pack: rule.pack, category: "compliance", severity: rule.severity.rawValue,
                    enabled: compliance.disabled.contains(rule.id) ? "no" : "yes"))
        }
        for pack in RulePack.builtIn where !enabledPacks.contains(pack.name) {
            for rule in pack.rules {
                rows.append(
                    Row(id: rule.id, pack: pack.name, category: "compliance", severity: rule.severity.rawValue, enabled: "no (pack not enabled)"))
            }
        }
        return rows
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule: id, pack, category, severity and whether the project enables it.")

        @Option(help: "Output format: text or json.")
        var format: String = "text"

        @OptionGroup var configOptions: ConfigOptions

        func validate() throws {
            guard ["text", "json"].contains(format) else {
                throw ValidationError("unknown --format \"\(format)\"; use text or json")
            }
        }

        func run() throws {
            let cwd = FileSystem.currentDirectory()
            let config = try configOptions.load(workingDirectory: cwd)
            let compliance = try Rules.loadCompliance(config, templates: try SchemaOptions.loadTemplates(config))
            let rows = Rules.rows(config: config, compliance: compliance)
            if format == "json" {
                let items = rows.map { row in
                    DocumentValue.object([
                        .init("id", .string(row.id)), .init("pack", .string(row.pack)), .init("category", .string(row.category)),
                        .init("severity", .string(row.severity)), .init("enabled", .bool(row.enabled == "yes")),
                    ])
                }
                Output.stdout(DocumentValue.array(items).prettyJSON + "\n")
                return
            }
            let header = Row(id: "ID", pack: "PACK", category: "CATEGORY", severity: "SEVERITY", enabled: "ENABLED")
            let all = [header] + rows
            let widths = [\Row.id, \Row.pack, \Row.category, \Row.severity].map { path in all.map { $0[keyPath: path].count }.max() ?? 0 }
            var out = ""
            for row in all {
                let cells = [row.id, row.pack, row.category, row.severity]
                out += zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                out += "  " + row.enabled + "\n"
            }
            Output.stdout(out)
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a rule's documentation: what it finds, why, where it applies, and its examples.")

        @Argument(help: "The rule id (or a former id of a renamed rule).")
        var id: String

        @OptionGroup var configOptions: ConfigOptions

        func run() throws {
            let cwd = FileSystem.currentDirectory()
            let config = try configOptions.load(workingDirectory: cwd)
            let compliance = try Rules.loadCompliance(config, templates: try SchemaOptions.loadTemplates(config))
            let packRules = compliance.packRules + RulePack.builtIn.flatMap(\.rules)
            if let rule = packRules.first(where: { $0.id == id || $0.aliases.contains(id) }) {
                Output.stdout(RuleDocumentation.markdown(rule, renamedFrom: rule.id == id ? nil : id))
            } else if let description = RuleRegistry.description(of: id) {
                Output.stdout(RuleDocumentation.markdown(description))
            } else {
                let ids = packRules.map(\.id) + RuleRegistry.all.map { $0.description.id }
                let hint = closestMatch(to: id, in: ids).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ValidationError("no rule \"\(id)\"\(hint) ('confgate rules list' lists them)")
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the examples of rule packs: every fail example must produce a finding of its rule, every pass example none.",
            discussion: "Exit codes: 0 every example behaves; 1 an example does not; 2 a pack is invalid.")

        @Argument(help: "Pack files, or names of built-in packs (production, security, hygiene).")
        var packs: [String]

        func validate() throws {
            if packs.isEmpty { throw ValidationError("name at least one pack file or built-in pack") }
        }

        func run() throws {
            let cwd = FileSystem.currentDirectory()
            var out = ""
            var failures = 0, examples = 0, rules = 0
            for name in packs {
                let pack: RulePack
                if let builtIn = RulePack.builtIn(named: name), !name.contains("/"), !FileSystem.isRegularFile(FilePath.absolute(name, from: cwd)) {
                    pack = builtIn
                } else {
                    do {
                        pack = try RulePack.load(path: FilePath.absolute(name, from: cwd), displayName: name)
                    } catch {
                        Output.stderr("confgate: \(error.description)\n")
                        throw ExitCode(ExitStatus.usage)
                    }
                }
                for rule in pack.rules {
                    rules += 1
                    for outcome in rule.runExamples() {
                        examples += 1
                        guard !outcome.passed else { continue }
                        failures += 1
                        let kind = outcome.isFailExample ? "fail" : "pass"
                        let at = "\(pack.file):\(outcome.example.location.line):\(outcome.example.location.column)"
                        if let problem = outcome.problem {
                            out += "\(at): \(rule.id): \(kind) example: \(problem)\n"
                        } else if outcome.isFailExample {
                            out += "\(at): \(rule.id): fail example produced no finding\n"
                        } else {
                            let found = outcome.findings.map { "\($0.message) at \($0.pointer.isEmpty ? "the top level" : $0.pointer)" }
                            out += "\(at): \(rule.id): pass example produced \(found.joined(separator: "; "))\n"
                        }
                    }
                }
            }
            out += "\(rules) rule\(rules == 1 ? "" : "s"), \(examples) example\(examples == 1 ? "" : "s"): "
                + (failures == 0 ? "all behave\n" : "\(failures) failed\n")
            Output.stdout(out)
            if failures > 0 { throw ExitCode(ExitStatus.findings) }
        }
    }
}

/// The documentation `rules explain` prints, generated from the rule itself.
enum RuleDocumentation {
    static func markdown(_ rule: PackRule, renamedFrom alias: String? = nil) -> String {
        var out = "# \(rule.id)\n\n"
        if let alias { out += "(\"\(alias)\" is a former id of this rule; use \"\(rule.id)\".)\n\n" }
        out += rule.description.prefix(1).uppercased() + rule.description.dropFirst() + ".\n\n"
        out += "- Pack: \(rule.pack) (\(rule.file):\(rule.location.line))\n"
        out += "- Category: compliance\n- Severity: \(rule.severity.rawValue)\n"
        if !rule.aliases.isEmpty { out += "- Former ids: \(rule.aliases.joined(separator: ", "))\n" }
        if let help = rule.help { out += "- More: \(help)\n" }
        out += "\n## Why\n\n\(rule.rationale)\n\n## Where it applies\n\n"
        var scope: [String] = []
        if let environments = rule.scope.environments { scope.append("environments: \(environments.joined(separator: ", "))") }
        if let services = rule.scope.services { scope.append("services: \(services.map(\.pattern).joined(separator: ", "))") }
        if let files = rule.scope.files { scope.append("files: \(files.map(\.pattern).joined(separator: ", "))") }
        if let condition = rule.scope.condition {
            scope.append("only where \(condition.selector.description) passes \(condition.checks.names.joined(separator: ", "))")
        }
        out += scope.isEmpty ? "Every configuration.\n" : scope.map { "- \($0)\n" }.joined()
        out += "\n## What it checks\n\n"
        out += "- Selects: \(rule.selectors.map(\.description).joined(separator: ", "))\n"
        out += "- Checks\(rule.checks.onKey ? " (on each key)" : ""): \(rule.checks.names.joined(separator: ", "))\n"
        if let schema = rule.checks.schemaText { out += "- As JSON Schema: `\(schema)`\n" }
        out += "- Message: \(rule.message)\n"
        out += "\n## Examples\n\n"
        for (title, examples) in [("Passes", rule.passExamples), ("Fails", rule.failExamples)] {
            for example in examples {
                out += "\(title):\n\n```yaml\n\(YAMLWriter.write(example.value))```\n\n"
            }
        }
        return out
    }

    static func markdown(_ rule: RuleDescription) -> String {
        var out = "# \(rule.id)\(rule.isFamily ? "-*" : "")\n\n\(rule.summary)\n\n"
        out += "- Name: \(rule.name)\n- Pack: core (built into confgate)\n"
        out += "- Category: \(rule.category.rawValue)\n- Severity: \(rule.defaultSeverity.rawValue)\n"
        out += "\n## Why\n\n\(rule.rationale)\n\n## Instead\n\n\(rule.useInstead)\n\n## Options\n\n\(rule.options)\n"
        if let reason = rule.examplesNotApplicable {
            out += "\n## Examples\n\n\(reason)\n"
            return out
        }
        out += "\n## Examples\n\n"
        for example in rule.passingExamples {
            out += "Passes (\(example.fileName)):\n\n```\n\(example.text)\n```\n\n"
        }
        for example in rule.failingExamples {
            let text = example.text.replacingOccurrences(of: String(RuleExample.marker), with: "")
            out += "Fails (\(example.fileName)): \(example.message ?? "")\n\n```\n\(text)\n```\n\n"
        }
        return out
    }
}
