import Foundation
import FuzzDriver
import OTData

/// libFuzzer entry point for `CSVReader`: the input is read as comma- and tab-separated text.
/// A thrown `InputError` is the expected answer to bad text; a trap or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    for pathExtension in ["csv", "tsv"] {
        _ = try? CSVReader.parseMeasure(text, source: "fuzz.\(pathExtension)", pathExtension: pathExtension)
    }
    return 0
}

runFuzzer { fuzz($0, $1) }
