import Foundation
import FuzzDriver
import OTData

/// libFuzzer entry point for `NPYReader`: the input is a `.npy` file. When it decodes, the array
/// is also read back as a vector and as a matrix, as the loaders do.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let array = try? NPYReader.decode(data, source: "fuzz.npy") {
        _ = try? array.asVector(source: "fuzz.npy")
        _ = try? array.asMatrix(source: "fuzz.npy")
    }
    return 0
}

runFuzzer { fuzz($0, $1) }
