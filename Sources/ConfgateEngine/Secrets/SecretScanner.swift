import ConfgateDocument
import ConfgateSchema

/// The `secrets:` section of `.confgate.yaml`.
public struct SecretSettings: Sendable {
    /// Whether plaintext secrets are looked for at all (`--no-secrets` turns it off).
    public var enabled = true
    /// Key words that hold a secret, besides the built-in ones (`pin`, `signing_salt`).
    public var sensitiveKeys: Set<String> = []
    /// Files that belong to a production environment, for `secret-placeholder`; `nil` means the
    /// default guess from the path (see `SecretScanner.looksLikeProduction`).
    public var productionFiles: [Glob]?

    public init() {}
}

/// A plaintext secret found in one file, before it becomes a `Finding`. `value` is kept (in
/// memory only) so that the rest of the report can be scrubbed of it; it is never rendered.
public struct SecretHit: Sendable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var node: NodeID
    public var range: SourceRange
    /// The value as decoded (escapes processed): what a message could quote.
    public var value: String

    public init(rule: String, severity: Severity, message: String, node: NodeID, range: SourceRange, value: String) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.node = node
        self.range = range
        self.value = value
    }
}

/// Looks for plaintext secrets in a parsed file: the catalogue's detectors on every string, the
/// key-aware check on values under credential-like keys, and an entropy check on long random
/// tokens. At most one finding per value: a named detector wins over the key check, which wins
/// over entropy. How and why: docs/secrets.md.
public struct SecretScanner: Sendable {
    public let catalogue: SecretCatalogue
    public let keys: SensitiveKeys
    let index: KeywordIndex
    /// The detectors' patterns (compiled on first use) and thresholds, apart: the scan loop reads
    /// them without copying whole detector values.
    let patterns: [CompiledDetectorPattern]
    let entropies: [Double?]
    /// Fragments of credential-like key names (`pass`, `secret`, `token`, ...), for names only: a
    /// key with none of them is not sensitive, which spares the word split for nearly every key.
    /// Kept apart from `index` because pairs such as `se`, `pa` and `to` are everywhere in values.
    let keyFragments: KeywordIndex
    /// The detectors' keywords and, as pseudo-detector `fragmentBit`, the key-name fragments: one
    /// pass over a name when the value is long enough for detectors to matter.
    let nameIndex: KeywordIndex
    let fragmentBit = KeywordIndex.capacity - 1

    public init(catalogue: SecretCatalogue = .builtIn, settings: SecretSettings = SecretSettings()) {
        self.catalogue = catalogue
        keys = SensitiveKeys(extraWords: settings.sensitiveKeys)
        // Project words have two characters at least (ProjectConfig checks), as the index needs.
        let fragments = ["pass", "pwd", "secret", "token", "key", "auth", "credential"] + settings.sensitiveKeys.map { $0.lowercased() }
        index = KeywordIndex(keywords: catalogue.detectors.map(\.keywords))
        keyFragments = KeywordIndex(keywords: [fragments])
        var nameKeywords = catalogue.detectors.map(\.keywords)
        precondition(nameKeywords.count < KeywordIndex.capacity - 1, "too many detectors for the keyword index")
        nameKeywords += Array(repeating: [], count: KeywordIndex.capacity - 1 - nameKeywords.count)
        nameKeywords.append(fragments)
        nameIndex = KeywordIndex(keywords: nameKeywords)
        patterns = catalogue.detectors.map(\.compiled)
        entropies = catalogue.detectors.map(\.entropy)
    }

    // MARK: - Thresholds (documented in docs/secrets.md)

    /// The shortest token any detector can match (a URL with a password, `ab://c:d@e`); checked by
    /// SecretCatalogueTests against PCRE2's analysis of every pattern.
    public static let shortestToken = 10
    /// A value under an "issued" key (`token`, `api_key`) counts as a credential from this length...
    static let issuedMinimumLength = 8
    /// ... and this Shannon entropy in bits per character.
    static let issuedMinimumEntropy = 3.0
    /// A token under no sensitive key is reported only from this length...
    static let randomTokenMinimumLength = 32
    /// ... this entropy (random base62 of 32 characters averages about 4.7 bits; English words and
    /// identifiers stay below 4.2) ...
    static let randomTokenMinimumEntropy = 4.5
    /// ... and at most this length (longer blobs are data: certificates, images, bundles).
    static let randomTokenMaximumLength = 256

