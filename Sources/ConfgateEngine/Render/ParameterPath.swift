/// The key path of a `--set` parameter: keys separated by `.`, list indexes in brackets
/// (`endpoints[0].path`). A backslash makes the next `.`, `[`, `]`, `=` or `\` part of the key
/// (`annotations.prometheus\.io/port`). See docs/render.md.
public struct ParameterPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of the path.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component]) {
        self.components = components
    }

    /// Reads a path. `reason` of the error says what is wrong; the caller names the argument.
    public static func parse(_ text: String) throws(RenderError) -> ParameterPath {
        func fail(_ reason: String) -> RenderError { .parameter(argument: text, reason: reason) }
        var components: [Component] = []
        var key = ""
        var keyStarted = false  // a key is being read (possibly empty so far)
        var expectKey = true  // at the start, or after a `.`
        var chars = Array(text)[...]
        func endKey() throws(RenderError) {
            guard keyStarted else { return }
            if key.isEmpty { throw fail("empty key in the path") }
            components.append(.key(key))
            key = ""
            keyStarted = false
        }
        while let c = chars.popFirst() {
            switch c {
            case "\\":
                guard let next = chars.popFirst(), ".[]=\\".contains(next) else {
                    throw fail("a backslash must be followed by one of . [ ] = \\")
                }
                if !expectKey && !keyStarted { throw fail("expected \".\" or \"[\" after \"]\"") }
                key.append(next)
                keyStarted = true
                expectKey = false
            case ".":
                if expectKey || (keyStarted && key.isEmpty) { throw fail("empty key in the path") }
                try endKey()
                expectKey = true
            case "[":
                if components.isEmpty && !keyStarted { throw fail("the path must start with a key") }
                if expectKey && !keyStarted { throw fail("empty key in the path") }
                try endKey()
                var digits = ""
                while let d = chars.first, d != "]" {
                    digits.append(d)
                    chars.removeFirst()
                }
                guard chars.popFirst() == "]" else { throw fail("unclosed \"[\"") }
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(digits) else {
                    throw fail("a list index is a number in brackets, as in [0], found [\(digits)]")
                }
                components.append(.index(index))
                expectKey = false
            case "]":
                throw fail("\"]\" without \"[\"; write \\] for a bracket in a key")
            default:
                if !expectKey && !keyStarted { throw fail("expected \".\" or \"[\" after \"]\"") }
                key.append(c)
                keyStarted = true
                expectKey = false
            }
        }
        if expectKey { throw fail(components.isEmpty ? "empty key" : "empty key in the path") }
        try endKey()
        return ParameterPath(components)
    }

    /// The path as `--set` takes it.
    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if !out.isEmpty { out += "." }
                for c in key {
                    if ".[]=\\".contains(c) { out.append("\\") }
                    out.append(c)
                }
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }

    /// The path of JSON Pointer tokens (an all-digit token below a list is an index).
    public static func of(tokens: [String], in root: RenderedNode?) -> ParameterPath {
        var components: [Component] = []
        var node = root
        for token in tokens {
            if case .sequence(let items)? = node?.content, let i = Int(token) {
                components.append(.index(i))
                node = items.indices.contains(i) ? items[i] : nil
            } else {
                components.append(.key(token))
                node = node?[token]
            }
        }
        return ParameterPath(components)
    }
}
