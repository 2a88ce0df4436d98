/// A path glob as used in `.confgate.yaml` (`include`, `exclude`, `jsonc`).
///
/// `*` matches within one path segment, `**` any number of segments, `?` one character,
/// `[abc]` / `[!abc]` a character class, `{a,b}` alternatives. A pattern without `/` matches the
/// file name at any depth (as in `.gitignore`); a leading `/` or `./` anchors it at the root
/// (`/config.yaml` is only the top-level file); a trailing `/` names a directory and matches
/// everything below it (`vendor/`, `/build/`). Paths are matched relative to the project root,
/// with `/` separators.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let alternatives: [[Character]]
    private let basenameOnly: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var p = pattern
        if p.count > 1 && p.hasSuffix("/") {
            // A directory, as in `.gitignore`: `vendor/` is everything below any `vendor` folder,
            // `/build/` everything below the top-level one.
            p.removeLast()
            if !p.contains("/") { p = "**/" + p }
            p += "/**"
        }
        // Decided before the leading `./` or `/` is removed: that slash anchors the pattern too.
        basenameOnly = !p.contains("/")
        if p.hasPrefix("./") { p.removeFirst(2) }
        if p.hasPrefix("/") { p.removeFirst() }
        alternatives = Glob.expandBraces(p).map(Array.init)
    }

    public var description: String { pattern }

    public func matches(_ relativePath: String) -> Bool {
        var path = relativePath
        if path.hasPrefix("./") { path.removeFirst(2) }
        if basenameOnly, let slash = path.lastIndex(of: "/") {
            path = String(path[path.index(after: slash)...])
        }
        let chars = Array(path)
        return alternatives.contains { Glob.match($0[...], chars[...]) }
    }

    static func expandBraces(_ p: String) -> [String] {
        guard let open = p.firstIndex(of: "{") else { return [p] }
        var depth = 0
        var close: String.Index?
        var i = open
        while i < p.endIndex {
            if p[i] == "{" { depth += 1 }
            if p[i] == "}" {
                depth -= 1
                if depth == 0 { close = i; break }
            }
            i = p.index(after: i)
        }
        guard let close else { return [p] }
        let inner = p[p.index(after: open)..<close]
        var options: [String] = []
        var current = ""
        depth = 0
        for c in inner {
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1 }
            if c == "," && depth == 0 {
                options.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        options.append(current)
        let prefix = String(p[..<open]), suffix = String(p[p.index(after: close)...])
        return options.flatMap { expandBraces(prefix + $0 + suffix) }
    }

    private static func match(_ p: ArraySlice<Character>, _ s: ArraySlice<Character>) -> Bool {
        var p = p, s = s
        while let c = p.first {
            switch c {
            case "*":
                if p.dropFirst().first == "*" {
                    // `**`: any number of segments, including none. `**/` may also match nothing.
                    var rest = p.dropFirst(2)
                    if rest.first == "/" {
                        rest = rest.dropFirst()
                        if match(rest, s) { return true }
                        var t = s
                        while let slash = t.firstIndex(of: "/") {
                            t = t[(slash + 1)...]
                            if match(rest, t) { return true }
                        }
                        return false
                    }
                    var t = s
                    while true {
                        if match(rest, t) { return true }
                        guard !t.isEmpty else { return false }
                        t = t.dropFirst()
                    }
                }
                let rest = p.dropFirst()
                var t = s
                while true {
                    if match(rest, t) { return true }
                    guard let first = t.first, first != "/" else { return false }
                    t = t.dropFirst()
                }
            case "?":
                guard let first = s.first, first != "/" else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            case "[":
                guard let first = s.first, first != "/",
                    let close = p.dropFirst(2).firstIndex(of: "]")
                else {
                    guard s.first == "[" else { return false }
                    p = p.dropFirst()
                    s = s.dropFirst()
                    continue
                }
                var set = p[(p.startIndex + 1)..<close]
                let negate = set.first == "!" || set.first == "^"
                if negate { set = set.dropFirst() }
                var hit = false
                var items = Array(set)[...]
                while let a = items.first {
                    if items.count >= 3, items.dropFirst().first == "-" {
                        let b = items[items.startIndex + 2]
                        if a <= first && first <= b { hit = true }
                        items = items.dropFirst(3)
                    } else {
                        if a == first { hit = true }
                        items = items.dropFirst()
                    }
                }
                guard hit != negate else { return false }
                p = p[(close + 1)...]
                s = s.dropFirst()
            default:
                guard s.first == c else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            }
        }
        return s.isEmpty
    }
}