    // MARK: - Scanning

    /// Every secret in the stream's documents. `production` says whether the file belongs to a
    /// production environment (placeholders are reported only there).
    public func scan(_ stream: ParsedStream, production: Bool) -> [SecretHit] {
        var hits: [SecretHit] = []
        // An explicit stack: documents may nest as deep as the input limits allow, deeper than a
        // worker thread's stack can recurse.
        var stack: [(node: NodeID, name: NodeID?)] = []
        for document in stream.documents {
            stack.append((document.root, nil))
            while let (node, name) = stack.popLast() {
                switch stream.kind(node) {
                case .alias:
                    continue  // its anchor is scanned where it is written
                case .scalar:
                    check(stream, node, name: name, production: production, into: &hits)
                case .sequence:
                    let count = stream.childCount(node)
                    guard count > 0 else { continue }
                    var child = stream.firstChild(node)
                    for i in 0..<count {
                        if i > 0 { child = stream.nextSibling(child) }
                        stack.append((child, name))
                    }
                case .mapping:
                    let count = stream.childCount(node)
                    guard count > 1 else { continue }
                    let pair = count >= 4 && count <= 8 ? nameValuePair(stream, node) : nil
                    var next = stream.firstChild(node)
                    for pairIndex in 0..<(count / 2) {
                        let k = next
                        let v = stream.nextSibling(k)
                        if pairIndex + 1 < count / 2 { next = stream.nextSibling(v) }
                        guard stream.kind(k) == .scalar else { continue }  // complex keys are not names
                        let keyCount = stream.valueCount(k)
                        // SOPS keeps its own metadata (key groups, MAC) in a top-level `sops` mapping.
                        if keyCount == 4, stream.parent(node) == nil, stream.kind(v) == .mapping,
                            stream.valueBytes(k).elementsEqual("sops".utf8)
                        {
                            continue
                        }
                        // Merged content (`<<: *defaults`) is scanned where it is written.
                        if keyCount == 2, stream.kind(v) != .scalar, stream.valueBytes(k).elementsEqual("<<".utf8) { continue }
                        stack.append((v, pair?.value == v ? pair?.name : k))
                    }
                }
            }
        }
        return hits
    }

    /// `{name: DB_PASSWORD, value: ...}` (Kubernetes and ECS environment lists, Helm `extraEnv`):
    /// the value is judged by the name beside it, not by the word `value`.
    func nameValuePair(_ stream: ParsedStream, _ mapping: NodeID) -> (name: NodeID, value: NodeID)? {
        var name: NodeID?
        var value: NodeID?
        let pairs = stream.childCount(mapping) / 2
        var next = stream.firstChild(mapping)
        for pair in 0..<pairs {
            let k = next
            let v = stream.nextSibling(k)
            if pair + 1 < pairs { next = stream.nextSibling(v) }
            let count = stream.valueCount(k)
            guard stream.kind(k) == .scalar, count >= 3 && count <= 5 else { continue }
            let key = stream.valueBytes(k)
            if key.elementsEqual("name".utf8) || key.elementsEqual("key".utf8) || key.elementsEqual("Name".utf8)
                || key.elementsEqual("Key".utf8)
            {
                if stream.kind(v) == .scalar { name = v }
            } else if key.elementsEqual("value".utf8) || key.elementsEqual("Value".utf8) {
                value = v
            }
        }
        guard let name, let value else { return nil }
        return (name, value)
    }

