import ConfgateDocument

/// What `resolve` and `diff` print of a resolved environment: plain values with secrets masked,
/// and where each value was set.
extension ResolvedEnvironment {
    /// The masked text (`hunt…«redacted»`) of every scalar of this environment's layers that the
    /// secret scanner flags, by origin. Masking goes by node, not by text: a flagged value is
    /// masked wherever it lands, and the same text elsewhere (where it is no secret) is left alone.
    public func secretMasks(_ scanner: SecretScanner) -> [Origin: String] {
        var masks: [Origin: String] = [:]
        for (index, layer) in layers.enumerated() {
            for hit in scanner.scan(layer.stream, production: false) where !hit.value.isEmpty {
                masks[Origin(layer: index, node: hit.node)] = Redaction.masked(hit.value)
            }
        }
        return masks
    }

    /// A resolved subtree as a plain value; a scalar whose origin is in `masks` becomes its mask.
    public func document(_ value: ResolvedValue, masks: [Origin: String] = [:]) -> DocumentValue {
        switch value {
        case .scalar(let origin):
            if let mask = masks[origin] { return .string(mask) }
            return DocumentValue.scalar(layer(origin).stream, origin.node) ?? .null
        case .mapping(let entries, _):
            return .object(entries.map { DocumentValue.Member($0.key, document($0.value, masks: masks)) })
        case .sequence(let items, _):
            return .array(items.map { document($0, masks: masks) })
        case .layerNode:
            return document(value.step(layers), masks: masks)
        }
    }

    /// The file (as the user names it) and position of the node an origin names.
    public func location(_ origin: Origin) -> (file: String, start: SourceLocation) {
        let layer = layer(origin)
        return (layer.file, layer.stream.start(origin.node))
    }

    /// `file:line` of every scalar and empty collection of the resolved tree, by JSON Pointer:
    /// the comments of `resolve --explain`.
    public func explanations() -> [String: String] {
        guard let value else { return [:] }
        var notes: [String: String] = [:]
        for (pointer, origin) in LayerMerge.origins(value) {
            notes[pointer] = location(origin).file + ":" + String(location(origin).start.line)
        }
        return notes
    }
}
