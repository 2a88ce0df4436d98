import ConfgateDocument

/// A layer path of a service layout: `config/{service}/{env}.yaml`, `config/{env}/{service}.json`,
/// `config/base.{yaml,yml}`. `{service}` and `{env}` stand for one folder or file-name part (no
/// `/`); `{a,b}` is one of the listed texts. Written by hand rather than as a glob because the
/// two placeholders must be captured (matching) and filled in (finding a service's other layers).
public struct LayoutPattern: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case service
        case environment
        case alternatives([String])
        /// Any folder path, including none (`a/b/` or ``): the zero-config layout's service.
        case anyFolder
    }

    public struct SyntaxError: Error {
        public var message: String
    }

    public let parts: [Part]

    public static let extensions = ["yaml", "yml", "json", "jsonc"]

    init(parts: [Part]) { self.parts = parts }

    public init(_ text: String) throws(SyntaxError) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        if text.hasPrefix("/") || text.split(separator: "/").contains("..") {
            throw SyntaxError(message: "a layout path is relative to the configuration's folder and stays below it, found \"\(text)\"")
        }
        while let c = rest.first {
            rest = rest.dropFirst()
            guard c == "{" else {
                if c == "*" || c == "?" || c == "[" {
                    throw SyntaxError(message: "a layout path takes {service}, {env} and {a,b}, not glob characters, found \"\(text)\"")
                }
                literal.append(c)
                continue
            }
            guard let close = rest.firstIndex(of: "}") else {
                throw SyntaxError(message: "unclosed \"{\" in \"\(text)\"")
            }
            let inside = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            switch inside {
            case "service": parts.append(.service)
            case "env": parts.append(.environment)
            default:
                let options = inside.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard options.count > 1, options.allSatisfy({ !$0.isEmpty && !$0.contains("/") }) else {
                    throw SyntaxError(message: "unknown placeholder {\(inside)} in \"\(text)\"; use {service}, {env} or {a,b}")
                }
                parts.append(.alternatives(options))
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        if parts.filter({ $0 == .service }).count > 1 || parts.filter({ $0 == .environment }).count > 1 {
            throw SyntaxError(message: "{service} and {env} may each appear once, in \"\(text)\"")
        }
        self.parts = parts
    }

    public var hasEnvironment: Bool { parts.contains(.environment) }
    public var hasService: Bool { parts.contains(.service) || parts.contains(.anyFolder) }

    /// What a matching path filled the placeholders with.
    public struct Match: Sendable, Hashable {
        /// The service (`{service}`, or the folder of the zero-config layout), `nil` when the
        /// pattern has none (one service: the project).
        public var service: String?
        public var environment: String?

        public init(service: String? = nil, environment: String? = nil) {
            self.service = service
            self.environment = environment
        }
    }

    /// The placeholders' values if `path` (relative to the configuration's folder) matches.
    public func match(_ path: String) -> Match? {
        var match = Match()
        return matches(parts[...], Substring(path), &match) ? match : nil
    }

    private func matches(_ parts: ArraySlice<Part>, _ text: Substring, _ match: inout Match) -> Bool {
        guard let part = parts.first else { return text.isEmpty }
        let rest = parts.dropFirst()
        switch part {
        case .literal(let literal):
            return text.hasPrefix(literal) && matches(rest, text.dropFirst(literal.count), &match)
        case .alternatives(let options):
            return options.contains { text.hasPrefix($0) && matches(rest, text.dropFirst($0.count), &match) }
        case .service, .environment:
            // One or more characters, no `/`: try the shortest first (backtracking is bounded by
            // the length of one path segment).
            var end = text.startIndex
            while end < text.endIndex, text[end] != "/" {
                end = text.index(after: end)
                let value = String(text[..<end])
                var attempt = match
                if part == .service { attempt.service = value } else { attempt.environment = value }
                if matches(rest, text[end...], &attempt) {
                    match = attempt
                    return true
                }
            }
            return false
        case .anyFolder:
            // The longest folder first: `a/b/base.yaml` is service `a/b`, never `a` with `b/base.yaml`.
            var cuts: [Substring.Index] = [text.startIndex]
            var i = text.startIndex
            while i < text.endIndex {
                if text[i] == "/" { cuts.append(text.index(after: i)) }
                i = text.index(after: i)
            }
            for cut in cuts.reversed() {
                var attempt = match
                attempt.service = cut == text.startIndex ? "." : String(text[..<text.index(before: cut)])
                if matches(rest, text[cut...], &attempt) {
                    match = attempt
                    return true
                }
            }
            return false
        }
    }

    /// Every path this pattern names for a service and an environment (one per combination of
    /// `{a,b}` alternatives), in the order written.
    public func paths(service: String?, environment: String?) -> [String] {
        var results = [""]
        for part in parts {
            let pieces: [String]
            switch part {
            case .literal(let text): pieces = [text]
            case .service: pieces = [service ?? ""]
            case .environment: pieces = [environment ?? ""]
            case .alternatives(let options): pieces = options
            case .anyFolder: pieces = [service.map { $0 == "." ? "" : $0 + "/" } ?? ""]
            }
            results = results.flatMap { prefix in pieces.map { prefix + $0 } }
        }
        return results
    }
}

/// A JSON Pointer pattern: `*` stands for one token, a final `**` for any depth below (and the
/// path itself). `/features/**` matches `/features` and everything below it.
public struct PointerPattern: Sendable, Hashable {
    public let tokens: [String]

    public init?(_ text: String) {
        guard let tokens = JSONPointer.tokens(text) else { return nil }
        if let i = tokens.firstIndex(of: "**"), i != tokens.count - 1 { return nil }
        self.tokens = tokens
    }

    public func matches(_ path: [String]) -> Bool {
        for (i, token) in tokens.enumerated() {
            if token == "**" { return true }
            guard i < path.count, token == "*" || token == path[i] else { return false }
        }
        return path.count == tokens.count
    }
}
