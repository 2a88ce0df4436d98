// confgate-bowtie: a Bowtie harness (IHOP protocol version 1) for confgate's JSON Schema validator.
//
// Reads one JSON request per line on standard input (start, dialect, run, stop) and answers one
// JSON line each on standard output, as Bowtie's implementer documentation describes. Score it
// with `../shared/tools/ihop-suite -- .build/release/confgate-bowtie`; pass `--strict-formats`
// to treat `format` as an assertion (for the suite's optional/format tests).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConfgateDocument
import ConfgateSchema

let formatAssertion = CommandLine.arguments.dropFirst().contains("--strict-formats")
var defaultDraft: Draft = .draft2020_12

/// One answer line, written straight to file descriptor 1 (unbuffered: the driver waits for it).
func reply(_ json: String) {
    var bytes = Array((json + "\n").utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if written <= 0 { exit(1) }
        bytes = bytes.dropFirst(written)
    }
}

func member(_ stream: ParsedStream, _ node: NodeID, _ name: String) -> NodeID? {
    stream.entries(node).first { stream.keyToken($0.key) == name }?.value
}

func errored(_ seq: String, _ message: String) {
    reply("{\"seq\":\(seq),\"errored\":true,\"context\":{\"message\":\(JSONWriter.quoted(message))}}")
}

let implementation = """
    {"version":1,"implementation":{"language":"swift","name":"confgate","version":"0.1.0",\
    "homepage":"https://github.com/confgate/confgate","issues":"https://github.com/confgate/confgate/issues",\
    "source":"https://github.com/confgate/confgate",\
    "dialects":["https://json-schema.org/draft/2020-12/schema","https://json-schema.org/draft/2019-09/schema",\
    "http://json-schema.org/draft-07/schema#","http://json-schema.org/draft-06/schema#",\
    "http://json-schema.org/draft-04/schema#"]}}
    """

while let line = readLine(strippingNewline: true) {
    let read = DocumentReader(limits: InputLimits(maxFileBytes: 1 << 28, maxDepth: 1024, maxNodes: 1 << 24, maxScalarBytes: 1 << 26))
        .read(Array(line.utf8), format: .json)
    guard let stream = read.stream, let request = stream.documents.first?.root,
        let command = member(stream, request, "cmd").map(stream.string)
    else {
        reply("{\"error\":\"request is not a JSON object with a cmd\"}")
        continue
    }
    switch command {
    case "start":
        reply(implementation)
    case "dialect":
        let uri = member(stream, request, "dialect").map(stream.string) ?? ""
        if let draft = Draft(metaSchemaURI: uri) {
            defaultDraft = draft
            reply("{\"ok\":true}")
        } else {
            reply("{\"ok\":false}")
        }
    case "run":
        let seq = member(stream, request, "seq").map(stream.sourceText) ?? "null"
        guard let testCase = member(stream, request, "case"), let schemaNode = member(stream, testCase, "schema"),
            let tests = member(stream, testCase, "tests")
        else {
            errored(seq, "run request without case.schema and case.tests")
            continue
        }
        let registry = SchemaRegistry(defaultDraft: defaultDraft)
        if let remotes = member(stream, testCase, "registry") {
            for (key, document) in stream.entries(remotes) {
                registry.register(stream, root: document, uri: stream.keyToken(key))
            }
        }
        do {
            let schema = try JSONSchema.compile(
                stream, root: schemaNode, uri: "https://confgate.invalid/bowtie/case-\(seq).json", registry: registry,
                options: ValidationOptions(formatAssertion: formatAssertion))
            let results = stream.elements(tests).map { test -> String in
                guard let instance = member(stream, test, "instance") else { return "{\"valid\":false}" }
                return "{\"valid\":\(schema.isValid(stream, instance))}"
            }
            reply("{\"seq\":\(seq),\"results\":[\(results.joined(separator: ","))]}")
        } catch {
            errored(seq, error.description)
        }
    case "stop":
        reply("{\"ok\":true}")
        exit(0)
    default:
        reply("{\"error\":\"unknown command \(command)\"}")
    }
}
