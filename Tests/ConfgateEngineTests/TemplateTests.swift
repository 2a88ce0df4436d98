import ConfgateDocument
import ConfgateEngine
import ConfgateSchema
import Foundation
import Testing

/// Templates at work in the linter (docs/templates.md): how a file is bound to a schema, offline
/// reference resolution, templates that cannot be used, and the exact findings of a violation.
///
/// Each test builds a small project in a temporary folder, reads its `.confgate.yaml` text with
/// `ProjectConfig.parse`, loads the templates and lints files from disk, as `confgate lint` does.
@Suite struct TemplateTests {
    // MARK: - Support

    /// A project in a fresh temporary folder.
    final class Project {
        let dir: TemporaryDirectory

        init(_ files: [String: String]) throws {
            dir = try TemporaryDirectory()
            for (path, text) in files { try dir.write(path, text) }
        }

        /// The configuration `text` would be, as `.confgate.yaml` at the project's root.
        func config(_ text: String) throws -> ProjectConfig {
            try ProjectConfig.parse(Array(text.utf8), file: ".confgate.yaml", root: dir.path)
        }

        /// The templates of `config`, or the configuration error loading them gives.
        func load(_ config: ProjectConfig) -> Result<TemplateSet, ConfigError> {
            Result { () throws(ConfigError) -> TemplateSet in try TemplateSet.load(config: config) }
        }

        /// The description of the configuration error loading `config`'s templates gives, if any.
        func loadError(_ config: ProjectConfig) -> String? {
            if case .failure(let error) = load(config) { return error.description }
            return nil
        }

        /// Lints the files at `paths` (relative to the root) and describes each finding on one line;
        /// a configuration error loading the templates is one line too. Not throwing, so `#expect`
        /// shows the lines when they differ.
        func findings(_ paths: [String], config: ProjectConfig) -> [String] {
            let templates: TemplateSet
            switch load(config) {
            case .success(let loaded): templates = loaded
            case .failure(let error): return ["configuration error: \(error.description)"]
            }
            let linter = Linter(config: config, templates: templates)
            var lines: [String] = []
            for path in paths {
                let format = config.format(of: path, relativePath: path) ?? .yaml
                let result = linter.lintFile(LintTarget(displayPath: path, path: dir.path + "/" + path, format: format))
                lines += result.findings.map(describe)
            }
            return lines
        }

        func findings(_ path: String, config: ProjectConfig) -> [String] { findings([path], config: config) }

        /// `file:start-end severity [rule] message | pointer document keywordLocation`, with the
        /// project folder in keyword locations written `$DIR`, so expectations stay exact and short.
        func describe(_ f: Finding) -> String {
            let range = f.range.map { "\($0.start.line):\($0.start.column)-\($0.end.line):\($0.end.column)" } ?? "-"
            let keyword = f.keywordLocation.map { " " + $0.replacingOccurrences(of: "file://" + dir.path + "/", with: "$DIR/") } ?? ""
            let pointer = f.pointer.map { $0.isEmpty ? "\"\"" : $0 } ?? "nil"
            return "\(f.file):\(range) \(f.severity) [\(f.rule)] \(f.message) | \(pointer) doc \(f.document.map(String.init) ?? "nil")\(keyword)"
        }
    }

    /// Each schema says `v` has another type, so a finding tells which schema a file was bound to;
    /// `v: 1.5` breaks all three.
    static let schemas = [
        "schemas/int.json": #"{"properties": {"v": {"type": "integer"}}}"#,
        "schemas/str.json": #"{"properties": {"v": {"type": "string"}}}"#,
        "schemas/bool.json": #"{"properties": {"v": {"type": "boolean"}}}"#,
    ]

    /// `files` and the three schemas.
    static func withSchemas(_ files: [String: String]) -> [String: String] { schemas.merging(files) { _, new in new } }

    static let unmapped =
        "info [unmapped-config] no template applies to this file; bind one under templates: in .confgate.yaml, with a $schema member, or with a yaml-language-server modeline | \"\""

    // MARK: - Binding

