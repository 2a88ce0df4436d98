// libFuzzer target: the YAML reader (libyaml events -> TreeBuilder) and the query API on its result.
// Build and run with fuzz/run.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(input, format: .yaml)
    return 0
}
