import ConfgateEngine
import Testing

/// Path globs of `.confgate.yaml` (`include`, `exclude`, `jsonc`): each row is a pattern, a path
/// relative to the project root, and whether it matches.
@Suite struct GlobTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var pattern: String
        var path: String
        var matches: Bool
        init(_ pattern: String, _ path: String, _ matches: Bool) {
            self.pattern = pattern
            self.path = path
            self.matches = matches
        }
        var testDescription: String { "\(pattern) \(matches ? "~" : "!~") \(path)" }
    }

    static let rows: [Row] = [
        // `*` matches within one segment, never across `/`.
        Row("*.yaml", "a.yaml", true),
        Row("*.yaml", ".confgate.yaml", true),
        Row("*.yaml", "a.yml", false),
        Row("*.yaml", "a.yaml.bak", false),
        Row("*", "a.yaml", true),
        Row("a*", "a", true),
        Row("a*b", "ab", true),
        Row("a*b", "axxb", true),
        Row("a*b", "axxc", false),
        Row("config/*.yaml", "config/a.yaml", true),
        Row("config/*.yaml", "config/sub/a.yaml", false),
        Row("config/*", "config/a/b.yaml", false),
        Row("*/a.yaml", "x/a.yaml", true),
        Row("*/a.yaml", "x/y/a.yaml", false),
        Row("*/a.yaml", "a.yaml", false),
        // A pattern without `/` matches the file name at any depth.
        Row("*.json", "deep/er/x.json", true),
        Row("secrets.yaml", "secrets.yaml", true),
        Row("secrets.yaml", "env/prod/secrets.yaml", true),
        Row("secrets.yaml", "env/prod/not-secrets.yaml", false),
        // A pattern with `/` is anchored at the project root.
        Row("config/a.yaml", "config/a.yaml", true),
        Row("config/a.yaml", "x/config/a.yaml", false),
        Row("config/a.yaml", "./config/a.yaml", true),
        Row("./config/a.yaml", "config/a.yaml", true),
        Row("/config/a.yaml", "config/a.yaml", true),
        // A leading `/` or `./` anchors a pattern that has no other `/` (as in .gitignore).
        Row("/a.yaml", "a.yaml", true),
        Row("/a.yaml", "sub/a.yaml", false),
        Row("./a.yaml", "a.yaml", true),
        Row("./a.yaml", "sub/a.yaml", false),
        // `**` matches any number of segments, including none.
        Row("**/*.yaml", "a.yaml", true),
        Row("**/*.yaml", "a/b/c.yaml", true),
        Row("**/*.yaml", "a/b/c.yml", false),
        Row("**/a.yaml", "a.yaml", true),
        Row("**/a.yaml", "x/a.yaml", true),
        Row("**/a.yaml", "xa.yaml", false),
        Row("**/a.yaml", "x/ba.yaml", false),
        Row("a/**/b.yaml", "a/b.yaml", true),
        Row("a/**/b.yaml", "a/x/b.yaml", true),
        Row("a/**/b.yaml", "a/x/y/b.yaml", true),
        Row("a/**/b.yaml", "ab.yaml", false),
        Row("a/**/b.yaml", "x/a/b.yaml", false),
        Row("**", "a.yaml", true),
        Row("**", "a/b/c.yaml", true),
        // A trailing `/**` matches everything inside the directory, not the directory itself.
        Row("vendor/**", "vendor/a.yaml", true),
        Row("vendor/**", "vendor/x/y/a.json", true),
        Row("vendor/**", "vendor", false),
        Row("vendor/**", "vendorx/a.yaml", false),
        Row("vendor/**", "x/vendor/a.yaml", false),
        Row("**/vendor/**", "x/vendor/a.yaml", true),
        Row("**/vendor/**", "vendor/a.yaml", true),
        Row("**/vendor/**", "x/vendors/a.yaml", false),
        // A trailing `/` names a directory at any depth (as in `.gitignore`); with another slash
        // it is anchored at the root.
        Row("vendor/", "vendor/a.yaml", true),
        Row("vendor/", "x/vendor/y/a.yaml", true),
        Row("vendor/", "vendor.yaml", false),
        Row("vendor/", "x/vendors/a.yaml", false),
        Row("/build/", "build/a.json", true),
        Row("/build/", "x/build/a.json", false),
        Row("deploy/generated/", "deploy/generated/a.yaml", true),
        Row("deploy/generated/", "x/deploy/generated/a.yaml", false),
        // `?` matches one character, never `/`.
        Row("config?.yaml", "config1.yaml", true),
        Row("config?.yaml", "config.yaml", false),
        Row("config?.yaml", "config12.yaml", false),
        Row("a/b?c.yaml", "a/b/c.yaml", false),
        Row("a/b?c.yaml", "a/bxc.yaml", true),
        Row("?.json", "é.json", true),
        // `[...]` character classes, ranges and negation.
        Row("[abc].yaml", "a.yaml", true),
        Row("[abc].yaml", "d.yaml", false),
        Row("[!abc].yaml", "d.yaml", true),
        Row("[!abc].yaml", "a.yaml", false),
        Row("[^abc].yaml", "d.yaml", true),
        Row("[^abc].yaml", "b.yaml", false),
        Row("v[0-9].json", "v7.json", true),
        Row("v[0-9].json", "vx.json", false),
        Row("v[0-9][0-9].json", "v10.json", true),
        Row("[a-cx-z].yaml", "y.yaml", true),
        Row("[a-cx-z].yaml", "m.yaml", false),
        Row("[]x].yaml", "].yaml", true),
        Row("[]x].yaml", "x.yaml", true),
        Row("a/[bc]/d.yaml", "a/c/d.yaml", true),
        Row("a[/]b.yaml", "a/b.yaml", false),
        // An unclosed `[` is an ordinary character.
        Row("a[b.yaml", "a[b.yaml", true),
        Row("a[b.yaml", "ab.yaml", false),
        // `{a,b}` alternatives, nested and with empty options.
        Row("*.{yaml,yml}", "a.yaml", true),
        Row("*.{yaml,yml}", "a.yml", true),
        Row("*.{yaml,yml}", "a.json", false),
        Row("{a,b}.json", "b.json", true),
        Row("{a,b}.json", "ab.json", false),
        Row("{a,{b,c}d}.json", "cd.json", true),
        Row("{a,{b,c}d}.json", "c.json", false),
        Row("a{,-dev}.yaml", "a.yaml", true),
        Row("a{,-dev}.yaml", "a-dev.yaml", true),
        Row("{config,deploy}/*.yaml", "deploy/a.yaml", true),
        Row("{config,deploy}/*.yaml", "x/deploy/a.yaml", false),
        Row("x{a,b}y{1,2}", "xby2", true),
        Row("x{a,b}y{1,2}", "xby3", false),
        // An unclosed `{` is an ordinary character.
        Row("a{b.yaml", "a{b.yaml", true),
        // Empty pattern and empty path.
        Row("", "", true),
        Row("", "a.yaml", false),
        Row("*", "", true),
    ]

    @Test(arguments: rows)
    func matches(_ row: Row) {
        #expect(Glob(row.pattern).matches(row.path) == row.matches)
    }

    @Test func describesItselfByItsPattern() {
        #expect(Glob("**/*.yaml").description == "**/*.yaml")
        #expect(Glob("./a").pattern == "./a")
        #expect(Glob("a") == Glob("a"))
        #expect(Glob("a") != Glob("b"))
    }

    @Test func defaultIncludeCoversTheConfigExtensions() {
        let include = ProjectConfig.defaultInclude
        #expect(include.map(\.pattern) == ["**/*.yaml", "**/*.yml", "**/*.json", "**/*.jsonc"])
        for path in ["a.yaml", "a/b.yml", "a/b/c.json", "tsconfig.jsonc"] {
            #expect(include.contains { $0.matches(path) }, "\(path)")
        }
        for path in ["a.txt", "a.yaml.orig", "Makefile"] {
            #expect(!include.contains { $0.matches(path) }, "\(path)")
        }
    }
}
