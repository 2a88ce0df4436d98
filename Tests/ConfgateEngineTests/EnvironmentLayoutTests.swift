import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// `environments:` in `.confgate.yaml`, layout paths, and how targets are grouped into services.
@Suite struct EnvironmentLayoutTests {
    func parse(_ text: String) throws(ConfigError) -> ProjectConfig {
        try ProjectConfig.parse(Array(text.utf8), file: ".confgate.yaml", root: "/project")
    }

    func configError(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: - Layout paths

    @Test func layoutPathCapturesServiceAndEnvironment() throws {
        let pattern = try LayoutPattern("config/{service}/{env}.{yaml,yml,json}")
        #expect(pattern.match("config/api/production.yaml") == LayoutPattern.Match(service: "api", environment: "production"))
        #expect(pattern.match("config/api/staging.json") == LayoutPattern.Match(service: "api", environment: "staging", rank: 2))
        #expect(pattern.match("config/api/v2/staging.json") == nil)
        #expect(pattern.match("config/api/staging.toml") == nil)
        #expect(pattern.paths(service: "api", environment: "qa") == ["config/api/qa.yaml", "config/api/qa.yml", "config/api/qa.json"])
        let flipped = try LayoutPattern("config/{env}/{service}.yaml")
        #expect(flipped.match("config/production/billing.yaml") == LayoutPattern.Match(service: "billing", environment: "production"))
        // A dot inside a name: the shortest environment that lets the rest match.
        let dotted = try LayoutPattern("{service}.{env}.yaml")
        #expect(dotted.match("api.prod.eu.yaml") == LayoutPattern.Match(service: "api", environment: "prod.eu"))
    }

    @Test func foldersAreStableUnlessTheyNameTheEnvironment() throws {
        #expect(try LayoutPattern("config/{service}/{env}.{yaml,json}").hasStableFolder)
        #expect(!(try LayoutPattern("config/{env}/{service}.yaml").hasStableFolder))
        #expect(!(try LayoutPattern("{a,b}/{env}.yaml").hasStableFolder))
        #expect(ServiceLayout.zeroConfig.overrides.hasStableFolder)
    }

    @Test func zeroConfigLayoutTakesTheFolderAsTheService() {
        let layout = ServiceLayout.zeroConfig
        #expect(layout.overrides.match("a/b/production.yaml") == LayoutPattern.Match(service: "a/b", environment: "production"))
        #expect(layout.overrides.match("production.json") == LayoutPattern.Match(service: ".", environment: "production", rank: 2))
        #expect(layout.bases[0].match("svc/base.yml") == LayoutPattern.Match(service: "svc", environment: nil, rank: 1))
        #expect(layout.bases[0].paths(service: ".", environment: nil) == ["base.yaml", "base.yml", "base.json", "base.jsonc"])
        #expect(layout.overrides.paths(service: "svc", environment: "qa").first == "svc/qa.yaml")
    }

    @Test(arguments: [
        ("/etc/{env}.yaml", "a layout path is relative to the configuration's folder and stays below it, found \"/etc/{env}.yaml\""),
        ("../{env}.yaml", "a layout path is relative to the configuration's folder and stays below it, found \"../{env}.yaml\""),
        ("config/*/{env}.yaml", "a layout path takes {service}, {env} and {a,b}, not glob characters, found \"config/*/{env}.yaml\""),
        ("config/{svc}/{env}.yaml", "unknown placeholder {svc} in \"config/{svc}/{env}.yaml\"; use {service}, {env} or {a,b}"),
        ("config/{env}/{env}.yaml", "{service} and {env} may each appear once, in \"config/{env}/{env}.yaml\""),
        ("config/{env.yaml", "unclosed \"{\" in \"config/{env.yaml\""),
    ])
    func layoutPathSyntaxErrors(_ text: String, _ message: String) {
        #expect(throws: LayoutPattern.SyntaxError.self) { try LayoutPattern(text) }
        do {
            _ = try LayoutPattern(text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func pointerPatterns() throws {
        let star = try #require(PointerPattern("/features/*/enabled"))
        #expect(star.matches(["features", "x", "enabled"]))
        #expect(!star.matches(["features", "x"]))
        let deep = try #require(PointerPattern("/debug/**"))
        #expect(deep.matches(["debug"]) && deep.matches(["debug", "a", "b"]))
        #expect(!deep.matches(["debugger"]))
        #expect(PointerPattern("/a/**/b") == nil)
        #expect(PointerPattern("debug") == nil)
        #expect(try #require(PointerPattern("/a~1b")).matches(["a/b"]))
    }

    // MARK: - Configuration

    @Test func environmentsConfigurationParses() throws {
        let config = try parse("""
            version: 1
            environments:
              names: [development, staging, production]
              critical: [staging, production]
              optional: [/debug/**]
              report-redundant: true
              layouts:
                - base:
                    - config/shared.yaml
                    - config/{service}/base.yaml
                  overrides: config/{service}/{env}.yaml
                  template: schemas/service.json
            """)
        let environments = config.environments
        #expect(environments.names == ["development", "staging", "production"])
        #expect(environments.isCritical("staging") && !environments.isCritical("development"))
        #expect(environments.reportRedundant)
        #expect(environments.optional == [PointerPattern("/debug/**")!])
        #expect(environments.layouts.count == 1)
        #expect(environments.layouts[0].bases.map { $0.paths(service: "api", environment: nil) } == [["config/shared.yaml"], ["config/api/base.yaml"]])
        #expect(environments.layouts[0].template?.schema == "/project/schemas/service.json")
        #expect(environments.layouts[0].template?.displayPath == "schemas/service.json")
    }

    @Test func criticalDefaultsToTheLastDeclaredEnvironment() throws {
        let declared = try parse("version: 1\nenvironments:\n  names: [dev, live]\n").environments
        #expect(declared.isCritical("live") && !declared.isCritical("dev"))
        let zeroConfig = try parse("version: 1\n").environments
        #expect(zeroConfig.isCritical("production") && zeroConfig.isCritical("prod"))
        #expect(!zeroConfig.isCritical("staging"))
    }

    @Test(arguments: [
        ("version: 1\nenvironments:\n  name: [a]\n", ".confgate.yaml:3:3: unknown key \"name\" in \"environments\"; did you mean \"names\"?"),
        ("version: 1\nenvironments:\n  names: [a, b]\n  critical: [c]\n", ".confgate.yaml:4:13: \"environments.critical\": \"c\" is not among environments.names (a, b)"),
        ("version: 1\nenvironments:\n  names: [a, a]\n", ".confgate.yaml:3:14: \"environments.names[1]\": \"a\" is listed twice"),
        ("version: 1\nenvironments:\n  names: [.hidden]\n", ".confgate.yaml:3:11: \"environments.names[0]\": an environment name is letters, digits, '.', '_' and '-', found \".hidden\""),
        ("version: 1\nenvironments:\n  layouts:\n    - base: base.yaml\n", ".confgate.yaml:4:7: \"environments.layouts[0]\": a layout needs \"base\" (a path or a list of paths) and \"overrides\" (a path with {env})"),
        ("version: 1\nenvironments:\n  layouts:\n    - base: base.yaml\n      overrides: prod.yaml\n", ".confgate.yaml:5:18: \"environments.layouts[0].overrides\": an overrides path needs {env}, found \"prod.yaml\""),
        ("version: 1\nenvironments:\n  layouts:\n    - base: '{env}/base.yaml'\n      overrides: '{env}.yaml'\n", ".confgate.yaml:4:13: \"environments.layouts[0].base\": a base path cannot name {env}, found \"{env}/base.yaml\""),
        ("version: 1\nenvironments:\n  layouts:\n    - base: config/{service}/base.yaml\n      overrides: config/{env}.yaml\n", ".confgate.yaml:5:18: \"environments.layouts[0].overrides\": the overrides path must name {service} when a base path does"),
        ("version: 1\nenvironments:\n  optional: [debug]\n", ".confgate.yaml:3:14: \"environments.optional[0]\": must be a JSON Pointer such as /features/* or /debug/**, found \"debug\""),
        ("version: 1\nenvironments: [a]\n", ".confgate.yaml:2:15: \"environments\" must be a mapping, found a list"),
    ])
    func configurationErrorsNameTheKey(_ text: String, _ message: String) {
        #expect(configError(text) == message)
    }

    // MARK: - Services

    func targets(_ directory: TemporaryDirectory, _ names: [String]) -> [LintTarget] {
        names.map { LintTarget(displayPath: $0, path: directory.path + "/" + $0, format: SourceFormat.forPath($0) ?? .yaml) }
    }

    @Test func zeroConfigGroupsBaseAndWellKnownEnvironmentsByFolder() throws {
        let directory = try TemporaryDirectory()
        let names = [
            "api/base.yaml", "api/production.yaml", "api/staging.json", "api/schema.json", "lonely/base.yaml",
            "web/production.yaml", "web/base.yml", "web/base.yaml", "notes.yaml",
        ]
        for name in names { try directory.write(name) }
        let all = targets(directory, names)
        let (services, loose) = ServicePlanner(config: ProjectConfig(root: directory.path)).plan(all)
        #expect(services.map(\.name) == ["api", "web"])
        #expect(services[0].bases.map(\.displayPath) == ["api/base.yaml"])
        #expect(services[0].environments.map(\.name) == ["staging", "production"])
        #expect(services[0].environments.map(\.file.displayPath) == ["api/staging.json", "api/production.yaml"])
        // web has base.yaml and base.yml: the first of yaml, yml, json, jsonc is the base, the
        // other a plain file.
        #expect(services[1].bases.map(\.displayPath) == ["web/base.yaml"])
        #expect(loose.map { all[$0].displayPath } == ["api/schema.json", "lonely/base.yaml", "web/base.yml", "notes.yaml"])
    }

    @Test func declaredLayoutFindsUndeclaredEnvironmentsAndSharedBases() throws {
        let directory = try TemporaryDirectory()
        let names = ["config/shared.yaml", "config/api/base.yaml", "config/api/production.yaml", "config/api/qa.yaml", "config/web/staging.yaml"]
        for name in names { try directory.write(name) }
        var config = try ProjectConfig.parse(
            Array("version: 1\nenvironments:\n  names: [staging, production]\n  layouts:\n    - base: [config/shared.yaml, 'config/{service}/base.yaml']\n      overrides: config/{service}/{env}.yaml\n".utf8),
            file: ".confgate.yaml", root: directory.path)
        config.file = ".confgate.yaml"
        let all = targets(directory, names)
        let (services, loose) = ServicePlanner(config: config).plan(all)
        #expect(services.map(\.name) == ["api", "web"])
        #expect(services[0].bases.map(\.displayPath) == ["config/shared.yaml", "config/api/base.yaml"])
        #expect(services[0].environments.map(\.name) == ["production"])
        #expect(services[0].undeclared.map(\.name) == ["qa"])
        #expect(services[1].bases.map(\.displayPath) == ["config/shared.yaml"])
        #expect(services[1].environments.map(\.name) == ["staging"])
        // The shared base is a layer of every service, so it is linted with them, not alone.
        #expect(loose.isEmpty)
    }

    @Test func aServiceNamedByOneFileFindsItsOtherLayersOnDisk() throws {
        let directory = try TemporaryDirectory()
        for name in ["svc/base.yaml", "svc/staging.yaml", "svc/production.yaml"] { try directory.write(name) }
        let config = ProjectConfig(root: directory.path)
        let one = targets(directory, ["svc/production.yaml"])
        let (services, loose) = ServicePlanner(config: config).plan(one)
        #expect(loose.isEmpty)
        #expect(services.first?.files.map(\.path) == ["base.yaml", "staging.yaml", "production.yaml"].map { directory.path + "/svc/" + $0 })
        // Below a folder walked whole, what is not a target is not a layer (excluded or ignored).
        let walked = ServicePlanner(config: config, walkedDirectories: [directory.path + "/svc"]).plan(one)
        #expect(walked.services.isEmpty && walked.loose == [0])
    }

    @Test func environmentsCanBeTurnedOff() throws {
        let directory = try TemporaryDirectory()
        let names = ["svc/base.yaml", "svc/production.yaml"]
        for name in names { try directory.write(name) }
        var config = ProjectConfig(root: directory.path)
        config.environments.enabled = false
        let (services, loose) = ServicePlanner(config: config).plan(targets(directory, names))
        #expect(services.isEmpty && loose == [0, 1])
    }
}
