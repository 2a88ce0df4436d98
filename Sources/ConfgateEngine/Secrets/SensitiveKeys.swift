/// Which key names hold credentials, judged on the words of the name rather than on substrings, so
/// that `db_password` and `clientSecret` are sensitive while `token_ttl`, `secretName` and
/// `password_min_length` are not. The rules are in docs/secrets.md ("Key-aware detection").
public struct SensitiveKeys: Sendable {
    /// How much a key name says about its value.
    public enum Strength: Sendable, Equatable {
        /// Not a credential name.
        case none
        /// A name people give to values they choose themselves (`password`, `secret`): any literal
        /// there is a plaintext credential, however short or plain.
        case chosen
        /// A name for machine-issued credentials (`token`, `api_key`): a literal is a credential
        /// only when it looks like one (see `SecretScanner.looksIssued`), so `auth: basic` is not.
        case issued
    }

    /// Last words that make a name hold a chosen secret.
    static let chosenWords: Set<String> = ["password", "passwd", "pwd", "passphrase", "secret", "secrets"]
    /// Last words that make a name hold an issued credential.
    static let issuedWords: Set<String> = [
        "token", "apikey", "credential", "credentials", "auth", "authorization", "privatekey", "accesskey",
        "secretkey", "clientsecret",
    ]
    /// Word pairs at the end of a name that mean an issued credential (`api_key`, `secretAccessKey`).
    static let issuedPairs: Set<String> = [
        "api key", "private key", "access key", "secret key", "account key", "signing key", "encryption key",
        "master key", "shared key", "sas key", "app key", "application key", "license key", "auth key",
        "client secret", "key secret", "app secret", "consumer secret", "webhook secret", "session secret",
        "auth token", "access token", "refresh token", "bearer token", "api token", "id token",
    ]
    /// Last words that describe something about a credential rather than hold it: `token_ttl`,
    /// `secretName`, `password_file`, `auth_enabled`. A name ending in one of them is not sensitive.
    static let describingWords: Set<String> = [
        "id", "name", "names", "file", "path", "dir", "ttl", "expiry", "expires", "expiration", "lifetime",
        "length", "len", "size", "min", "max", "enabled", "disabled", "required", "type", "kind", "mode",
        "header", "ref", "env", "var", "url", "uri", "endpoint", "location", "format", "algorithm", "version",
        "rotation", "count", "policy", "provider", "field", "prefix", "suffix", "source", "store", "arn",
        "method", "methods", "scheme", "hash", "hint", "timeout", "interval", "period", "duration", "label",
        "description", "help", "regex", "pattern", "validation", "strength", "complexity", "age", "reset",
    ]

    /// Words a project adds in `.confgate.yaml` (`secrets: sensitive-keys:`), lowercase, with the
    /// strength of a chosen secret.
    public var extraWords: Set<String>

    public init(extraWords: Set<String> = []) {
        self.extraWords = Set(extraWords.map { $0.lowercased() })
    }

    /// How sensitive a key name is.
    public func strength(of key: String) -> Strength {
        let words = SensitiveKeys.words(key)
        guard let last = words.last else { return .none }
        if extraWords.contains(last) || extraWords.contains(words.joined()) { return .chosen }
        if SensitiveKeys.describingWords.contains(last) { return .none }
        if SensitiveKeys.chosenWords.contains(last) {
            // `clientSecret`, `appSecret`: issued by a provider, but held like a password.
            return .chosen
        }
        if words.count >= 2 {
            let pair = words[words.count - 2] + " " + last
            if SensitiveKeys.issuedPairs.contains(pair) { return .issued }
        }
        if SensitiveKeys.issuedWords.contains(last) { return .issued }
        if words.count >= 2, last == "key", ["private", "secret", "access", "api"].contains(words[words.count - 2]) {
            return .issued
        }
        return .none
    }

    /// The lowercase words of a key name, split at `_`, `-`, `.`, spaces and camelCase humps:
    /// `secretAccessKey` → secret, access, key; `DB_PASSWORD` → db, password; `APIKey` → api, key.
    static func words(_ key: String) -> [String] {
        var utf8 = key.utf8
        // Nearly every key is ASCII: split its bytes without Unicode property lookups, which cost
        // more than the rest of the secret scan.
        if let words = utf8.withContiguousStorageIfAvailable(asciiWords) ?? nil { return words }
        var copy = key
        copy.makeContiguousUTF8()
        utf8 = copy.utf8
        if let words = utf8.withContiguousStorageIfAvailable(asciiWords) ?? nil { return words }
        return unicodeWords(key)
    }

    /// `words` for ASCII bytes; `nil` when there is a non-ASCII byte.
    static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
        func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
        func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        var words: [String] = []
        var start = -1
        func flush(_ end: Int) {
            if start >= 0 && end > start {
                words.append(String(decoding: bytes[start..<end].map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self))
            }
            start = -1
        }
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b < 0x80 else { return nil }
            guard isUpper(b) || isLower(b) || isDigit(b) else {
                flush(i)
                continue
            }
            if isUpper(b), start >= 0, i > start {
                let previous = bytes[i - 1]
                let nextIsLower = i + 1 < bytes.count && isLower(bytes[i + 1])
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) { flush(i) }
            }
            if start < 0 { start = i }
        }
        flush(bytes.count)
        return words
    }

    /// `words` for any text: the same rules on Unicode letters.
    static func unicodeWords(_ key: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        let chars = Array(key)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current.removeAll(keepingCapacity: true)
        }
        for (i, c) in chars.enumerated() {
            if !(c.isLetter || c.isNumber) {
                flush()
                continue
            }
            if c.isUppercase, let previous = current.last {
                // A hump: `aK` in `apiKey`, or the end of an acronym: `IK` in `APIKey` (next is lower).
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { flush() }
            }
            current.append(c)
        }
        flush()
        return words
    }
}
