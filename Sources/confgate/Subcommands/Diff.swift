import ArgumentParser
import ConfgateDocument
import ConfgateEngine

/// `confgate diff ENV_A ENV_B [--service S] [PATHS...]`: how two resolved environments of a
/// service differ (docs/environments.md, "diff"). The comparison is `EnvironmentDiff`'s; this file
/// only prints it.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how two environments of a service differ, once their layers are merged.",
        discussion: """
            Both environments are resolved (base files, then each one's override) and compared path \
            by path: a key only in <env-b> is added (+), one only in <env-a> removed (-), a value that \
            differs changed (~). Lists are compared as whole values. Each line names the files and \
            lines that set the values. Without --service every service that has both environments \
            is compared, one section each. Secret values are always masked.

            Exit codes: 0 no difference; 1 differences; 2 usage or configuration error (an unknown \
            service or environment, the same environment twice); a layer that does not read is \
            reported on standard error, as lint prints it, with exit code 1.
            """)

    /// The options below that take a value, as spelled on the command line (for `PathArguments`).
    static let optionsTakingValue: Set<String> = ["--config", "--service", "--format"]

    @Argument(help: ArgumentHelp("The environment to compare from.", valueName: "env-a"))
    var from: String

    @Argument(help: ArgumentHelp("The environment to compare to.", valueName: "env-b"))
    var to: String

    @Argument(help: "Files and directories to look for services in (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var serviceOptions: ServiceOptions

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unknown format \"\(format)\"; valid formats: text, json")
        }
        if from == to { throw ValidationError("both environments are \"\(from)\"; name two different ones") }
    }

    /// One service's comparison, ready to print.
    struct Section {
        var service: ServiceFiles
        var a: ResolvedEnvironment
        var b: ResolvedEnvironment
        var changes: [EnvironmentDiff.Change]
    }

    func run() throws {
        let cwd = FileSystem.currentDirectory()
        let config = try configOptions.load(workingDirectory: cwd)
        // The service template's x-confgate-merge decides how lists merge, as in lint.
        let templates = try SchemaOptions.loadTemplates(config)
        let all = try ServiceOptions.services(config, paths: paths, workingDirectory: cwd)
        var services = try serviceOptions.select(all)
        if services.count == 1 {
            try ServiceOptions.check(from, in: services[0])
            try ServiceOptions.check(to, in: services[0])
        } else {
            let known = Set(services.flatMap { $0.environments.map(\.name) })
            for name in [from, to] where !known.contains(name) {
                let names = (config.environments.names ?? EnvironmentSettings.wellKnownNames).filter(known.contains)
                Output.stderr("confgate: no service has an environment \(JSONWriter.quoted(name)); environments found: \(names.joined(separator: ", "))\n")
                throw ExitCode(ExitStatus.usage)
            }
            services = services.filter { service in
                let names = service.environments.map(\.name)
                guard names.contains(from), names.contains(to) else {
                    let lacking = names.contains(from) ? to : from
                    Output.stderr("confgate: \(service.displayName) has no \(lacking) environment; skipped\n")
                    return false
                }
                return true
            }
        }
        let scanner = SecretScanner(settings: config.secrets)
        var sections: [Section] = []
        for service in services {
            let resolved = try ServiceOptions.resolve(service, environments: [from, to], config: config, templates: templates)
            guard let a = resolved.environments.first(where: { $0.name == from }),
                let b = resolved.environments.first(where: { $0.name == to })
            else { continue }
            sections.append(Section(service: service, a: a, b: b, changes: EnvironmentDiff.changes(from: a, to: b)))
        }
        Output.stdout(format == "json" ? Diff.json(sections, scanner: scanner) : Diff.text(sections, scanner: scanner))
        throw ExitCode(sections.contains { !$0.changes.isEmpty } ? ExitStatus.findings : ExitStatus.clean)
    }

    // MARK: - Text

    /// One section per service: a header, then one line per change, or `  no differences`.
    ///
    ///     services/api: staging → production
    ///       ~ /replicas: 2 → 3  (services/api/staging.yaml:4, services/api/production.yaml:2)
    static func text(_ sections: [Section], scanner: SecretScanner) -> String {
        var out: [String] = []
        for (i, section) in sections.enumerated() {
            if i > 0 { out.append("") }
            out.append("\(section.service.displayName): \(section.a.name) → \(section.b.name)")
            if section.changes.isEmpty { out.append("  no differences") }
            let masksA = section.a.secretMasks(scanner)
            let masksB = section.b.secretMasks(scanner)
            for change in section.changes {
                let path = change.tokens.isEmpty ? "(document)" : change.pointer
                let from = change.from.map { section.a.document($0, masks: masksA).compactJSON }
                let to = change.to.map { section.b.document($0, masks: masksB).compactJSON }
                let fromPlace = change.fromOrigin.map { place(section.a.location($0)) }
                let toPlace = change.toOrigin.map { place(section.b.location($0)) }
                switch change.kind {
                case .added: out.append("  + \(path): \(to ?? "")  (\(toPlace ?? ""))")
                case .removed: out.append("  - \(path): \(from ?? "")  (\(fromPlace ?? ""))")
                case .changed:
                    out.append("  ~ \(path): \(from ?? "") → \(to ?? "")  (\(fromPlace ?? ""), \(toPlace ?? ""))")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func place(_ location: (file: String, start: SourceLocation)) -> String {
        "\(location.file):\(location.start.line)"
    }

    // MARK: - JSON

    /// `{"services": [{"service", "from", "to", "changes": [{"path", "kind", "from", "to",
    /// "fromLocation", "toLocation"}]}]}`; a side a change does not have is left out.
    static func json(_ sections: [Section], scanner: SecretScanner) -> String {
        func location(_ place: (file: String, start: SourceLocation)) -> DocumentValue {
            .object([
                .init("file", .string(place.file)), .init("line", .number(String(place.start.line))),
                .init("column", .number(String(place.start.column))),
            ])
        }
        let services: [DocumentValue] = sections.map { section in
            let masksA = section.a.secretMasks(scanner)
            let masksB = section.b.secretMasks(scanner)
            let changes: [DocumentValue] = section.changes.map { change in
                var members: [DocumentValue.Member] = [.init("path", .string(change.pointer)), .init("kind", .string(change.kind.rawValue))]
                if let from = change.from { members.append(.init("from", section.a.document(from, masks: masksA))) }
                if let to = change.to { members.append(.init("to", section.b.document(to, masks: masksB))) }
                if let origin = change.fromOrigin { members.append(.init("fromLocation", location(section.a.location(origin)))) }
                if let origin = change.toOrigin { members.append(.init("toLocation", location(section.b.location(origin)))) }
                return .object(members)
            }
            return .object([
                .init("service", section.service.name.map(DocumentValue.string) ?? .null),
                .init("from", .string(section.a.name)), .init("to", .string(section.b.name)), .init("changes", .array(changes)),
            ])
        }
        return DocumentValue.object([.init("services", .array(services))]).prettyJSON + "\n"
    }
}