    /// The finding for one scalar, if any. `name` is the node naming it: its key, or the `name`
    /// of a name/value pair.
    func check(_ stream: ParsedStream, _ node: NodeID, name: NodeID?, production: Bool, into hits: inout [SecretHit]) {
        let type = stream.scalarType(node)
        // Booleans and nulls hold no secret; numbers can (`password: 123456`).
        guard type != .bool && type != .null, !stream.isKey(node) else { return }
        // Appended in place: returning an optional hit copies it twice for every value.
        guard let name else {
            stream.withUnsafeValueBytes(node) {
                if let hit = check(stream, node, bytes: $0, type: type, name: nil, nameBytes: UnsafeBufferPointer(start: nil, count: 0), production: production) {
                    hits.append(hit)
                }
            }
            return
        }
        stream.withUnsafeValueBytes(name) { nameBytes in
            stream.withUnsafeValueBytes(node) { bytes in
                if let hit = check(stream, node, bytes: bytes, type: type, name: name, nameBytes: nameBytes, production: production) {
                    hits.append(hit)
                }
            }
        }
    }

    /// `check` with the value's and the name's bytes in hand (raw, so no reference counting on a
    /// path taken for every value of every file).
    private func check(
        _ stream: ParsedStream, _ node: NodeID, bytes valueBytes: UnsafeBufferPointer<UInt8>, type: ScalarType?,
        name: NodeID?, nameBytes nameBuffer: UnsafeBufferPointer<UInt8>, production: Bool
    ) -> SecretHit? {
        let bytes = type == .string ? valueBytes : UnsafeBufferPointer(start: nil, count: 0)
        // No detector's token is shorter than 10 bytes (`ab://c:d@e`), so shorter values, a large
        // share of any configuration, skip the detectors: their names are read for the key-aware
        // check only.
        let detectorsApply = type == .string && bytes.count >= SecretScanner.shortestToken
        var nameHits = KeywordIndex.Hits()
        (detectorsApply ? nameIndex : keyFragments).scan(nameBuffer, into: &nameHits)
        let sensitiveName = detectorsApply ? nameHits.contains(fragmentBit) : !nameHits.isEmpty
        nameHits.remove(fragmentBit)
        if detectorsApply {
            var candidates = nameHits
            index.scan(bytes, into: &candidates)
            let length = nameBuffer.count + 2 + bytes.count
            // A detector whose shortest match is longer than `key: value`, or whose required byte
            // is not in it, cannot match: most candidates end here, before any string is made.
            var viable = KeywordIndex.Hits()
            candidates.forEach { i in
                let pattern = patterns[i].value
                guard pattern.minLength <= length else { return }
                // `key: value` always holds a colon and a space: those say nothing about the value.
                if let byte = pattern.requiredByte, byte != UInt8(ascii: ":"), byte != UInt8(ascii: " "),
                    !containsEitherCase(bytes, byte), !containsEitherCase(nameBuffer, byte)
                {
                    return
                }
                viable.insert(i)
            }
            if !viable.isEmpty,
                let hit = detectorHit(stream, node, candidates: viable, keyName: name.map(stream.string))
            {
                return hit
            }
        }
        if sensitiveName, let name {
            let strength = keys.strength(of: stream.string(name))
            if strength != .none {
                return keyAwareHit(stream, node, type: type, strength: strength, production: production)
            }
        }
        if type == .string, bytes.count >= SecretScanner.randomTokenMinimumLength,
            bytes.count <= SecretScanner.randomTokenMaximumLength
        {
            return randomTokenHit(stream, node, bytes: bytes, name: name)
        }
        return nil
    }

    // MARK: - The three checks

    func detectorHit(_ stream: ParsedStream, _ node: NodeID, candidates: KeywordIndex.Hits, keyName: String?) -> SecretHit? {
        let value = stream.string(node)
        // Detectors for prefix-less credentials (an AWS secret access key) need the name beside
        // the value, as in `aws_secret_access_key: ...`; the others find their token anywhere.
        let text = keyName.map { $0 + ": " + value } ?? value
        let length = text.utf8.count
        for i in patterns.indices where candidates.contains(i) {
            let pattern = patterns[i].value
            guard length >= pattern.minLength, pattern.regex.firstMatch(in: text) == .match else { continue }
            if let minimum = entropies[i], shannonEntropy(text) < minimum { continue }
            let detector = catalogue.detectors[i]
            // Ciphertext can contain anything; judged only after a match because most candidates
            // match nothing and the shape costs more than the prefiltered regexes.
            switch SecretValueShape.of(value, tag: stream.tag(node)) {
            case .encrypted, .empty, .mask: return nil
            default: break
            }
            let message = "\(SecretScanner.subject(stream, node)) holds a plaintext secret (\(detector.description)\(SecretScanner.previewClause(value)))"
            return SecretHit(
                rule: detector.ruleID, severity: detector.severity, message: message, node: node,
                range: stream.range(node), value: value)
        }
        return nil
    }

