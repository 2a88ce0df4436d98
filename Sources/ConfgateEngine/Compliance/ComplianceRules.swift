import ConfgateDocument

/// The compliance rules of a project: its enabled packs with `.confgate.yaml`'s `rules:` settings
/// applied, and the rules its templates attach (`validation_rules`), loaded once before linting.
public struct ComplianceRules: Sendable {
    /// Every rule of the enabled packs, in pack order, settings applied (disabled ones included).
    public let packRules: [PackRule]
    /// Ids of rules turned off by `rules: ID: {enabled: false}`.
    public let disabled: Set<String>
    /// The rules a template attaches, by template file (absolute path), settings applied.
    let templateRules: [String: [PackRule]]
    /// The packs the rules come from, in `packs:` order.
    public let packs: [RulePack]
    /// The pack files (absolute): confgate's own configuration, which no rule checks.
    let packFiles: Set<String>
    /// The former ids of renamed rules, by current id: suppressions naming them still apply.
    let formerIDs: [String: [String]]

    public static let none = ComplianceRules(packs: [])

    /// Every rule of `packs`, as they are (no project settings, no templates).
    public init(packs: [RulePack]) {
        self.init(packRules: packs.flatMap(\.rules), disabled: [], templateRules: [:], packs: packs, packFiles: [])
    }

    /// These rules, as they are (tests, tools).
    public init(rules: [PackRule]) {
        self.init(packRules: rules, disabled: [], templateRules: [:], packs: [], packFiles: [])
    }

    private init(
        packRules: [PackRule], disabled: Set<String>, templateRules: [String: [PackRule]], packs: [RulePack], packFiles: Set<String>
    ) {
        self.packRules = packRules
        self.disabled = disabled
        self.templateRules = templateRules
        self.packs = packs
        self.packFiles = packFiles
        active = packRules.filter { !disabled.contains($0.id) }
        activeSelectors = SelectorSet.walked(for: active)
        var formerIDs: [String: [String]] = [:]
        for rule in packRules + templateRules.values.joined() where !rule.aliases.isEmpty { formerIDs[rule.id] = rule.aliases }
        self.formerIDs = formerIDs
    }

    /// The rules that run on every configuration (their scope permitting).
    public let active: [PackRule]
    /// `active`'s selectors, compiled once for the walks of every file (`SelectorSet`).
    let activeSelectors: SelectorSet

    /// Whether any rule may run.
    public var isEmpty: Bool { active.isEmpty && templateRules.values.allSatisfy { $0.isEmpty } }

    /// The rules a template attaches that run on its files besides `active` (not twice).
    func attached(to templatePath: String?) -> [PackRule] {
        guard let templatePath, let rules = templateRules[templatePath] else { return [] }
        let running = Set(active.map(\.id))
        return rules.filter { !running.contains($0.id) && !disabled.contains($0.id) }
    }

