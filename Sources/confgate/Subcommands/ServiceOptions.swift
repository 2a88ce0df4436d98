import ArgumentParser
import ConfgateDocument
import ConfgateEngine
import ConfgateReporters

/// `--service`, and the steps `resolve` and `diff` share: find the project's services under the
/// paths, pick the ones asked for, read their layers and resolve the environments asked for.
struct ServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The service: its name as the layout captures it (the folder in the zero-config layout, e.g. services/api), or the name's last path component when only one service has it.",
        valueName: "name"))
    var service: String?

    /// The services under `paths` (default `.`), in plan order. Exits 2 when a path does not exist
    /// or there is no service at all.
    static func services(_ config: ProjectConfig, paths: [String], workingDirectory: String) throws -> [ServiceFiles] {
        let (targets, missing) = FileDiscovery(config: config, workingDirectory: workingDirectory).discover(paths.isEmpty ? ["."] : paths)
        if !missing.isEmpty {
            for finding in missing { Output.stderr("confgate: \(finding.message)\n") }
            throw ExitCode(ExitStatus.usage)
        }
        let services = ServicePlanner(config: config).plan(targets).services
        if services.isEmpty {
            let where_ = paths.isEmpty ? "here" : "under " + paths.joined(separator: ", ")
            Output.stderr(
                "confgate: no service with environments found \(where_) (a base file beside staging.yaml, production.yaml, ...; or environments: layouts: in .confgate.yaml)\n")
            throw ExitCode(ExitStatus.usage)
        }
        return services
    }

    /// The services `--service` names: the one matching, or all of them without the option.
    func select(_ services: [ServiceFiles]) throws -> [ServiceFiles] {
        guard let service else { return services }
        var matches = services.filter { $0.name == service }
        if matches.isEmpty {
            matches = services.filter { $0.name.map { ServiceOptions.lastComponent($0) == service } ?? false }
        }
        if matches.count == 1 { return matches }
        let names = services.map(\.displayName).joined(separator: ", ")
        Output.stderr(
            matches.isEmpty
                ? "confgate: no service \(JSONWriter.quoted(service)); services found: \(names)\n"
                : "confgate: several services end in \(JSONWriter.quoted(service)) (\(matches.map(\.displayName).joined(separator: ", "))); name one in full\n")
        throw ExitCode(ExitStatus.usage)
    }

    static func lastComponent(_ name: String) -> String {
        String(name.split(separator: "/").last ?? Substring(name))
    }

    /// `service` with only the environments named (and no undeclared overrides), resolved. A layer
    /// that cannot be read whole is reported on standard error as `lint` reports it: exit 1.
    /// Lists merge by the service template's `x-confgate-merge`, as `lint` resolves them.
    static func resolve(
        _ service: ServiceFiles, environments names: [String], config: ProjectConfig, templates: TemplateSet?
    ) throws -> ResolvedService {
        var subset = service
        subset.environments = service.environments.filter { names.contains($0.name) }
        subset.undeclared = []
        var streams: [ParsedStream?] = []
        var problems: [FileResult] = []
        // Reading only: the layers' secrets are masked in the output, not reported.
        var readingOnly = config
        readingOnly.secrets.enabled = false
        let linter = Linter(config: readingOnly)
        for file in subset.files {
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.readFile(file.path, limit: config.limits.maxFileBytes)
            } catch {
                Output.stderr("\(file.displayPath): error: cannot read \"\(file.displayPath)\": \(error.description) [io-error]\n")
                throw ExitCode(ExitStatus.findings)
            }
            let read = DocumentReader(limits: config.limits).read(bytes, format: file.format)
            if let stream = read.stream, !read.diagnostics.contains(where: \.isFatal) {
                if stream.documents.isEmpty {
                    Output.stderr("\(file.displayPath): error: the layer holds no document; write {} for an empty one\n")
                    throw ExitCode(ExitStatus.findings)
                }
                streams.append(stream)
            } else {
                problems.append(linter.lint(bytes: bytes, target: file))
                streams.append(nil)
            }
        }
        let firstBase = subset.bases.isEmpty ? nil : streams.first ?? nil
        let template = templates?.schema(forService: subset, firstBase: firstBase, projectRoot: config.root)?.schema
        guard problems.isEmpty, let resolved = ResolvedService.resolve(subset, streams: streams, strategies: template?.mergeStrategies) else {
            let text = TextReporter().render(LintReport(files: problems), context: ReportContext(color: false, fileCount: problems.count))
            Output.stderr(text)
            throw ExitCode(ExitStatus.findings)
        }
        return resolved
    }

    /// Exits 2 unless `service` has an override for `environment`.
    static func check(_ environment: String, in service: ServiceFiles) throws {
        guard !service.environments.contains(where: { $0.name == environment }) else { return }
        Output.stderr(
            "confgate: \(service.displayName) has no environment \(JSONWriter.quoted(environment)); its environments: \(service.environments.map(\.name).joined(separator: ", "))\n")
        throw ExitCode(ExitStatus.usage)
    }
}
