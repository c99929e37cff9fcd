import Foundation
import FuzzDriver
import OTData

/// Small limits, so that the size policy is exercised on small inputs: an archive or member that
/// claims more is refused, not inflated (a member of 64 Ki elements, 1 MiB inflated in all).
let limits = InputLimits(maximumElements: 1 << 16, maximumPixels: 1 << 16, maximumFileBytes: 1 << 20, maximumInflatedBytes: 1 << 20)

/// libFuzzer entry point for `NPZReader`: the input is a `.npz` (ZIP) archive, stored or deflated.
/// Each input goes through the archive's member logic twice: every member decoded
/// (`NPZReader.decode`), and the problem a POT-style archive describes (`NPZProblem`), which
/// decodes only the members it uses, with the inflated total and element limits on.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let arrays = try? NPZReader.decode(data, source: "fuzz.npz", limits: limits) {
        for array in arrays.values {
            _ = try? array.asMatrix(source: "fuzz.npz")
        }
        _ = try? NPZProblem.problem(from: arrays, source: "fuzz.npz")
    }
    if var archive = try? NPZReader.Archive(data, source: "fuzz.npz", limits: limits) {
        _ = try? NPZProblem.problem(from: &archive)
        precondition(archive.inflatedBytes <= limits.maximumInflatedBytes, "inflated past the limit")
    }
    return 0
}

runFuzzer { fuzz($0, $1) }
