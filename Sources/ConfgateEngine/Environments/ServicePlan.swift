import ConfgateDocument

/// One service's layer files, as a layout found them: base files in order, and the override of
/// each environment that has one, in declared order.
public struct ServiceFiles: Sendable {
    /// The service (`api`; the folder in the zero-config layout, `.` for the root; `nil` when the
    /// layout has no `{service}`: the project is the one service).
    public var name: String?
    /// Index into `EnvironmentSettings.effectiveLayouts`.
    public var layout: Int
    public var bases: [LintTarget]
    public var environments: [(name: String, file: LintTarget)]
    /// Overrides for environments `names:` does not declare (`environment-undeclared`).
    public var undeclared: [(name: String, file: LintTarget)]

    /// Every layer file: bases, then overrides in environment order, then undeclared ones.
    public var files: [LintTarget] { bases + environments.map(\.file) + undeclared.map(\.file) }

    /// How messages name the service.
    public var displayName: String { name ?? "the project" }
}

/// Sorts lint targets into services (by the layouts of `.confgate.yaml`) and files that belong to
/// none. A service's layers that are not among the targets (`lint config/api/production.yaml`,
/// `--changed-since`) are found on disk, so an environment is always compared with its siblings.
public struct ServicePlanner: Sendable {
    public let config: ProjectConfig
    /// Folders whose every lintable file is among the targets (the directories named on the
    /// command line, walked whole): a layer below one that is not a target does not exist or is
    /// excluded, so no disk lookup is needed (and a git-ignored `local.yaml` stays out).
    public var walkedDirectories: [String] = []

    public init(config: ProjectConfig, walkedDirectories: [String] = []) {
        self.config = config
        self.walkedDirectories = walkedDirectories.map { FilePath.normalize($0) }
    }

    var settings: EnvironmentSettings { config.environments }

    /// The services the targets belong to (in the order their first file appears) and the indices
    /// of the targets that belong to none.
    public func plan(_ targets: [LintTarget]) -> (services: [ServiceFiles], loose: [Int]) {
        guard settings.enabled else { return ([], Array(targets.indices)) }
        let layouts = settings.effectiveLayouts
        struct Key: Hashable {
            var layout: Int
            var service: String?
        }
        var keys: [Key] = []
        var members: [Key: [Int]] = [:]
        var loose: [Int] = []
        var byRelative: [String: LintTarget] = [:]
        var roles: [Int: LayerRole] = [:]
        for (index, target) in targets.enumerated() {
            guard target.path != "-", let relative = FilePath.relative(target.path, to: config.root),
                relative != ProjectConfig.fileName, relative != BaselineFile.defaultName
            else {
                loose.append(index)
                continue
            }
            byRelative[relative] = target
            var found: Key?
            for (l, layout) in layouts.enumerated() {
                if let (i, match) = layout.bases.enumerated().lazy.compactMap({ i, p in p.match(relative).map { (i, $0) } }).first {
                    found = Key(layout: l, service: match.service)
                    roles[index] = .base(i, rank: match.rank)
                } else if let match = layout.overrides.match(relative), let environment = match.environment,
                    isEnvironmentName(environment)
                {
                    found = Key(layout: l, service: match.service)
                    roles[index] = .override(environment, rank: match.rank)
                }
                if found != nil { break }
            }
            guard let key = found else {
                loose.append(index)
                continue
            }
            if members[key] == nil { keys.append(key) }
            members[key, default: []].append(index)
        }

        var lister = DirectoryCache(root: config.root)
        var walkedFolders: [String: Bool] = [:]
        func isWalked(_ relative: String) -> Bool { isWalkedFolder(FilePath.parent(relative)) }
        func isWalkedFolder(_ folder: String) -> Bool {
            if let known = walkedFolders[folder] { return known }
            let absolute = folder == "." ? config.root : FilePath.join(config.root, folder)
            let walked = walkedDirectories.contains { absolute == $0 || FilePath.relative(absolute, to: $0) != nil }
            walkedFolders[folder] = walked
            return walked
        }
        var services: [ServiceFiles] = []
        let template = targets.first { $0.path != "-" }
        for key in keys {
            let layout = layouts[key.layout]
            func locate(_ candidates: [String]) -> LintTarget? {
                for relative in candidates {
                    if let target = byRelative[relative] { return target }
                }
                for relative in candidates where !isWalked(relative) {
                    guard lister.exists(relative), !config.exclude.contains(where: { $0.matches(relative) }) else { continue }
                    return sibling(relative, like: template)
                }
                return nil
            }
            var service = ServiceFiles(name: key.service, layout: key.layout, bases: [], environments: [], undeclared: [])
            let names = settings.names ?? EnvironmentSettings.wellKnownNames
            if let fromTargets = layersAmongTargets(key.service, layout, members[key] ?? [], targets, roles, isWalkedFolder, byRelative) {
                // Every folder the service's layers can be in was walked whole: its layers are
                // the targets that matched, no candidate name needs to be tried.
                service.bases = fromTargets.bases
                service.environments = names.compactMap { name in fromTargets.environments[name].map { (name, $0) } }
            } else {
                for pattern in layout.bases {
                    if let file = locate(pattern.paths(service: key.service, environment: nil)) { service.bases.append(file) }
                }
                for name in names {
                    if let file = locate(layout.overrides.paths(service: key.service, environment: name)) {
                        service.environments.append((name, file))
                    }
                }
            }
            if let declared = settings.names {
                let layerPaths = Set(service.files.map(\.path))
                for index in members[key] ?? [] where !layerPaths.contains(targets[index].path) {
                    let relative = FilePath.relative(targets[index].path, to: config.root) ?? ""
                    if let environment = layout.overrides.match(relative)?.environment, !declared.contains(environment) {
                        service.undeclared.append((environment, targets[index]))
                    }
                }
            }
            // A base without any override is a plain file; so is an override of the zero-config
            // layout without a base (`production.yaml` alone in a folder).
            let isZeroConfig = settings.layouts.isEmpty
            if service.environments.isEmpty && service.undeclared.isEmpty || isZeroConfig && service.bases.isEmpty {
                loose += members[key] ?? []
                continue
            }
            // A target the layout matched but did not pick (`base.yml` beside the `base.yaml` it took)
            // is linted as a plain file.
            let layerPaths = Set(service.files.map(\.path))
            loose += (members[key] ?? []).filter { !layerPaths.contains(targets[$0].path) }
            services.append(service)
        }
        // A shared base (`config/base.yaml` under every service) is linted with its services.
        let layers = Set(services.flatMap { $0.files.map(\.path) })
        loose = loose.filter { !layers.contains(targets[$0].path) }.sorted()
        return (services, loose)
    }