    func keyAwareHit(
        _ stream: ParsedStream, _ node: NodeID, type: ScalarType?, strength: SensitiveKeys.Strength, production: Bool
    ) -> SecretHit? {
        var subject: String { SecretScanner.subject(stream, node) }
        switch type {
        case .string: break
        case .integer, .number:
            // `password: 123456` reads as a number, and is a password all the same.
            guard strength == .chosen else { return nil }
            let value = stream.sourceText(node)
            return plaintextHit(stream, node, subject: subject, value: value)
        default: return nil
        }
        let value = stream.string(node)
        switch SecretValueShape.of(value, tag: stream.tag(node)) {
        case .empty, .reference, .encrypted, .mask:
            return nil
        case .placeholder:
            guard production else { return nil }
            let word = value.trimmingWhitespace()
            return SecretHit(
                rule: SecretPlaceholderRule.id, severity: SecretPlaceholderRule.description.defaultSeverity,
                message: "\(subject) holds the placeholder \(JSONWriter.quoted(word)) in a production file; set a reference to the real secret",
                node: node, range: stream.range(node), value: "")
        case .defaultedReference(let fallback):
            let variable = SecretScanner.variableName(value)
            return SecretHit(
                rule: SecretPlaintextValueRule.id, severity: SecretPlaintextValueRule.description.defaultSeverity,
                message: "\(subject) falls back to a plaintext default in ${\(variable):-…}; drop the default so that a missing variable fails",
                node: node, range: stream.range(node), value: fallback)
        case .literal:
            if SecretScanner.isNotACredential(value) { return nil }
            if strength == .issued && !SecretScanner.looksIssued(value) { return nil }
            return plaintextHit(stream, node, subject: subject, value: value)
        }
    }

    func plaintextHit(_ stream: ParsedStream, _ node: NodeID, subject: String, value: String) -> SecretHit {
        SecretHit(
            rule: SecretPlaintextValueRule.id, severity: SecretPlaintextValueRule.description.defaultSeverity,
            message: "\(subject) holds a plaintext value\(SecretScanner.previewClause(value, separator: ", starting ")); use a reference such as ${\(SecretScanner.environmentName(stream, node))} or an encrypted value",
            node: node, range: stream.range(node), value: value)
    }

