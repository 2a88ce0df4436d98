import ConfgateDocument

/// One `--set key=value` argument: a path and a value read as YAML (docs/render.md).
public struct SetParameter: Sendable, Hashable {
    /// The argument as written, `server.port=8443`: what findings about the value name.
    public let argument: String
    public let path: ParameterPath
    /// The value, every part of it with the origin `.parameter(argument)`.
    public let value: RenderedNode

    /// Reads `key=value`. The key is split at the first `=` not escaped with a backslash; the
    /// value is read as one YAML value with confgate's typing (`8443` an integer, `"8443"` a
    /// string, `[a, b]` a list); text that does not read as one whole YAML scalar or flow
    /// collection (`a: b`, `x # y`, `[a`) is taken as the string written, and so is an empty value.
    public static func parse(_ argument: String) throws(RenderError) -> SetParameter {
        var keyText = ""
        var valueText: String?
        var escaped = false
        for (offset, c) in zip(argument.indices, argument) {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "=" {
                valueText = String(argument[argument.index(after: offset)...])
                break
            }
            keyText.append(c)
        }
        guard let valueText else { throw .parameter(argument: argument, reason: "expected key=value") }
        let path: ParameterPath
        do {
            path = try ParameterPath.parse(keyText)
        } catch {
            guard case .parameter(_, let reason) = error else { throw error }
            throw .parameter(argument: argument, reason: reason)
        }
        let origin = ValueOrigin.parameter(argument)
        return SetParameter(argument: argument, path: path, value: readValue(valueText, origin: origin))
    }

    /// The value of `text` (see `parse`).
    static func readValue(_ text: String, origin: ValueOrigin) -> RenderedNode {
        let plain = RenderedNode(.string(text), origin: origin)
        let trimmed = text.trimmed(of: " \t")
        guard !trimmed.isEmpty, !text.contains("\n"), !text.contains("\r") else { return plain }
        let result = DocumentReader().read(Array(text.utf8), format: .yaml)
        guard result.diagnostics.isEmpty, let stream = result.stream, stream.documents.count == 1 else { return plain }
        let root = stream.documents[0].root
        let node = stream.resolved(root)
        // One whole value: a block mapping or list, or a comment after the value, is not one.
        if stream.kind(node) != .scalar && stream.collectionStyle(node) != .flow { return plain }
        let range = stream.range(root)
        let leading = text.utf8.prefix { $0 == 0x20 || $0 == 0x09 }.count
        guard range.start.offset == leading, range.end.offset == leading + trimmed.utf8.count else { return plain }
        return RenderedNode(stream, root) { _ in origin }
    }
}

extension String {
    /// The text without leading and trailing characters of `set` (Foundation-free).
    func trimmed(of set: String) -> String {
        var slice = self[...]
        while let c = slice.first, set.contains(c) { slice.removeFirst() }
        while let c = slice.last, set.contains(c) { slice.removeLast() }
        return String(slice)
    }
}