    /// A service's layers taken from the targets alone, when that is enough: every pattern keeps
    /// its files in one folder and each of those folders was walked whole. The best-ranked file
    /// wins a slot (`base.yaml` before `base.yml`). `nil` when candidates must be looked for.
    func layersAmongTargets(
        _ service: String?, _ layout: ServiceLayout, _ members: [Int], _ targets: [LintTarget], _ roles: [Int: LayerRole],
        _ isWalkedFolder: (String) -> Bool, _ byRelative: [String: LintTarget]
    ) -> (bases: [LintTarget], environments: [String: LintTarget])? {
        for pattern in layout.bases + [layout.overrides] {
            guard let folder = pattern.folder(service: service), isWalkedFolder(folder) else { return nil }
        }
        var bases: [Int: (rank: Int, target: LintTarget)] = [:]
        var environments: [String: (rank: Int, target: LintTarget)] = [:]
        for index in members {
            switch roles[index] {
            case .base(let i, let rank):
                if bases[i].map({ rank < $0.rank }) ?? true { bases[i] = (rank, targets[index]) }
            case .override(let name, let rank):
                if environments[name].map({ rank < $0.rank }) ?? true { environments[name] = (rank, targets[index]) }
            case nil: break
            }
        }
        // A base shared by every service (no {service} in its path) is another key's member.
        for (i, pattern) in layout.bases.enumerated() where !pattern.hasService {
            if let shared = pattern.paths(service: service, environment: nil).lazy.compactMap({ byRelative[$0] }).first {
                bases[i] = (0, shared)
            }
        }
        return (layout.bases.indices.compactMap { bases[$0]?.target }, environments.mapValues(\.target))
    }

    /// Whether an `{env}` value can be an environment: any name when `names:` is declared (the
    /// others are `environment-undeclared`), else only the well-known names.
    func isEnvironmentName(_ name: String) -> Bool {
        guard let declared = settings.names else { return EnvironmentSettings.wellKnownNames.contains(name) }
        return declared.contains(name) || EnvironmentSettings.looksLikeName(name)
    }

    /// A layer file found on disk, named for reports the way the targets are: relative to the
    /// working directory when the targets are relative.
    func sibling(_ relative: String, like example: LintTarget?) -> LintTarget {
        let path = FilePath.join(config.root, relative)
        var display = path
        if let example, !example.displayPath.hasPrefix("/") {
            let cwd = FileSystem.currentDirectory()
            display = FilePath.relative(path, to: cwd) ?? path
        }
        return LintTarget(displayPath: display, path: path, format: config.format(of: path, relativePath: relative) ?? .yaml)
    }
}

/// What a target is in the layout that matched it: its `i`th base path, or an environment's
/// override; `rank` orders files that fit one slot (`base.yaml` before `base.yml`).
enum LayerRole {
    case base(Int, rank: Int)
    case override(String, rank: Int)
}

/// Directory listings read once each: the existence checks of a whole tree's layouts cost one
/// `readdir` per folder instead of a `stat` per candidate name.
struct DirectoryCache {
    let root: String
    private var listings: [String: Set<String>] = [:]

    init(root: String) { self.root = root }

    mutating func exists(_ relative: String) -> Bool {
        let folder = FilePath.parent(relative)
        let name = String(relative.split(separator: "/").last ?? "")
        if listings[folder] == nil {
            let absolute = folder == "." ? root : FilePath.join(root, folder)
            listings[folder] = Set(FileSystem.list(absolute).filter(\.isFile).map(\.name))
        }
        return listings[folder]!.contains(name)
    }
}
