import Foundation
import Testing

/// Every file of JSONTestSuite's `test_parsing` and every `in.yaml` of yaml-test-suite through the
/// built binary: batched into one `lint --format json` run per suite (fast), then `dump` on each
/// file in parallel. No crash, no hang, exit code 0 or 1, every file counted as checked.
/// Correctness per file is the document tests' job; here the counts are printed.
@Suite struct ConformanceTests {
    static let jsonSuite = CLI.shared.appendingPathComponent("suites/json-test-suite/test_parsing")
    static let yamlSuite = CLI.shared.appendingPathComponent("suites/yaml-test-suite/data")

    static func jsonFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: jsonSuite.path)
            .filter { $0.hasSuffix(".json") }.sorted().map { jsonSuite.appendingPathComponent($0).path }
    }

    /// `<id>/in.yaml` and `<id>/<n>/in.yaml`, sorted.
    static func yamlFiles() throws -> [String] {
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: yamlSuite.path)
        while let relative = enumerator?.nextObject() as? String {
            if relative == "in.yaml" || relative.hasSuffix("/in.yaml") {
                files.append(yamlSuite.appendingPathComponent(relative).path)
            }
        }
        return files.sorted()
    }

    /// Lints `files` in one run and returns each file's findings (file path -> findings).
    static func lintBatch(
        _ files: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: [FindingFields]] {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["lint", "--format", "json"] + files, in: dir.url, timeout: 60)
        #expect(result.exited(0) || result.exited(1), "\(result.status) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == "", sourceLocation: sourceLocation)
        let report = try JSONReport(result.stdout, sourceLocation: sourceLocation)
        #expect(report.fileCount == files.count, "every file is counted as checked", sourceLocation: sourceLocation)
        var byFile: [String: [FindingFields]] = [:]
        for object in report.findings {
            let finding = try FindingFields(object, sourceLocation: sourceLocation)
            byFile[finding.file, default: []].append(finding)
        }
        let unknown = Set(byFile.keys).subtracting(files)
        #expect(unknown.isEmpty, "findings for files not given: \(unknown.sorted())", sourceLocation: sourceLocation)
        for finding in byFile.values.joined() {
            #expect(finding.rule != "io-error", "\(finding)", sourceLocation: sourceLocation)
            #expect(finding.line != nil && finding.column != nil, "\(finding)", sourceLocation: sourceLocation)
        }
        return byFile
    }

    /// Runs `dump` on every file, several at a time; returns the files whose run crashed, hung or
    /// exited with anything but 0 or 1.
    static func dumpEach(_ files: [String]) throws -> [String] {
        let dir = try TemporaryDirectory()
        let bad = Locked<[String]>([])
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: files.count, by: workers) {
                let file = files[index]
                do {
                    let result = try CLI.run(["dump", file], in: dir.url, timeout: 30, recordTimeout: false)
                    if !(result.exited(0) || result.exited(1)) { bad.mutate { $0.append("\(file): \(result.status)") } }
                } catch {
                    bad.mutate { $0.append("\(file): \(error)") }
                }
            }
        }
        return bad.value.sorted()
    }

    @Test func jsonTestSuiteThroughTheBinary() throws {
        let files = try Self.jsonFiles()
        try #require(files.count > 300, "JSONTestSuite not found at \(Self.jsonSuite.path)")
        let byFile = try Self.lintBatch(files)
        var counts = (yClean: 0, y: 0, nReported: 0, n: 0, iAccepted: 0, i: 0)
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            let findings = byFile[file] ?? []
            switch name.prefix(2) {
            case "y_":
                counts.y += 1
                // Valid JSON: no reading problem. A duplicate key is valid JSON but still a finding.
                let problems = findings.filter { $0.rule != "duplicate-key" }
                #expect(problems.isEmpty, "\(name): \(problems)")
                if findings.isEmpty { counts.yClean += 1 }
            case "n_":
                counts.n += 1
                #expect(!findings.isEmpty, "\(name) must be rejected")
                #expect(
                    findings.allSatisfy { ["syntax-error", "invalid-encoding", "input-limit"].contains($0.rule) },
                    "\(name): \(findings)")
                if !findings.isEmpty { counts.nReported += 1 }
            default:
                counts.i += 1
                if findings.isEmpty { counts.iAccepted += 1 }
            }
        }
        let crashed = try Self.dumpEach(files)
        #expect(crashed.isEmpty, "dump failed on: \(crashed)")
        print(
            "JSONTestSuite through the binary: \(files.count) files linted in one run; y_ \(counts.yClean)/\(counts.y) "
                + "without findings (the rest are duplicate keys), n_ \(counts.nReported)/\(counts.n) rejected, "
                + "i_ \(counts.iAccepted)/\(counts.i) accepted; dump: \(files.count - crashed.count)/\(files.count) exited 0 or 1")
    }

    @Test func yamlTestSuiteThroughTheBinary() throws {
        let files = try Self.yamlFiles()
        try #require(files.count > 300, "yaml-test-suite not found at \(Self.yamlSuite.path)")
        let byFile = try Self.lintBatch(files)
        var errorCases = 0, errorsReported = 0, validCases = 0, validClean = 0
        for file in files {
            let isErrorCase = FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("error").path)
            let findings = byFile[file] ?? []
            if isErrorCase {
                errorCases += 1
                if findings.contains(where: { $0.rule == "syntax-error" }) { errorsReported += 1 }
            } else {
                validCases += 1
                if findings.isEmpty { validClean += 1 }
            }
        }
        let crashed = try Self.dumpEach(files)
        #expect(crashed.isEmpty, "dump failed on: \(crashed)")
        print(
            "yaml-test-suite through the binary: \(files.count) in.yaml files linted in one run; error cases reported "
                + "as syntax-error \(errorsReported)/\(errorCases), valid cases without findings \(validClean)/\(validCases) "
                + "(libyaml's deviations: docs/yaml-conformance.md); dump: \(files.count - crashed.count)/\(files.count) exited 0 or 1")
    }

    /// The same suite files given as directories: the walk finds them all, and many paths at once
    /// work (a pre-commit hook or `xargs` passes thousands).
    @Test func suiteDirectoriesWalkedAndCounted() throws {
        let dir = try TemporaryDirectory()
        let files = try Self.jsonFiles()
        // Copied into a plain tree so neither git nor a configuration above the suites changes the walk.
        for (i, file) in files.enumerated() {
            try dir.write("suite/\(i % 4)/\(URL(fileURLWithPath: file).lastPathComponent)", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        }
        let result = try CLI.run(["lint", "--format", "json", "suite/0", "suite/1", "suite/2", "suite/3"], in: dir.url, timeout: 60)
        #expect(result.exited(1), "\(result.status) \(result.stderr)")
        #expect(try JSONReport(result.stdout).fileCount == files.count)

        let text = try CLI.run(["lint", "suite"], in: dir.url, timeout: 60)
        #expect(text.exited(1), "\(text.status) \(text.stderr)")
        #expect(lines(text.stdout).last?.hasSuffix(" info (\(files.count) files checked)") == true, "\(lines(text.stdout).last ?? "")")
    }
}

/// A value shared by worker threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func mutate(_ body: (inout Value) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body(&stored)
    }
}
