import Foundation
import Testing

/// `confgate validate --schema SCHEMA FILE...` and `confgate templates list|show`, run as a user
/// runs them: exact stdout, stderr and exit status.
@Suite struct ValidateTests {
    static let schema = """
        {
          "type": "object",
          "properties": {
            "port": {"type": "integer", "maximum": 65535},
            "database": {"type": "string"},
            "name": {"type": "string"}
          },
          "required": ["name"],
          "additionalProperties": false
        }

        """

    /// A folder with `s.json`, a YAML file with two violations and a JSON file with one.
    static func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("s.json", schema)
        try dir.write("a.yaml", "port: \"80a\"\ndatabse: x\nname: n\n")
        try dir.write("b.json", "{\"port\": 70000, \"name\": \"x\"}\n")
        return dir
    }

    // MARK: - validate

    @Test func textReport() throws {
        let dir = try Self.project()
        let result = try CLI.run(["validate", "--schema", "s.json", "a.yaml", "b.json"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                #"a.yaml:1:7: error: "port" must be an integer, found string "80a" [schema-type]"#,
                #" 1 | port: "80a""#,
                #"   |       ^~~~~"#,
                #"a.yaml:2:1: error: "databse" is not allowed; did you mean "database"? [schema-additional-properties]"#,
                #" 2 | databse: x"#,
                #"   | ^~~~~~~"#,
                #"b.json:1:10: error: "port" must be at most 65535, found 70000 [schema-maximum]"#,
                #" 1 | {"port": 70000, "name": "x"}"#,
                #"   |          ^~~~~"#,
                "3 errors, 0 warnings, 0 info (2 files checked)",
            ])
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")
    }

    @Test func cleanFilesExitZero() throws {
        let dir = try Self.project()
        try dir.write("ok.yaml", "port: 80\nname: n\n")
        try dir.write("ok.json", "{\"name\": \"n\", \"database\": \"db\"}\n")
        let result = try CLI.run(["validate", "--schema", "s.json", "ok.yaml", "ok.json"], in: dir.url)
        #expect(result.stdout == "no findings (2 files checked)\n")
        #expect(result.stderr == "")
        #expect(result.exited(0), "\(result)")
    }

    /// `--schema` wins over the templates of `.confgate.yaml`, and a short-hand template works too.
    @Test func schemaOptionWinsOverTheConfiguredTemplates() throws {
        let dir = try Self.project()
        try dir.write(".confgate.yaml", "version: 1\ntemplates:\n  - schema: other.json\n    files: [\"*.yaml\"]\n")
        try dir.write("other.json", #"{"type": "array"}"#)
        try dir.write("web.yaml", "name: web\ntype: service\nschema:\n  name: string\n  port: integer?\n")
        let result = try CLI.run(["validate", "--schema", "web.yaml", "a.yaml"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                #"a.yaml:1:7: error: "port" must be an integer, found string "80a" [schema-type]"#,
                #" 1 | port: "80a""#,
                #"   |       ^~~~~"#,
                #"a.yaml:2:1: error: "databse" is not allowed [schema-additional-properties]"#,
                #" 2 | databse: x"#,
                #"   | ^~~~~~~"#,
                "2 errors, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(result.exited(1), "\(result)")
    }

    @Test func jsonReportHasKeywordLocations() throws {
        let dir = try Self.project()
        let result = try CLI.run(["validate", "--format", "json", "--schema", "s.json", "a.yaml", "b.json"], in: dir.url)
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")
        let report = try JSONReport(result.stdout)
        #expect(report.fileCount == 2)
        let schema = "file://\(dir.path)/s.json"
        #expect(
            report.findings.map { $0["keywordLocation"] as? String } == [
                "\(schema)#/properties/port/type", "\(schema)#/additionalProperties", "\(schema)#/properties/port/maximum",
            ])
        #expect(
            try report.findings.map { try FindingFields($0) } == [
                FindingFields(
                    rule: "schema-type", category: "schema", message: #""port" must be an integer, found string "80a""#,
                    file: "a.yaml", line: 1, column: 7, endLine: 1, endColumn: 12, pointer: "/port", document: 0),
                FindingFields(
                    rule: "schema-additional-properties", category: "schema",
                    message: #""databse" is not allowed; did you mean "database"?"#, file: "a.yaml", line: 2, column: 1,
                    endLine: 2, endColumn: 8, pointer: "/databse", document: 0),
                FindingFields(
                    rule: "schema-maximum", category: "schema", message: #""port" must be at most 65535, found 70000"#,
                    file: "b.json", line: 1, column: 10, endLine: 1, endColumn: 15, pointer: "/port", document: 0),
            ])
    }

    /// (schema text, the line on stderr): a schema that cannot be used stops the run before any file.
    static let invalidSchemas: [(String, String)] = [
        ("{\n  \"type\": \"object\",\n  \"properties\": {\n    \"port\": {\"type\": 5}\n  }\n}\n",
         #"confgate: bad.json:4:22: "/properties/port/type": not a valid 2020-12 schema: "type" must be one of "array", "boolean", "integer", "null", "number", "object", "string", found 5"#),
        ("{\n  \"properties\": {\n    \"port\": {\"minimum\": \"x\"}\n  }\n}\n",
         #"confgate: bad.json:3:25: "/properties/port/minimum": not a valid 2020-12 schema: "minimum" must be a number, found string "x""#),
        ("{\n  \"properties\": {\n    \"port\": {\"pattern\": \"a(b\"}\n  }\n}\n",
         #"confgate: bad.json:3:25 (at /properties/port/pattern): invalid regular expression "a(b" at offset 1: unterminated group"#),
        ("{\n  \"properties\": {\n    \"port\": {\"$ref\": \"missing.json\"}\n  }\n}\n",
         #"confgate: bad.json:3:14 (at /properties/port/$ref): cannot resolve reference "missing.json""#),
        ("{\n  \"properties\": {\n    \"port\": {\"$ref\": \"https://example.com/port.json\"}\n  }\n}\n",
         #"confgate: bad.json:3:14 (at /properties/port/$ref): reference "https://example.com/port.json" names a remote document, which confgate never fetches; vendor it and name its folder with --schema-dir or --schema-map (or schema-dirs/schema-maps in .confgate.yaml)"#),
        ("{\"type\": \"object\",}", "confgate: bad.json:1:18: invalid configuration: trailing comma before '}' is not allowed in JSON"),
    ]

    @Test(arguments: invalidSchemas)
    func invalidSchemaExitsTwo(schema: String, message: String) throws {
        let dir = try Self.project()
        try dir.write("bad.json", schema)
        let result = try CLI.run(["validate", "--schema", "bad.json", "a.yaml", "b.json"], in: dir.url)
        #expect(result.stderr == message + "\n")
        #expect(result.stdout == "")
        #expect(result.exited(2), "\(result)")
    }

    @Test func missingOrUnreadableSchemaExitsTwo() throws {
        let dir = try Self.project()
        let none = try CLI.run(["validate", "a.yaml"], in: dir.url)
        #expect(lines(none.stderr).first == "confgate: Error: Missing expected argument '--schema <schema>'")
        #expect(none.stdout == "")
        #expect(none.exited(2), "\(none)")

        let valueless = try CLI.run(["validate", "a.yaml", "--schema"], in: dir.url)
        #expect(lines(valueless.stderr).first == "confgate: Error: Missing value for '--schema <schema>'")
        #expect(valueless.exited(2), "\(valueless)")

        let missing = try CLI.run(["validate", "--schema", "nope.json", "a.yaml"], in: dir.url)
        #expect(missing.stderr == "confgate: nope.json: cannot read template: no such file or directory\n")
        #expect(missing.stdout == "")
        #expect(missing.exited(2), "\(missing)")
    }

    // MARK: - Offline references and formats

    @Test func schemaMapAndSchemaDirResolveRemoteReferences() throws {
        let dir = try TemporaryDirectory()
        try dir.write("vendor/ss/port.json", #"{"$ref": "common.json#/$defs/port"}"#)
        try dir.write("vendor/ss/common.json", #"{"$defs": {"port": {"type": "integer", "minimum": 1}}}"#)
        try dir.write("vendor/ids/name.json", #"{"$id": "https://schemas.invalid/name.json", "type": "string", "maxLength": 3}"#)
        try dir.write(
            "t.json",
            """
            {
              "properties": {
                "port": {"$ref": "https://json.schemastore.invalid/port.json"},
                "name": {"$ref": "https://schemas.invalid/name.json"}
              }
            }
            """)
        try dir.write("a.yaml", "port: 0\nname: abcd\n")

        let offline = try CLI.run(["validate", "--schema", "t.json", "a.yaml"], in: dir.url)
        #expect(
            offline.stderr
                == #"confgate: t.json:3:14 (at /properties/port/$ref): reference "https://json.schemastore.invalid/port.json" names a remote document, which confgate never fetches; vendor it and name its folder with --schema-dir or --schema-map (or schema-dirs/schema-maps in .confgate.yaml)"#
                + "\n")
        #expect(offline.exited(2), "\(offline)")

        // The map's folder with or without a trailing slash.
        for map in ["https://json.schemastore.invalid/=vendor/ss/", "https://json.schemastore.invalid/=vendor/ss"] {
            let result = try CLI.run(
                ["validate", "--schema", "t.json", "--schema-map", map, "--schema-dir", "vendor/ids", "--format", "json", "a.yaml"],
                in: dir.url)
            #expect(result.stderr == "", "\(map)")
            #expect(result.exited(1), "\(map): \(result)")
            let report = try JSONReport(result.stdout)
            #expect(
                report.findings.map { "\($0["rule"] ?? "") \($0["message"] ?? "") \($0["keywordLocation"] ?? "")" } == [
                    #"schema-minimum "port" must be at least 1, found 0 https://json.schemastore.invalid/common.json#/$defs/port/minimum"#,
                    #"schema-max-length "name" must be at most 3 characters long, found 4 https://schemas.invalid/name.json#/maxLength"#,
                ], "\(map)")
        }

        let noFolder = try CLI.run(["validate", "--schema", "t.json", "--schema-dir", "vendor/nope", "a.yaml"], in: dir.url)
        #expect(noFolder.stderr == "confgate: \(dir.path)/vendor/nope: schema folder does not exist\n")
        #expect(noFolder.exited(2), "\(noFolder)")

        let badMap = try CLI.run(["validate", "--schema", "t.json", "--schema-map", "vendor/ss", "a.yaml"], in: dir.url)
        #expect(lines(badMap.stderr).first == #"confgate: Error: --schema-map must be PREFIX=DIR, found "vendor/ss""#)
        #expect(badMap.exited(2), "\(badMap)")
    }

    @Test func strictFormats() throws {
        let dir = try TemporaryDirectory()
        try dir.write("s.json", #"{"properties": {"when": {"format": "date"}, "host": {"format": "hostname"}}}"#)
        try dir.write("a.yaml", "when: 2024-02-30\nhost: -bad-.example\n")
        let annotation = try CLI.run(["validate", "--schema", "s.json", "a.yaml"], in: dir.url)
        #expect(annotation.stdout == "no findings (1 file checked)\n")
        #expect(annotation.exited(0), "\(annotation)")

        let assertion = try CLI.run(["validate", "--schema", "s.json", "--strict-formats", "a.yaml"], in: dir.url)
        #expect(
            lines(assertion.stdout) == [
                #"a.yaml:1:7: error: "when" must be a valid date, found "2024-02-30" [schema-format]"#,
                " 1 | when: 2024-02-30",
                "   |       ^~~~~~~~~~",
                #"a.yaml:2:7: error: "host" must be a valid hostname, found "-bad-.example" [schema-format]"#,
                " 2 | host: -bad-.example",
                "   |       ^~~~~~~~~~~~~",
                "2 errors, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(assertion.exited(1), "\(assertion)")

        // The same from the configuration.
        try dir.write(".confgate.yaml", "version: 1\nstrict-formats: true\n")
        let configured = try CLI.run(["validate", "--schema", "s.json", "a.yaml"], in: dir.url)
        #expect(configured.stdout == assertion.stdout)
        #expect(configured.exited(1), "\(configured)")
    }

    // MARK: - Many paths

    /// Paths bypass ArgumentParser (PathArguments.swift): 300 of them, with options among them.
    @Test func manyPaths() throws {
        let dir = try Self.project()
        var paths: [String] = []
        var bad: [String] = []
        for i in 0..<300 {
            let number = String(i)
            let name = "files/f" + String(repeating: "0", count: 3 - number.count) + number + (i % 2 == 0 ? ".yaml" : ".json")
            let invalid = i % 37 == 5
            if i % 2 == 0 {
                try dir.write(name, invalid ? "name: n\nport: x\n" : "name: n\nport: \(i)\n")
            } else {
                try dir.write(name, invalid ? "{\"name\": \"n\", \"port\": \"x\"}\n" : "{\"name\": \"n\", \"port\": \(i)}\n")
            }
            paths.append(name)
            if invalid { bad.append(name) }
        }
        let arguments = ["validate"] + paths[..<150] + ["--format", "json", "--schema", "s.json"] + paths[150...]
        let result = try CLI.run(Array(arguments), in: dir.url, timeout: 120)
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")
        let report = try JSONReport(result.stdout)
        #expect(report.fileCount == 300)
        #expect(report.filesWithFindings == bad)
        #expect(bad.count == 8)
        #expect(report.findings.allSatisfy { $0["rule"] as? String == "schema-type" && $0["pointer"] as? String == "/port" })

        let clean = try CLI.run(["validate", "--schema", "s.json"] + paths.filter { !bad.contains($0) }, in: dir.url, timeout: 120)
        #expect(clean.stdout == "no findings (292 files checked)\n")
        #expect(clean.exited(0), "\(clean)")
    }

    // MARK: - templates list / show

    static func templateProject() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write(
            ".confgate.yaml",
            """
            version: 1
            templates:
              - schema: templates/web.yaml
                files: ["svc/*.yaml"]
              - schema: templates/db.json
                files: ["svc/db.json", "nothing/*.json"]

            """)
        try dir.write("templates/web.yaml", "name: web\ntype: service\nschema:\n  host: string\n  port: integer\n  tls?: boolean\n")
        try dir.write("templates/db.json", "{\n  \"title\": \"Database\",\n  \"type\": \"object\",\n  \"required\": [\"url\"]\n}\n")
        try dir.write("svc/a.yaml", "host: h\nport: 80\n")
        try dir.write("svc/b.yaml", "host: h\nport: 81\n")
        try dir.write("svc/db.json", "{\"url\": \"u\"}\n")
        try dir.write("other/c.yaml", "x: 1\n")
        return dir
    }

    @Test func templatesList() throws {
        let dir = try Self.templateProject()
        let result = try CLI.run(["templates", "list"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                "web (service, short-hand): templates/web.yaml, 2020-12",
                "  svc/a.yaml",
                "  svc/b.yaml",
                "Database: templates/db.json, 2020-12",
                "  svc/db.json",
            ])
        #expect(result.stderr == "")
        #expect(result.exited(0), "\(result)")

        // From a subfolder, files are named relative to it.
        let sub = try CLI.run(["templates", "list"], in: dir.url("svc"))
        #expect(lines(sub.stdout) == ["web (service, short-hand): templates/web.yaml, 2020-12", "  a.yaml", "  b.yaml", "Database: templates/db.json, 2020-12", "  db.json"])

        let empty = try TemporaryDirectory()
        try empty.write(".confgate.yaml", "version: 1\n")
        let none = try CLI.run(["templates", "list"], in: empty.url)
        #expect(none.stdout == "no templates configured (templates: in .confgate.yaml)\n")
        #expect(none.exited(0), "\(none)")
    }

    @Test func templatesShow() throws {
        let dir = try Self.templateProject()
        let expanded = try CLI.run(["templates", "show", "web", "--expanded"], in: dir.url)
        #expect(
            expanded.stdout
                == #"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"web","type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"},"tls":{"type":"boolean"}},"required":["host","port"],"additionalProperties":false}"#
                + "\n")
        #expect(expanded.stderr == "")
        #expect(expanded.exited(0), "\(expanded)")

        // Without --expanded, or for a JSON Schema template: the file as written. By name or by file.
        let asWritten = try CLI.run(["templates", "show", "web"], in: dir.url)
        #expect(asWritten.stdout == "name: web\ntype: service\nschema:\n  host: string\n  port: integer\n  tls?: boolean\n")
        #expect(asWritten.exited(0), "\(asWritten)")
        for name in ["Database", "templates/db.json"] {
            let json = try CLI.run(["templates", "show", name, "--expanded"], in: dir.url)
            #expect(json.stdout == "{\n  \"title\": \"Database\",\n  \"type\": \"object\",\n  \"required\": [\"url\"]\n}\n", "\(name)")
            #expect(json.exited(0), "\(name): \(json)")
        }
    }

    @Test func templatesShowUnknownName() throws {
        let dir = try Self.templateProject()
        let typo = try CLI.run(["templates", "show", "Databse"], in: dir.url)
        #expect(typo.stderr == "confgate: no template named \"Databse\"; did you mean \"Database\"?\n")
        #expect(typo.stdout == "")
        #expect(typo.exited(2), "\(typo)")

        let unknown = try CLI.run(["templates", "show", "nope", "--expanded"], in: dir.url)
        #expect(unknown.stderr == "confgate: no template named \"nope\"; valid templates: web, Database\n")
        #expect(unknown.stdout == "")
        #expect(unknown.exited(2), "\(unknown)")

        let empty = try TemporaryDirectory()
        let none = try CLI.run(["templates", "show", "nope"], in: empty.url)
        #expect(none.stderr == "confgate: no template named \"nope\"; no templates configured (templates: in .confgate.yaml)\n")
        #expect(none.exited(2), "\(none)")
    }

    /// `lint` in a project with templates: findings of the bound files, `unmapped-config` for the
    /// file no template binds, none for `.confgate.yaml` itself.
    @Test func lintWithTemplates() throws {
        let dir = try Self.templateProject()
        try dir.write("svc/a.yaml", "host: h\nport: \"80a\"\n")
        let result = try CLI.run(["lint"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                #"other/c.yaml:1:1: info: no template applies to this file; bind one under templates: in .confgate.yaml, with a $schema member, or with a yaml-language-server modeline [unmapped-config]"#,
                " 1 | x: 1",
                "   | ^",
                #"svc/a.yaml:2:7: error: "port" must be an integer, found string "80a" [schema-type]"#,
                #" 2 | port: "80a""#,
                "   |       ^~~~~",
                #"templates/db.json:1:1: info: no template applies to this file; bind one under templates: in .confgate.yaml, with a $schema member, or with a yaml-language-server modeline [unmapped-config]"#,
                " 1 | {",
                "   | ^",
                #"templates/web.yaml:1:1: info: no template applies to this file; bind one under templates: in .confgate.yaml, with a $schema member, or with a yaml-language-server modeline [unmapped-config]"#,
                " 1 | name: web",
                "   | ^",
                "1 error, 0 warnings, 3 info (7 files checked)",
            ])
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")
    }

    /// A template that cannot be used is a configuration error for every command that loads them.
    @Test func invalidTemplateStopsLintAndTemplates() throws {
        let dir = try Self.templateProject()
        try dir.write("templates/db.json", "{\n  \"title\": \"Database\",\n  \"required\": \"url\"\n}\n")
        let message =
            #"confgate: templates/db.json:3:15: "/required": not a valid 2020-12 schema: "required" must be an array, found string "url""#
            + "\n"
        for arguments in [["lint"], ["templates", "list"], ["templates", "show", "web"]] {
            let result = try CLI.run(arguments, in: dir.url)
            #expect(result.stderr == message, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.exited(2), "\(arguments): \(result)")
        }
    }
}