    @Test func bindingPrecedence() throws {
        let modeline = "# yaml-language-server: $schema=../schemas/bool.json\n"
        let project = try Project(
            Self.withSchemas([
                // Matched by both entries: the first wins, over its $schema member and modeline too.
                "bound/first.yaml": modeline + "$schema: ../schemas/bool.json\nv: 1.5\n",
                // Matched by the second entry only: it wins over the $schema member and the modeline.
                "bound/second.yaml": modeline + "$schema: ../schemas/bool.json\nv: 1.5\n",
                // No entry: the $schema member wins over the modeline.
                "free/member.yaml": modeline + "$schema: ../schemas/str.json\nv: 1.5\n",
                "free/member.json": "{\"v\": 1.5, \"$schema\": \"../schemas/int.json\"}\n",
                "free/mode.yaml": modeline + "v: 1.5\n",
                "free/none.yaml": "v: 1.5\n",
            ]))
        let config = try project.config(
            """
            version: 1
            templates:
              - schema: schemas/int.json
                files: ["bound/first.yaml"]
              - schema: schemas/str.json
                files: ["bound/*.yaml", "elsewhere/*.yaml"]

            """)
        #expect(
            project.findings(
                ["bound/first.yaml", "bound/second.yaml", "free/member.yaml", "free/member.json", "free/mode.yaml", "free/none.yaml"],
                config: config) == [
                    #"bound/first.yaml:3:4-3:7 error [schema-type] "v" must be an integer, found number 1.5 | /v doc 0 $DIR/schemas/int.json#/properties/v/type"#,
                    #"bound/second.yaml:3:4-3:7 error [schema-type] "v" must be a string, found number 1.5 | /v doc 0 $DIR/schemas/str.json#/properties/v/type"#,
                    #"free/member.yaml:3:4-3:7 error [schema-type] "v" must be a string, found number 1.5 | /v doc 0 $DIR/schemas/str.json#/properties/v/type"#,
                    #"free/member.json:1:7-1:10 error [schema-type] "v" must be an integer, found number 1.5 | /v doc 0 $DIR/schemas/int.json#/properties/v/type"#,
                    #"free/mode.yaml:2:4-2:7 error [schema-type] "v" must be a boolean, found number 1.5 | /v doc 0 $DIR/schemas/bool.json#/properties/v/type"#,
                    "free/none.yaml:1:1-1:1 " + Self.unmapped + " doc 0",
                ])

