import Foundation
import FuzzDriver
import OTData

/// libFuzzer entry point for `NPZReader`: the input is a `.npz` (ZIP) archive, stored or deflated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let arrays = try? NPZReader.decode(data, source: "fuzz.npz") {
        for array in arrays.values {
            _ = try? array.asMatrix(source: "fuzz.npz")
        }
    }
    return 0
}

runFuzzer { fuzz($0, $1) }
