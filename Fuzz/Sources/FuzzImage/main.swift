import Foundation
import FuzzDriver
import OTData

/// libFuzzer entry point for the picture readers: every input goes through the Netpbm reader (grey
/// and colour), the PNG reader (libpng) and the JPEG reader (libjpeg). Each checks its own magic
/// bytes first, so the fuzzer reaches the decoder proper by finding the right signature, which the
/// seed corpus already holds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? NetpbmReader.decode(data, source: "fuzz.pgm")
    _ = try? NetpbmReader.decodeColor(data, source: "fuzz.ppm")
    _ = try? PNGReader.decode(data, source: "fuzz.png")
    _ = try? JPEGReader.decode(data, source: "fuzz.jpg")
    return 0
}

runFuzzer { fuzz($0, $1) }