        // Without templates: the same binding by $schema member and modeline, and no unmapped-config.
        let plain = try project.config("version: 1\n")
        #expect(
            project.findings(["bound/first.yaml", "free/member.yaml", "free/mode.yaml", "free/none.yaml"], config: plain) == [
                #"bound/first.yaml:3:4-3:7 error [schema-type] "v" must be a boolean, found number 1.5 | /v doc 0 $DIR/schemas/bool.json#/properties/v/type"#,
                #"free/member.yaml:3:4-3:7 error [schema-type] "v" must be a string, found number 1.5 | /v doc 0 $DIR/schemas/str.json#/properties/v/type"#,
                #"free/mode.yaml:2:4-2:7 error [schema-type] "v" must be a boolean, found number 1.5 | /v doc 0 $DIR/schemas/bool.json#/properties/v/type"#,
            ])
    }

    /// A relative `$schema` is resolved from the folder of the file that names it, not from the
    /// configuration's folder or the working directory.
    @Test func schemaMemberIsRelativeToTheFile() throws {
        let project = try Project(
            Self.withSchemas([
                "a/b/c.json": #"{"$schema": "../../schemas/int.json", "v": "x"}"#,
                "a/b/schemas/int.json": #"{"properties": {"v": {"type": "null"}}}"#,
                "a/b/d.yaml": "$schema: schemas/int.json\nv: x\n",
                "a/b/e.yaml": "$schema: ./../../schemas/str.json\nv: 1\n",
            ]))
        let plain = try project.config("version: 1\n")
        #expect(
            project.findings(["a/b/c.json", "a/b/d.yaml", "a/b/e.yaml"], config: plain) == [
                #"a/b/c.json:1:44-1:47 error [schema-type] "v" must be an integer, found string "x" | /v doc 0 $DIR/schemas/int.json#/properties/v/type"#,
                #"a/b/d.yaml:2:4-2:5 error [schema-type] "v" must be null, found string "x" | /v doc 0 $DIR/a/b/schemas/int.json#/properties/v/type"#,
                #"a/b/e.yaml:2:4-2:5 error [schema-type] "v" must be a string, found integer 1 | /v doc 0 $DIR/schemas/str.json#/properties/v/type"#,
            ])
    }

    /// A schema file whose `$schema` names a draft is itself validated, against that meta-schema.
    @Test func schemaMemberNamingADraft() throws {
        let project = try Project([
            "schemas/x.json": #"{"$schema": "http://json-schema.org/draft-07/schema#", "required": "name", "minimum": 1}"#
        ])
        let plain = try project.config("version: 1\n")
        #expect(
            project.findings("schemas/x.json", config: plain) == [
                #"schemas/x.json:1:68-1:74 error [schema-type] "required" must be an array, found string "name" | /required doc 0 http://json-schema.org/draft-07/schema#/definitions/stringArray/type"#
            ])
    }

    /// The modeline counts only in the comment lines before the content (blank lines, comments and
    /// a `---` may come first), whatever the line endings and with a byte-order mark.
    static let modelines: [(String, [String])] = [
        ("# yaml-language-server: $schema=../schemas/bool.json\nv: 1.5\n", ["2:4-2:7"]),
        ("# a comment\n\n  #yaml-language-server:   $schema=../schemas/bool.json  trailing words\n---\nv: 1.5\n", ["5:4-5:7"]),
        ("# yaml-language-server: $schema=../schemas/bool.json\r\nv: 1.5\r\n", ["2:4-2:7"]),
        ("# yaml-language-server: $schema=../schemas/bool.json\rv: 1.5\r", ["2:4-2:7"]),
        ("\u{FEFF}# yaml-language-server: $schema=../schemas/bool.json\nv: 1.5\n", ["2:4-2:7"]),
        // After the content, inside a value, or with no reference: not a modeline.
        ("v: 1.5\n# yaml-language-server: $schema=../schemas/bool.json\n", []),
        ("v: 1.5\nw: |\n  # yaml-language-server: $schema=../schemas/bool.json\n", []),
        ("# yaml-language-server: $schema=\nv: 1.5\n", []),
        ("# yaml-language-server: schema=../schemas/bool.json\nv: 1.5\n", []),
        ("# language-server: $schema=../schemas/bool.json\nv: 1.5\n", []),
    ]

    @Test(arguments: modelines)
    func modelineOnlyInLeadingComments(text: String, ranges: [String]) throws {
        let project = try Project(Self.withSchemas(["free/m.yaml": text]))
        let plain = try project.config("version: 1\n")
        #expect(
            project.findings("free/m.yaml", config: plain)
                == ranges.map {
                    #"free/m.yaml:\#($0) error [schema-type] "v" must be a boolean, found number 1.5 | /v doc 0 $DIR/schemas/bool.json#/properties/v/type"#
                })
    }

    /// `unmapped-config` only where the project configures templates, at the document's first node.
    @Test func unmappedConfigOnlyWithTemplates() throws {
        let project = try Project(
            Self.withSchemas([
                "svc/a.yaml": "# leading comment\nv: 1\n",
                "other/b.json": "\n  [1]\n",
                "other/c.yaml": "",
            ]))
        let files = ["svc/a.yaml", "other/b.json", "other/c.yaml"]
        let plain = try project.config("version: 1\n")
        let empty = try project.config("version: 1\ntemplates: []\n")
        #expect(project.findings(files, config: plain) == [])
        #expect(project.findings(files, config: empty) == [])
        let configured = try project.config("version: 1\ntemplates:\n  - schema: schemas/int.json\n    files: [\"svc/*.yaml\"]\n")
        #expect(
            project.findings(files, config: configured) == [
                "other/b.json:2:3-2:3 " + Self.unmapped + " doc 0"
            ])
        // An entry with no files binds nothing, but still means the project uses templates.
        let unbound = try project.config("version: 1\ntemplates:\n  - schema: schemas/int.json\n")
        #expect(
            project.findings(["svc/a.yaml"], config: unbound) == ["svc/a.yaml:2:1-2:1 " + Self.unmapped + " doc 0"])

        // The configuration file itself needs no template: it is checked when it is loaded.
        let text = "version: 1\ntemplates:\n  - schema: ../schemas/int.json\n    files: [\"svc/*.yaml\"]\n"
        try project.dir.write(".confgate.yaml", text)
        try project.dir.write("conf/strict.yaml", text)
        #expect(project.findings([".confgate.yaml"], config: configured) == [])
        let elsewhere = try ProjectConfig.parse(Array(text.utf8), file: "conf/strict.yaml", root: project.dir.path + "/conf")
        #expect(
            project.findings(["conf/strict.yaml", ".confgate.yaml"], config: elsewhere) == [
                ".confgate.yaml:1:1-1:1 " + Self.unmapped + " doc 0"
            ])
    }

    @Test func unresolvedSchema() throws {
        let project = try Project(
            Self.withSchemas([
                "conf/missing.yaml": "$schema: nothere.json\nv: 1\n",
                "conf/remote.json": "{\"$schema\": \"https://example.com/x.json\", \"v\": 1}\n",
                "conf/modeline.yaml": "# yaml-language-server: $schema=http://example.com/y.yaml\nv: 1\n",
                "conf/invalid.yaml": "$schema: ../bad/type.json\nv: 1\n",
                "bad/type.json": "{\n  \"properties\": {\"v\": {\"type\": 5}}\n}\n",
            ]))
        let dir = project.dir.path
        let plain = try project.config("version: 1\n")
        #expect(
            project.findings(
                ["conf/missing.yaml", "conf/remote.json", "conf/modeline.yaml", "conf/invalid.yaml"], config: plain) == [
                    #"conf/missing.yaml:1:1-2:5 warning [unresolved-schema] cannot use the schema "nothere.json" this document names: file://\#(dir)/conf/nothere.json: cannot resolve reference "file://\#(dir)/conf/nothere.json" | "" doc 0"#,
                    #"conf/remote.json:1:1-1:50 warning [unresolved-schema] cannot use the schema "https://example.com/x.json" this document names: https://example.com/x.json: cannot resolve reference "https://example.com/x.json" | "" doc 0"#,
                    #"conf/modeline.yaml:2:1-2:5 warning [unresolved-schema] cannot use the schema "http://example.com/y.yaml" this document names: http://example.com/y.yaml: cannot resolve reference "http://example.com/y.yaml" | "" doc 0"#,
                    #"conf/invalid.yaml:1:1-2:5 warning [unresolved-schema] cannot use the schema "../bad/type.json" this document names: \#(dir)/bad/type.json:2:24 (at /properties/v/type): "type" must be one of "null", "boolean", "object", "array", "number", "string", "integer" | "" doc 0"#,
                ])
    }

    /// Each document of a YAML stream is bound and validated on its own, with its index.
    @Test func multiDocumentStreams() throws {
        let project = try Project(
            Self.withSchemas([
                "multi.yaml": "v: 1\n---\nv: x\n---\n# a comment\nv: true\n",
                "members.yaml": "$schema: schemas/int.json\nv: x\n---\n$schema: schemas/str.json\nv: 1\n---\nv: 1\n",
            ]))
        let config = try project.config(
            "version: 1\ntemplates:\n  - schema: schemas/int.json\n    files: [\"multi.yaml\"]\n  - schema: schemas/bool.json\n    files: [\"elsewhere.yaml\"]\n")
        #expect(
            project.findings(["multi.yaml", "members.yaml"], config: config) == [
                #"multi.yaml:3:4-3:5 error [schema-type] "v" must be an integer, found string "x" | /v doc 1 $DIR/schemas/int.json#/properties/v/type"#,
                #"multi.yaml:6:4-6:8 error [schema-type] "v" must be an integer, found boolean true | /v doc 2 $DIR/schemas/int.json#/properties/v/type"#,
                #"members.yaml:2:4-2:5 error [schema-type] "v" must be an integer, found string "x" | /v doc 0 $DIR/schemas/int.json#/properties/v/type"#,
                #"members.yaml:5:4-5:5 error [schema-type] "v" must be a string, found integer 1 | /v doc 1 $DIR/schemas/str.json#/properties/v/type"#,
                "members.yaml:7:1-7:1 " + Self.unmapped + " doc 2",
            ])
    }

    // MARK: - Offline references

    /// `schema-maps` serves a URL prefix from a folder (with cross-references inside the vendored
    /// catalogue); `schema-dirs` registers every file under its `$id`. The hosts do not exist: a
    /// fetch would fail, so a finding proves the local copy was read.
    @Test func schemaMapsAndDirectoriesResolveOffline() throws {
        let project = try Project([
            "vendor/ss/port.json": #"{"$ref": "common.json#/$defs/port"}"#,
            "vendor/ss/common.json": #"{"$defs": {"port": {"type": "integer", "minimum": 1}}}"#,
            "vendor/ss/service.json": #"{"properties": {"port": {"$ref": "port.json"}}, "required": ["port"]}"#,
            "vendor/ids/any-file-name.json": #"{"$id": "https://schemas.invalid/name.json", "type": "string", "maxLength": 3}"#,
            "templates/t.json": """
                {
                  "properties": {
                    "port": {"$ref": "https://json.schemastore.invalid/port.json"},
                    "name": {"$ref": "https://schemas.invalid/name.json"}
                  }
                }
                """,
            "a.yaml": "port: 0\nname: abcd\n",
            "other/b.json": #"{"$schema": "https://json.schemastore.invalid/service.json", "port": "x"}"#,
        ])
        let config = try project.config(
            """
            version: 1
            schema-dirs: [vendor/ids]
            schema-maps:
              "https://json.schemastore.invalid/": vendor/ss/
            templates:
              - schema: templates/t.json
                files: ["*.yaml"]

            """)
        #expect(
            project.findings(["a.yaml", "other/b.json"], config: config) == [
                #"a.yaml:1:7-1:8 error [schema-minimum] "port" must be at least 1, found 0 | /port doc 0 https://json.schemastore.invalid/common.json#/$defs/port/minimum"#,
                #"a.yaml:2:7-2:11 error [schema-max-length] "name" must be at most 3 characters long, found 4 | /name doc 0 https://schemas.invalid/name.json#/maxLength"#,
                #"other/b.json:1:70-1:73 error [schema-type] "port" must be an integer, found string "x" | /port doc 0 https://json.schemastore.invalid/common.json#/$defs/port/type"#,
            ])
        // Without the map and the folder the template cannot be used.
        let bare = try project.config("version: 1\ntemplates:\n  - schema: templates/t.json\n    files: [\"*.yaml\"]\n")
        #expect(
            project.loadError(bare)
                == #"templates/t.json:3:14 (at /properties/port/$ref): reference "https://json.schemastore.invalid/port.json" names a remote document, which confgate never fetches; vendor it and name its folder with --schema-dir or --schema-map (or schema-dirs/schema-maps in .confgate.yaml)"#
        )
    }

    // MARK: - Templates that cannot be used

    /// (template text at templates/t.json, the configuration error's description)
    static let invalidTemplates: [(String, String)] = [
        ("{\n  \"properties\": {\n    \"port\": {\"$ref\": \"missing.json\"}\n  }\n}\n",
         #"templates/t.json:3:14 (at /properties/port/$ref): cannot resolve reference "missing.json""#),
        ("{\n  \"properties\": {\n    \"port\": {\"$ref\": \"https://example.com/port.json\"}\n  }\n}\n",
         #"templates/t.json:3:14 (at /properties/port/$ref): reference "https://example.com/port.json" names a remote document, which confgate never fetches; vendor it and name its folder with --schema-dir or --schema-map (or schema-dirs/schema-maps in .confgate.yaml)"#),
        ("{\n  \"properties\": {\n    \"port\": {\"$ref\": \"#/$defs/nothere\"}\n  }\n}\n",
         ##"templates/t.json:3:14 (at /properties/port/$ref): cannot resolve reference "#/$defs/nothere""##),
        ("{\n  \"type\": \"object\",\n  \"properties\": {\n    \"port\": {\"type\": 5}\n  }\n}\n",
         #"templates/t.json:4:22: "/properties/port/type": not a valid 2020-12 schema: "type" must be one of "array", "boolean", "integer", "null", "number", "object", "string", found 5"#),
        ("{\n  \"properties\": {\n    \"port\": {\"minimum\": \"x\"}\n  }\n}\n",
         #"templates/t.json:3:25: "/properties/port/minimum": not a valid 2020-12 schema: "minimum" must be a number, found string "x""#),
        ("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"required\": \"port\"\n}\n",
         #"templates/t.json:3:15: "/required": not a valid draft-07 schema: "required" must be an array, found string "port""#),
        ("[]\n", #"templates/t.json:1:1: "(top level)": not a valid 2020-12 schema: the document must be an object or a boolean, found an array"#),
        ("{\n  \"properties\": {\n    \"port\": {\"pattern\": \"a(b\"}\n  }\n}\n",
         #"templates/t.json:3:25 (at /properties/port/pattern): invalid regular expression "a(b" at offset 1: unterminated group"#),
        ("{\n  \"patternProperties\": {\n    \"^x[\": true\n  }\n}\n",
         #"templates/t.json:3:5 (at /patternProperties/^x[): invalid regular expression "^x[" at offset 2: unterminated character class"#),
        ("{\n  \"properties\": {\"port\": {\"type\": \"integer\"},}\n}\n",
         "templates/t.json:2:45: invalid configuration: trailing comma before '}' is not allowed in JSON"),
        ("", "templates/t.json:1:1: invalid configuration: empty JSON file: expected a value"),
        // confgate's annotation keywords pass the meta-schema, so their values are checked apart.
        ("{\n  \"properties\": {\n    \"env\": {\"x-parity\": \"sometimes\"}\n  }\n}\n",
         #"templates/t.json:3:25: "/properties/env/x-parity": "x-parity" must be one of "equal", "distinct", "optional", found string "sometimes""#),
        ("{\n  \"properties\": {\n    \"list\": {\"x-confgate-merge\": {\"merge-by-key\": 3}}\n  }\n}\n",
         #"templates/t.json:3:51: "/properties/list/x-confgate-merge/merge-by-key": "merge-by-key" must be the name of the items' key, a non-empty string, found integer 3"#),
        ("{\n  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n  \"items\": {\"x-confgate-merge\": \"prepend\"}\n}\n",
         #"templates/t.json:3:33: "/items/x-confgate-merge": "x-confgate-merge" must be "append", "replace" or {"merge-by-key": NAME}, found string "prepend""#),
    ]

    @Test(arguments: invalidTemplates)
    func invalidTemplateIsAConfigurationError(template: String, message: String) throws {
        let project = try Project(["templates/t.json": template, "a.yaml": "port: 1\n"])
        let config = try project.config("version: 1\ntemplates:\n  - schema: templates/t.json\n    files: [\"*.yaml\"]\n")
        #expect(project.loadError(config) == message)
    }

    /// `x-parity` and `x-confgate-merge` are allowed by every draft's meta-schema, and the compiled
    /// template answers with them.
    @Test(arguments: ["https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema",
                      "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-04/schema#"])
    func annotationKeywordsPassEveryMetaSchema(draft: String) throws {
        let template = """
            {"$schema": "\(draft)", "x-parity": "optional",
             "properties": {"env": {"x-parity": "equal"}, "hosts": {"type": "array", "x-confgate-merge": {"merge-by-key": "name"}}}}
            """
        let project = try Project(["templates/t.json": template, "a.yaml": "env: 1\n"])
        let config = try project.config("version: 1\ntemplates:\n  - schema: templates/t.json\n    files: [\"*.yaml\"]\n")
        let templates = try project.load(config).get()
        let annotations = templates.templates[0].schema.annotations
        #expect(annotations.parity(at: ["env"]) == .equal)
        #expect(annotations.parity(at: ["other"]) == .optional)
        #expect(annotations.mergeStrategy(at: ["hosts"]) == .mergeByKey("name"))
        #expect(project.findings("a.yaml", config: config) == [])
    }

    @Test func missingTemplateFile() throws {
        let project = try Project([:])
        let config = try project.config("version: 1\ntemplates:\n  - schema: templates/nope.json\n")
        #expect(project.loadError(config) == "templates/nope.json: cannot read template: no such file or directory")
    }

    // MARK: - Findings

    @Test func strictFormatsTurnsFormatIntoAnAssertion() throws {
        let project = try Project([
            "s.json": #"{"properties": {"when": {"format": "date"}, "mail": {"format": "email"}, "ok": {"format": "ipv4"}}}"#,
            "a.yaml": "when: 2024-13-45\nmail: nobody\nok: 10.0.0.1\n",
        ])
        let base = "version: 1\ntemplates:\n  - schema: s.json\n    files: [\"a.yaml\"]\n"
        let annotation = try project.config(base)
        let explicit = try project.config(base + "strict-formats: false\n")
        let strict = try project.config(base + "strict-formats: true\n")
        #expect(project.findings("a.yaml", config: annotation) == [])
        #expect(project.findings("a.yaml", config: explicit) == [])
        #expect(
            project.findings("a.yaml", config: strict) == [
                #"a.yaml:1:7-1:17 error [schema-format] "when" must be a valid date, found "2024-13-45" | /when doc 0 $DIR/s.json#/properties/when/format"#,
                #"a.yaml:2:7-2:13 error [schema-format] "mail" must be a valid email, found "nobody" | /mail doc 0 $DIR/s.json#/properties/mail/format"#,
            ])
    }

    @Test func shorthandTemplateBoundByTheConfiguration() throws {
        let project = try Project([
            "templates/web.yaml": """
                name: web
                type: service
                schema:
                  host: string
                  port: integer
                  tls?: boolean
                  database:
                    url: string
                  level: {enum: [debug, info]}

                """,
            "svc/a.yaml": "host: h\nport: \"80a\"\ndatabase: {}\nlevel: trace\nhst: x\n",
            "svc/ok.yaml": "host: h\nport: 80\ntls: false\ndatabase: {url: u}\nlevel: info\n",
        ])
        let config = try project.config("version: 1\ntemplates:\n  - schema: templates/web.yaml\n    files: [\"svc/*.yaml\"]\n")
        #expect(
            project.findings(["svc/a.yaml", "svc/ok.yaml"], config: config) == [
                #"svc/a.yaml:2:7-2:12 error [schema-type] "port" must be an integer, found string "80a" | /port doc 0 $DIR/templates/web.yaml#/properties/port/type"#,
                #"svc/a.yaml:3:11-3:13 error [schema-required] "database" is missing required key "url" | /database doc 0 $DIR/templates/web.yaml#/properties/database/required"#,
                #"svc/a.yaml:4:8-4:13 error [schema-enum] "level" must be one of "debug", "info", found "trace" | /level doc 0 $DIR/templates/web.yaml#/properties/level/enum"#,
                #"svc/a.yaml:5:1-5:4 error [schema-additional-properties] "hst" is not allowed; did you mean "host"? | /hst doc 0 $DIR/templates/web.yaml#/additionalProperties"#,
            ])
        let template = try #require(try project.load(config).get().templates.first)
        #expect(template.name == "web")
        #expect(template.file == "templates/web.yaml")
        #expect(template.shorthand?.type == .service)
    }

    /// `additionalProperties` points at the offending key and suggests the closest allowed one;
    /// `required` points at the mapping that lacks the key.
    @Test func findingsPointAtTheMostSpecificNode() throws {
        let project = try Project([
            "s.json": """
                {
                  "type": "object",
                  "properties": {
                    "database": {
                      "type": "object",
                      "properties": {"host": {"type": "string"}, "port": {"type": "integer"}},
                      "required": ["host", "port"],
                      "additionalProperties": false
                    },
                    "replicas": {"type": "integer", "maximum": 10},
                    "name": {"type": "string"}
                  },
                  "required": ["database", "name"],
                  "additionalProperties": false
                }
                """,
            "a.yaml": "databse:\n  host: h\ndatabase:\n  host: h\n  pool: 5432\nreplicas: 70000\nunrelated: 1\n",
            "b.json": "{\n  \"database\": {\"host\": 1, \"port\": 5432},\n  \"name\": \"n\"\n}\n",
        ])
        let config = try project.config("version: 1\ntemplates:\n  - schema: s.json\n    files: [\"*\"]\n")
        #expect(
            project.findings(["a.yaml", "b.json"], config: config) == [
                #"a.yaml:1:1-1:8 error [schema-additional-properties] "databse" is not allowed; did you mean "database"? | /databse doc 0 $DIR/s.json#/additionalProperties"#,
                #"a.yaml:1:1-7:13 error [schema-required] missing required key "name" | "" doc 0 $DIR/s.json#/required"#,
                #"a.yaml:3:1-3:9 error [schema-required] "database" is missing required key "port" | /database doc 0 $DIR/s.json#/properties/database/required"#,
                #"a.yaml:5:3-5:7 error [schema-additional-properties] "pool" is not allowed | /database/pool doc 0 $DIR/s.json#/properties/database/additionalProperties"#,
                #"a.yaml:6:11-6:16 error [schema-maximum] "replicas" must be at most 10, found 70000 | /replicas doc 0 $DIR/s.json#/properties/replicas/maximum"#,
                #"a.yaml:7:1-7:10 error [schema-additional-properties] "unrelated" is not allowed | /unrelated doc 0 $DIR/s.json#/additionalProperties"#,
                #"b.json:2:24-2:25 error [schema-type] "host" must be a string, found integer 1 | /database/host doc 0 $DIR/s.json#/properties/database/properties/host/type"#,
            ])
    }

    /// For `anyOf`/`oneOf` the findings are those of the branch that came closest, not every branch.
    @Test func anyOfAndOneOfReportTheBestBranch() throws {
        let project = try Project([
            "s.json": """
                {
                  "properties": {
                    "listen": {
                      "oneOf": [
                        {"type": "integer", "minimum": 1, "maximum": 65535},
                        {"type": "object", "properties": {"host": {"type": "string"}, "port": {"type": "integer"}},
                         "required": ["host", "port"], "additionalProperties": false}
                      ]
                    },
                    "mode": {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "boolean"}]}
                  }
                }
                """,
            "a.yaml": "listen:\n  host: x\n  pool: 80\nmode: c\n---\nlisten: 0\nmode: true\n---\nlisten: true\n",
            "b.yaml": "mode: 1\n",
        ])
        let config = try project.config("version: 1\ntemplates:\n  - schema: s.json\n    files: [\"*.yaml\"]\n")
        #expect(
            project.findings("a.yaml", config: config) == [
                #"a.yaml:1:1-1:7 error [schema-required] "listen" is missing required key "port" | /listen doc 0 $DIR/s.json#/properties/listen/oneOf/1/required"#,
                #"a.yaml:3:3-3:7 error [schema-additional-properties] "pool" is not allowed (by the closest oneOf branch for "listen") | /listen/pool doc 0 $DIR/s.json#/properties/listen/oneOf/1/additionalProperties"#,
                #"a.yaml:4:7-4:8 error [schema-enum] "mode" must be one of "a", "b", found "c" | /mode doc 0 $DIR/s.json#/properties/mode/anyOf/0/enum"#,
                #"a.yaml:6:9-6:10 error [schema-minimum] "listen" must be at least 1, found 0 | /listen doc 1 $DIR/s.json#/properties/listen/oneOf/0/minimum"#,
                #"a.yaml:9:9-9:13 error [schema-one-of] "listen" must match one of the oneOf schemas, found boolean true | /listen doc 2 $DIR/s.json#/properties/listen/oneOf"#,
            ])
        // Every branch rejects the type of `1`, so no branch came close: one finding on the keyword,
        // as for `listen: true` above, rather than "must be a string" of a value that may also be a
        // boolean.
        #expect(
            project.findings("b.yaml", config: config) == [
                #"b.yaml:1:7-1:8 error [schema-any-of] "mode" must match at least one of the anyOf schemas, found integer 1 | /mode doc 0 $DIR/s.json#/properties/mode/anyOf"#
            ])
    }

    /// A pattern that backtracks catastrophically on a value hits PCRE2's match limit: one
    /// `schema-pattern-limit` finding on the value (it is not judged), in about a millisecond.
    @Test(.timeLimit(.minutes(1)))
    func patternOverTheMatchLimitIsAFindingNotAHang() throws {
        let value = String(repeating: "a", count: 39) + "!"
        let project = try Project([
            "s.json": #"{"properties": {"v": {"type": "string", "pattern": "^(a+)+$"}, "w": {"pattern": "^(a+)+$"}}}"#,
            "a.yaml": "v: \(value)\nw: aaaa\n",
        ])
        let config = try project.config("version: 1\ntemplates:\n  - schema: s.json\n    files: [\"a.yaml\"]\n")
        // No timing assertion (speed is for bench/): the time limit only turns a hang into a failure.
        let findings = project.findings("a.yaml", config: config)
        #expect(
            findings == [
                #"a.yaml:1:4-1:44 error [schema-pattern-limit] "v" was not checked: the pattern "^(a+)+$" exceeded the regex match limit on it (catastrophic backtracking); simplify the pattern | /v doc 0 $DIR/s.json#/properties/v/pattern"#
            ])
    }
}