    func randomTokenHit(_ stream: ParsedStream, _ node: NodeID, bytes: UnsafeBufferPointer<UInt8>, name: NodeID?) -> SecretHit? {
        var upper = false, lower = false, digit = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "_"), UInt8(ascii: "-"): break
            default: return nil  // spaces, dots, colons: text, hosts, URLs, paths, not a token
            }
        }
        guard upper && lower && digit else { return nil }  // hex digests, ids, words
        if let name, SecretScanner.isNotSecretKey(stream.string(name)) { return nil }
        let value = stream.string(node)
        if SecretScanner.isEncodedPublicMaterial(value) { return nil }
        let entropy = shannonEntropy(value)
        guard entropy >= SecretScanner.randomTokenMinimumEntropy else { return nil }
        let subject = SecretScanner.subject(stream, node)
        return SecretHit(
            rule: SecretRandomTokenRule.id, severity: SecretRandomTokenRule.description.defaultSeverity,
            message: "\(subject) holds a random-looking \(value.unicodeScalars.count)-character token\(SecretScanner.previewClause(value, separator: " (", closing: ")")) that may be a credential",
            node: node, range: stream.range(node), value: value)
    }

    // MARK: - Judging values

    /// Values under a sensitive key that are not a credential themselves: a path to a file that
    /// holds it, a boolean or `none` written as a string.
    static func isNotACredential(_ value: String) -> Bool {
        let v = value.trimmingWhitespace()
        for prefix in ["/", "./", "../", "~/"] where v.hasPrefix(prefix) && !v.contains(" ") { return true }
        return ["true", "false", "yes", "no", "on", "off", "disabled", "enabled"].contains(v.lowercased())
    }

    /// Whether a literal under an issued-credential key looks machine-issued: long enough, random
    /// enough, one token (or a `Bearer`/`Basic` scheme and one), and not a plain word or a URL
    /// without credentials.
    static func looksIssued(_ value: String) -> Bool {
        var v = value.trimmingWhitespace()
        for scheme in ["Bearer ", "bearer ", "Basic ", "basic ", "Token ", "token "] where v.hasPrefix(scheme) {
            v = String(v.dropFirst(scheme.count))
        }
        guard v.unicodeScalars.count >= issuedMinimumLength, !v.contains(where: \.isWhitespace) else { return false }
        if v.contains("://") && !v.contains("@") { return false }
        if v.allSatisfy({ $0.isLowercase || $0 == "-" || $0 == "_" || $0 == "." }) { return false }
        return shannonEntropy(v) >= issuedMinimumEntropy
    }

    /// Key words under which a random-looking value is a known non-secret: checksums, digests,
    /// certificates and public keys, identifiers.
    static let notSecretWords: Set<String> = [
        "checksum", "checksums", "sha", "sha1", "sha256", "sha384", "sha512", "md5", "integrity", "digest", "hash",
        "fingerprint", "etag", "thumbprint", "cert", "certificate", "certificates", "ca", "bundle", "cabundle",
        "pem", "crt", "public", "publickey", "pubkey", "nonce", "commit", "revision", "sum",
    ]

    static func isNotSecretKey(_ keyName: String) -> Bool {
        let words = SensitiveKeys.words(keyName)
        guard let last = words.last else { return false }
        if SensitiveKeys.describingWords.contains(last) { return true }
        return words.contains { notSecretWords.contains($0) }
    }

    /// Base64 of a PEM certificate or public key (`caBundle: LS0tLS1CRUdJTiBDRVJU...`) and SRI or
    /// digest strings (`sha512-...`, `sha256:...`).
    static func isEncodedPublicMaterial(_ value: String) -> Bool {
        for prefix in [
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS", "LS0tLS1CRUdJTiBQVUJMSUMgS0VZ", "LS0tLS1CRUdJTiBSU0EgUFVCTElDIEtFWS",
            "sha256-", "sha384-", "sha512-", "sha1-", "sha256:", "sha512:",
        ] where value.hasPrefix(prefix) {
            return true
        }
        return false
    }

    // MARK: - Message parts

    /// How a message names the value's place: `"database.password"`, `"env[2].value"`, or
    /// `the document`.
    static func subject(_ stream: ParsedStream, _ node: NodeID) -> String {
        var parts: [String] = []
        var current = node
        while let parent = stream.parent(current) {
            if stream.kind(parent) == .mapping, let key = stream.key(of: current) {
                parts.append(stream.kind(key) == .scalar ? stream.string(key) : "?")
            } else if stream.kind(parent) == .sequence {
                let index = stream.rawChildren(parent).firstIndex(of: current) ?? 0
                parts.append("[\(index)]")
            }
            current = parent
        }
        guard !parts.isEmpty else { return "the document" }
        var path = ""
        for part in parts.reversed() {
            if part.hasPrefix("[") || path.isEmpty { path += part } else { path += "." + part }
        }
        return JSONWriter.quoted(path)
    }

    /// At most four characters of a secret, so a reader can tell which value is meant without the
    /// report holding it: none below 8 characters, then one for each 4 (`AKIA…` for an AWS key).
    static func preview(_ value: String) -> String {
        let scalars = value.unicodeScalars
        let count = min(4, scalars.count / 4 - 1)
        guard count > 0 else { return "" }
        let head = String(String.UnicodeScalarView(scalars.prefix(count)))
        // A preview is for eyes: a control character or quote in it would only confuse.
        guard head.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }) else { return "" }
        return head + "…"
    }

    static func previewClause(_ value: String, separator: String = ", ", closing: String = "") -> String {
        let p = preview(value)
        return p.isEmpty ? "" : separator + "\"" + p + "\"" + closing
    }

    /// `${DB_PASSWORD:-x}` → `DB_PASSWORD`.
    static func variableName(_ value: String) -> String {
        guard let start = value.range(of: "${") else { return "" }
        return String(value[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
    }

    /// An environment variable name for a value's place, as a suggestion: `database.password` →
    /// `DATABASE_PASSWORD`; a Kubernetes `{name: X, value: ...}` pair → `X`.
    static func environmentName(_ stream: ParsedStream, _ node: NodeID) -> String {
        var words: [String] = []
        var current = node
        var depth = 0
        while let parent = stream.parent(current), depth < 2 {
            if stream.kind(parent) == .mapping, let key = stream.key(of: current), stream.kind(key) == .scalar {
                let name = stream.string(key)
                if name == "value" || name == "Value" {
                    let sibling = stream.entries(parent).first { stream.kind($0.key) == .scalar && ["name", "key", "Name", "Key"].contains(stream.string($0.key)) }
                    if let sibling, stream.kind(sibling.value) == .scalar { return stream.string(sibling.value) }
                }
                words.insert(contentsOf: SensitiveKeys.words(name), at: 0)
                depth += 1
            }
            current = parent
        }
        let name = words.map { $0.uppercased() }.joined(separator: "_")
        return name.isEmpty ? "SECRET" : name
    }

    // MARK: - Lines without a tree

    /// A source line shown for a problem that stopped the reading (a syntax error): no tree exists
    /// there, so the line is judged as text. A `key: value` line whose key names a credential and
    /// whose value is a literal, or any line a detector matches, comes back with the value (or, with
    /// no key, the whole line) as `*`, one per character so a caret under it still lines up.
    public func maskUnscannedLine(_ line: String) -> String {
        let chars = Array(line)
        // The key: up to the first `: ` (or a colon ending the line), quotes and list dashes dropped.
        var separator: Int?
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ":" && (i + 1 == chars.count || chars[i + 1] == " " || chars[i + 1] == "\t") {
                separator = i
                break
            }
            i += 1
        }
        let valueStart = separator.map { s in (s + 1..<chars.count).first { chars[$0] != " " && chars[$0] != "\t" } ?? chars.count } ?? 0
        func masked(from start: Int) -> String {
            let lead = chars[..<start]
            let rest = chars[start...].map { $0 == " " || $0 == "\t" ? $0 : "*" }
            return String(lead) + String(rest)
        }
        guard valueStart < chars.count else { return line }
        if let separator {
            let key = String(chars[..<separator]).trimmingWhitespace()
                .trimmingCharacters(in: ["-", " ", "{", ",", "\"", "'"])
            var value = String(chars[valueStart...]).trimmingWhitespace()
            if let first = value.first, first == "\"" || first == "'" { value = String(value.dropFirst().prefix { $0 != first }) }
            if !key.isEmpty, keys.strength(of: key) != .none {
                switch SecretValueShape.of(value) {
                case .literal, .defaultedReference: return masked(from: valueStart)
                default: break
                }
            }
        }
        let bytes = Array(line.utf8)
        var candidates = KeywordIndex.Hits()
        bytes.withUnsafeBufferPointer { index.scan($0, into: &candidates) }
        var matched = false
        // A plain loop: the Swift 6.3 optimizer crashes on this function with a closure here.
        for i in patterns.indices where !matched && candidates.contains(i) {
            let pattern = patterns[i].value
            matched = bytes.count >= pattern.minLength && pattern.regex.firstMatch(in: line) == .match
        }
        return matched ? masked(from: separator == nil ? (chars.firstIndex { $0 != " " && $0 != "\t" } ?? 0) : valueStart) : line
    }

    // MARK: - Production files

    /// The default guess: a path with a folder or a file-name part `production`, `prod` or `prd`
    /// (`config/production.yaml`, `values-prod.yaml`, `prod/app.yaml`).
    public static func looksLikeProduction(_ relativePath: String) -> Bool {
        var part: [UInt8] = []
        for byte in relativePath.utf8 + [UInt8(ascii: "/")] {
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                if part.elementsEqual("production".utf8) || part.elementsEqual("prod".utf8) || part.elementsEqual("prd".utf8) {
                    return true
                }
                part.removeAll(keepingCapacity: true)
            } else {
                part.append(KeywordIndex.lower(byte))
            }
        }
        return false
    }
}