    /// Loads the packs `config` enables, checks that every id is unique among them and the
    /// code-defined rules, applies `rules:` settings, and resolves the templates' `validation_rules`
    /// (ids of rules in any built-in or enabled pack).
    public static func load(config: ProjectConfig, templates: TemplateSet?) throws(ConfigError) -> ComplianceRules {
        var packs: [RulePack] = []
        var packFiles = Set<String>()
        for reference in config.packs {
            switch reference.source {
            case .builtIn(let name):
                guard let pack = RulePack.builtIn(named: name) else {
                    let names = RulePack.builtIn.map(\.name)
                    let hint = closestMatch(to: name, in: names).map { "; did you mean \"\($0)\"?" } ?? ""
                    throw .invalidValue(
                        file: reference.configFile ?? ProjectConfig.fileName, at: reference.at ?? .start, path: "packs",
                        message: "no built-in pack \(JSONWriter.quoted(name)) (built in: \(names.joined(separator: ", ")); a pack file needs a path ending in .yaml)\(hint)")
                }
                packs.append(pack)
            case .file(let path, let displayPath):
                packs.append(try RulePack.load(path: path, displayName: displayPath))
                packFiles.insert(path)
            }
        }
        // Ids are global: a finding, a suppression or a baseline entry names a rule by id alone.
        var owners: [String: PackRule] = [:]
        var rules: [PackRule] = []
        for pack in packs {
            for rule in pack.rules {
                for id in [rule.id] + rule.aliases {
                    if let other = owners[id] {
                        throw .invalidValue(
                            file: rule.file, at: rule.location, path: "rules",
                            message: "rule id \(JSONWriter.quoted(id)) is already used by pack \(JSONWriter.quoted(other.pack)) (\(other.file):\(other.location.line))")
                    }
                    if let code = RuleRegistry.description(of: id) {
                        throw .invalidValue(
                            file: rule.file, at: rule.location, path: "rules",
                            message: "rule id \(JSONWriter.quoted(id)) is a built-in rule of category \(code.category.rawValue); choose another id")
                    }
                    owners[id] = rule
                }
                rules.append(rule)
            }
        }

        // `rules:` settings: a pack rule (by id or alias) or a code-defined rule.
        var disabled = Set<String>()
        func apply(_ rule: PackRule) -> PackRule {
            var rule = rule
            for id in [rule.id] + rule.aliases {
                guard let setting = config.ruleSettings[id] else { continue }
                if let severity = setting.severity { rule.severity = severity }
                if let checks = setting.checks { rule.checks = checks }
                if setting.enabled == false { disabled.insert(rule.id) }
            }
            return rule
        }
        rules = rules.map(apply)

        var templateRules: [String: [PackRule]] = [:]
        // The built-in packs are parsed only when a template names rules: a lint without packs
        // pays nothing for them (a pre-commit run must start fast).
        if let templates, (templates.templates + templates.layoutTemplates.values).contains(where: { !$0.validationRules.isEmpty }) {
            let known = Dictionary(
                (rules + RulePack.builtIn.flatMap(\.rules).map(apply)).flatMap { rule in ([rule.id] + rule.aliases).map { ($0, rule) } },
                uniquingKeysWith: { first, _ in first })
            for template in templates.templates + templates.layoutTemplates.values {
                var attached: [PackRule] = []
                for reference in template.validationRules {
                    guard let rule = known[reference.id] else {
                        let hint = closestMatch(to: reference.id, in: Array(known.keys)).map { "; did you mean \"\($0)\"?" } ?? ""
                        throw .invalidValue(
                            file: template.file, at: reference.at, path: "validation_rules",
                            message: "no compliance rule \(JSONWriter.quoted(reference.id)) in the built-in packs or the packs of .confgate.yaml\(hint)")
                    }
                    attached.append(rule)
                }
                templateRules[template.path] = attached
            }
        }

        for (id, setting) in config.ruleSettings where owners[id] == nil {
            let isPackRule = RulePack.builtIn.contains { $0.rules.contains { ([$0.id] + $0.aliases).contains(id) } }
            if isPackRule { continue }  // a built-in rule a template may attach: settings wait for it
            guard let code = RuleRegistry.description(of: id) else {
                let ids = Array(owners.keys) + RuleRegistry.all.map { $0.description.id }
                throw .unknownKey(
                    file: setting.configFile, at: setting.at, key: id, path: "rules", suggestion: closestMatch(to: id, in: ids))
            }
            if setting.checks != nil {
                throw .invalidValue(
                    file: setting.configFile, at: setting.at, path: "rules.\(id).then",
                    message: "\(JSONWriter.quoted(code.id)) is a built-in rule of category \(code.category.rawValue): only its severity and enabled can be set")
            }
        }
        return ComplianceRules(
            packRules: rules, disabled: disabled, templateRules: templateRules, packs: packs, packFiles: packFiles)
    }
}
