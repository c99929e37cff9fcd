import Foundation
import OTCore
import OTData

/// The POT 0.9.7 data of `Reference/make_reference_barycenters.py` (folder `data/barycenters`):
/// inputs and outputs as .npy files, scalar values in `values.json`.
enum BarycenterReference {
    static var folder: URL { ReferenceProblem.dataDirectory.appendingPathComponent("barycenters") }

    /// A 1-D or 2-D array written by the script.
    static func array(_ name: String) throws -> NPYArray {
        try NPYReader.read(at: folder.appendingPathComponent(name + ".npy").path)
    }

    static func vector(_ name: String) throws -> [Double] { try array(name).values }

    static func matrix(_ name: String) throws -> DenseMatrix { try array(name).asMatrix(source: name) }

    /// `values.json` as nested dictionaries.
    static func values() throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("values.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// One section of `values.json`, e.g. `sliced`.
    static func section(_ name: String) throws -> [String: Any] {
        try values()[name] as? [String: Any] ?? [:]
    }

    /// The two weighted 3-D clouds of the sliced and Gaussian references as a problem.
    static func cloudProblem() throws -> TransportProblem {
        let source = Measure(weights: try vector("clouds_a"), points: try matrix("clouds_xs"))
        let target = Measure(weights: try vector("clouds_b"), points: try matrix("clouds_xt"))
        return TransportProblem(source: source, target: target, groundCost: .sqeuclidean)
    }

    /// Largest absolute entry-wise difference.
    static func maxDifference(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "sizes differ: \(x.count) vs \(y.count)")
        return zip(x, y).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
