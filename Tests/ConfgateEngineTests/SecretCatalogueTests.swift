import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// `rules/secrets.yaml`: every detector fires on its true positives and stays silent on its false
/// positives; the loader rejects malformed catalogues with exact messages.
@Suite struct SecretCatalogueTests {
    /// The repository root: this file is Tests/ConfgateEngineTests/SecretCatalogueTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let catalogueFile = root + "/rules/secrets.yaml"

    static func catalogue() throws -> SecretCatalogue {
        try SecretCatalogue.load(path: catalogueFile)
    }

    // MARK: - The shipped catalogue

    /// The binary embeds the catalogue (scripts/gen-secret-catalogue.py); an edit to
    /// rules/secrets.yaml without re-running the script would ship the old detectors.
    @Test func embeddedCatalogueIsTheFileInTheRepository() throws {
        let file = try String(contentsOfFile: Self.catalogueFile, encoding: .utf8)
        #expect(
            SecretCatalogue.builtInText + "\n" == file,
            "Sources/ConfgateEngine/Generated/BuiltInSecretCatalogue.swift is stale: run scripts/gen-secret-catalogue.py")
        #expect(SecretCatalogue.builtIn.detectors.map(\.id) == (try Self.catalogue()).detectors.map(\.id))
    }

    @Test func catalogueHasAtLeastSixtyUniqueKebabCaseDetectors() throws {
        let detectors = try Self.catalogue().detectors
        #expect(detectors.count >= 60)
        let ids = detectors.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil, "\(id) is not kebab-case")
        }
        print("secret catalogue: \(detectors.count) detectors")
    }

    @Test func everyTruePositiveMatchesItsDetector() throws {
        for detector in try Self.catalogue().detectors {
            #expect(!detector.truePositives.isEmpty, "\(detector.id) has no true positives")
            for (i, sample) in detector.truePositives.enumerated() {
                #expect(matches(detector, in: sample), "\(detector.id) misses true-positives[\(i)]")
            }
        }
    }

    @Test func noFalsePositiveMatchesItsDetector() throws {
        for detector in try Self.catalogue().detectors {
            for (i, sample) in detector.falsePositives.enumerated() {
                #expect(!matches(detector, in: sample), "\(detector.id) fires on false-positives[\(i)]")
            }
        }
    }

    /// The catalogue's prefilters are sound: PCRE2's minimum match length and required byte never
    /// exclude a true positive (the scanner skips the regex on text failing either).
    @Test func regexPrefiltersKeepEveryTruePositive() throws {
        for detector in try Self.catalogue().detectors {
            let minimum = detector.regex.minimumLength
            // The scanner skips values shorter than this: no detector may match less.
            #expect(minimum >= SecretScanner.shortestToken, "\(detector.id) can match \(minimum) bytes")
            for sample in detector.truePositives {
                #expect(sample.utf8.count >= minimum, "\(detector.id): minimum length \(minimum)")
                if let byte = detector.regex.requiredByte {
                    let folded = Set([byte, byte | 0x20, byte & 0xDF])
                    #expect(sample.utf8.contains { folded.contains($0) }, "\(detector.id): required byte \(byte)")
                }
            }
        }
    }

    /// Not an assertion: which other detectors fire on each sample, for reviewing overlaps.
    @Test func crossCheckReport() throws {
        let detectors = try Self.catalogue().detectors
        var lines: [String] = []
        for detector in detectors {
            let kinds = [("true-positives", detector.truePositives), ("false-positives", detector.falsePositives)]
            for (kind, samples) in kinds {
                for (i, sample) in samples.enumerated() {
                    let others = detectors.filter { $0.id != detector.id && matches($0, in: sample) }.map(\.id)
                    guard !others.isEmpty else { continue }
                    lines.append("  \(detector.id) \(kind)[\(i)] also fires: \(others.joined(separator: ", "))")
                }
            }
        }
        print("secret catalogue cross-check: \(lines.count) samples fire other detectors")
        for line in lines { print(line) }
    }

    @Test func entropyIsBitsPerCharacter() {
        #expect(shannonEntropy("") == 0)
        #expect(shannonEntropy("aaaa") == 0)
        #expect(shannonEntropy("abab") == 1)
        #expect(shannonEntropy("0123456789abcdef") == 4)
    }

    @Test func keywordPrefilterIsCaseInsensitive() throws {
        let catalogue = try SecretCatalogue.parse(Array(Self.minimal.utf8), file: "s.yaml")
        let detector = try #require(catalogue.detectors.first)
        #expect(matches(detector, in: "TOKEN-abc"))
        #expect(!matches(detector, in: "abc"))
        #expect(detector.ruleID == "secret-demo")
        #expect(detector.severity == .error)
    }

    // MARK: - Parse errors

    static let minimal = """
        version: 1
        detectors:
          - id: demo
            description: demo
            regex: 'abc'
            keywords: [token]
            true-positives: [token-abc]
            false-positives: []
        """

    func error(_ text: String) -> String? {
        do {
            _ = try SecretCatalogue.parse(Array(text.utf8), file: "secrets.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        Self.minimal.replacingOccurrences(of: old, with: new)
    }

    @Test(arguments: [
        (
            "version: 2\ndetectors: []\n",
            "secrets.yaml:1:10: \"version\": unsupported version 2; this confgate reads version 1"
        ),
        ("detectors: []\n", "secrets.yaml: the configuration must start with \"version: 1\""),
        ("version: 1\ndetector: []\n", "secrets.yaml:2:1: unknown key \"detector\"; did you mean \"detectors\"?"),
        (
            "version: 1\ndetectors: {}\n",
            "secrets.yaml:2:12: \"detectors\" must be a list of detectors, found a mapping"
        ),
    ])
    func topLevelErrors(text: String, message: String) {
        #expect(error(text) == message)
    }

    @Test func unknownDetectorKeySuggestsTheKnownOne() {
        #expect(
            error(replacing("    keywords:", with: "    keyword:"))
                == "secrets.yaml:6:5: unknown key \"keyword\" in \"detectors[0]\"; did you mean \"keywords\"?")
    }

    @Test func invalidRegexNamesDetectorAndPattern() {
        #expect(
            error(replacing("'abc'", with: "'a(b'"))
                == "secrets.yaml:5:12: \"detectors[0].regex\": detector \"demo\": "
                + "invalid regular expression \"a(b\" at offset 1: unterminated group"
        )
    }

    @Test func duplicateIdsAreRejected() {
        let text = Self.minimal + "\n" + Self.minimal.split(separator: "\n").dropFirst(2).joined(separator: "\n")
        #expect(
            error(text)
                == "secrets.yaml:9:5: \"detectors[1].id\": duplicate detector id \"demo\", first used by detectors[0]")
    }

    @Test func idMustBeKebabCase() {
        #expect(
            error(replacing("id: demo", with: "id: Demo_Rule"))
                == "secrets.yaml:3:9: \"detectors[0].id\": "
                + "must be kebab-case (lowercase letters, digits and single hyphens), found \"Demo_Rule\""
        )
    }

    @Test func keywordsMustBeLowercase() {
        #expect(
            error(replacing("[token]", with: "[Token]"))
                == "secrets.yaml:6:16: \"detectors[0].keywords[0]\": "
                + "must be a non-empty lowercase string, found \"Token\"")
    }

    @Test func keywordsHaveTwoCharactersAtLeast() {
        #expect(
            error(replacing("[token]", with: "[t]"))
                == "secrets.yaml:6:16: \"detectors[0].keywords[0]\": must be at least two characters, found \"t\"")
    }

    @Test func entropyMustBeANumber() {
        #expect(
            error(replacing("    keywords:", with: "    entropy: high\n    keywords:"))
                == "secrets.yaml:6:14: \"detectors[0].entropy\" "
                + "must be a number of bits per character between 0 and 8, found a string"
        )
    }

    @Test func severityMustBeKnown() {
        #expect(
            error(replacing("    keywords:", with: "    severity: fatal\n    keywords:"))
                == "secrets.yaml:6:15: \"detectors[0].severity\": must be one of error, warning, info, found \"fatal\"")
    }

    @Test func missingFieldIsNamed() {
        #expect(
            error(replacing("    regex: 'abc'\n", with: ""))
                == "secrets.yaml:3:5: \"detectors[0]\": needs \"regex\"")
    }
}
