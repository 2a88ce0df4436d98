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
        /// Which option of the first `{a,b}` the path took (0 without one): the order of
        /// preference when several files fit one slot (`base.yaml` before `base.yml`).
        public var rank = 0

        public init(service: String? = nil, environment: String? = nil, rank: Int = 0) {
            self.service = service
            self.environment = environment
            self.rank = rank
        }
    }

    /// Whether the folder part names no `{env}` and no `{a,b}`: then a service's layers of this
    /// pattern are all in one folder, whatever the environment.
    public var hasStableFolder: Bool {
        guard let lastSlash = parts.lastIndex(where: { part in
            switch part {
            case .literal(let text): return text.contains("/")
            case .anyFolder: return true
            default: return false
            }
        }) else { return true }
        return parts[...lastSlash].allSatisfy { part in
            switch part {
            case .literal, .service, .anyFolder: return true
            case .environment, .alternatives: return false
            }
        }
    }

    /// The placeholders' values if `path` (relative to the configuration's folder) matches.
    /// Every lint target is matched against every layout, so the matching works on bytes and
    /// makes the captured strings only once a match is found.
    public func match(_ path: String) -> Match? {
        var path = path
        return path.withUTF8 { bytes -> Match? in
            var captures = Captures()
            guard matches(parts[...], bytes, 0, &captures) else { return nil }
            func text(_ range: Range<Int>?) -> String? {
                range.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            }
            var match = Match(service: text(captures.service), environment: text(captures.environment), rank: captures.rank ?? 0)
            if captures.folderIsService { match.service = captures.service.map { $0.isEmpty ? "." : text($0)! } ?? "." }
            return match
        }
    }

    /// Byte ranges of the placeholders (`anyFolder`'s without its final `/`).
    private struct Captures {
        var service: Range<Int>?
        var environment: Range<Int>?
        var folderIsService = false
        var rank: Int?
    }

    private static let slash = UInt8(ascii: "/")

    private func matches(_ parts: ArraySlice<Part>, _ text: UnsafeBufferPointer<UInt8>, _ at: Int, _ captures: inout Captures) -> Bool {
        guard let part = parts.first else { return at == text.count }
        let rest = parts.dropFirst()
        func hasPrefix(_ literal: String, _ position: Int) -> Bool {
            let utf8 = literal.utf8
            guard text.count - position >= utf8.count else { return false }
            var i = position
            for byte in utf8 {
                if text[i] != byte { return false }
                i += 1
            }
            return true
        }
        switch part {
        case .literal(let literal):
            return hasPrefix(literal, at) && matches(rest, text, at + literal.utf8.count, &captures)
        case .alternatives(let options):
            for (i, option) in options.enumerated() where hasPrefix(option, at) {
                var attempt = captures
                if attempt.rank == nil { attempt.rank = i }
                if matches(rest, text, at + option.utf8.count, &attempt) {
                    captures = attempt
                    return true
                }
            }
            return false
        case .service, .environment:
            // One or more bytes, no `/`: the shortest first (backtracking is bounded by the length
            // of one path segment).
            var end = at
            while end < text.count, text[end] != Self.slash {
                end += 1
                var attempt = captures
                if part == .service { attempt.service = at..<end } else { attempt.environment = at..<end }
                if matches(rest, text, end, &attempt) {
                    captures = attempt
                    return true
                }
            }
            return false
        case .anyFolder:
            // The longest folder first: `a/b/base.yaml` is service `a/b`, never `a` with `b/base.yaml`.
            var cut = text.count
            while cut >= at {
                if cut == at || text[cut - 1] == Self.slash {
                    var attempt = captures
                    attempt.service = at..<(cut == at ? at : cut - 1)
                    attempt.folderIsService = true
                    if matches(rest, text, cut, &attempt) {
                        captures = attempt
                        return true
                    }
                }
                cut -= 1
            }
            return false
        }
    }

    /// Every path this pattern names for a service and an environment (one per combination of
    /// `{a,b}` alternatives), in the order written.
    public func paths(service: String?, environment: String?) -> [String] {
        var results = [""]
        for part in parts {
            switch part {
            case .alternatives(let options):
                results = results.flatMap { prefix in options.map { prefix + $0 } }
            default:
                let piece = text(of: part, service: service, environment: environment)
                for i in results.indices { results[i] += piece }
            }
        }
        return results
    }

    /// The folder every path of this pattern for `service` is in (see `hasStableFolder`), `.`
    /// for the configuration's folder; `nil` when the folder depends on the environment.
    public func folder(service: String?) -> String? {
        guard hasStableFolder else { return nil }
        var path = ""
        for part in parts {
            switch part {
            case .alternatives, .environment: break
            default: path += text(of: part, service: service, environment: nil)
            }
        }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    private func text(of part: Part, service: String?, environment: String?) -> String {
        switch part {
        case .literal(let text): return text
        case .service: return service ?? ""
        case .environment: return environment ?? ""
        case .alternatives(let options): return options.first ?? ""
        case .anyFolder: return service.map { $0 == "." ? "" : $0 + "/" } ?? ""
        }
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
