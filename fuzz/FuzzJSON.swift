// libFuzzer target: the JSON reader in both modes and the query API on its result.
// The first byte selects the mode (even: .json, odd: .jsonc) and is not part of the document;
// fuzz/run.sh seeds every JSON test file twice, once with each prefix. Build and run with fuzz/run.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 1 else { return 0 }
    let format: SourceFormat = data[0] & 1 == 0 ? .json : .jsonc
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    fuzzOne(input, format: format)
    return 0
}
