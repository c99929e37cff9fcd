import Foundation
import OTCore
import TestReference

/// One problem of the POT reference data (`Reference/data/*.json`, written by
/// `Reference/make_reference.py`), with the values POT computed for it.
///
/// Use it in solver tests to compare number for number:
///
/// ```swift
/// @Test(arguments: ReferenceProblem.names)
/// func matchesPOT(name: String) throws {
///     let reference = try ReferenceProblem.load(name)
///     let problem = reference.transportProblem()
///     for value in reference.sinkhorn { ... value.reg, value.cost, value.objective ... }
/// }
/// ```
///
/// The cost matrix `M` is the exact matrix POT used (tests should use it as given rather than
/// recompute it from the points: `ot.dist` rounds differently). Sinkhorn values were computed by
/// POT with `numItermax=200000, stopThr=1e-13`; `objective` is `<P,M> + reg * sum P log(P/(a b^T))`
/// with `0 log 0 = 0`. For the problem with zero weights, Sinkhorn values come from the problem
/// with the zero-weight points removed (the entropic optimum gives them no mass anyway).
struct ReferenceProblem: Decodable, Sendable {
    /// POT's entropic values at one regularization (absolute `reg`, POT's convention).
    struct EntropicValue: Decodable, Sendable {
        /// Absolute regularization: the kernel is `exp(-M / reg)`.
        let reg: Double
        /// `ot.sinkhorn2(a, b, M, reg, method=...)`: the transport cost `<P, M>` of the entropic plan.
        let cost: Double
        /// `<P, M> + reg * sum P log(P / (a b^T))` for the same plan.
        let objective: Double
    }

    /// File name without `.json`, e.g. `gaussian2d_sqeuclidean`.
    let name: String
    /// One line saying what the problem is.
    let description: String
    /// Source and target weights (each sums to one).
    let a: [Double]
    let b: [Double]
    /// Cost matrix, one inner array per source point.
    let M: [[Double]]
    /// Source and target points (one inner array per point), or nil for weight vectors alone.
    let xs: [[Double]]?
    let xt: [[Double]]?
    /// Ground cost that produced `M` from the points (`sqeuclidean`, `euclidean`, `cityblock`), or nil.
    let metric: String?
    /// `ot.emd2(a, b, M)`.
    let emd2: Double
    /// Number of positive entries of `ot.emd(a, b, M)` (on degenerate problems this includes
    /// round-off flows of order 1e-18).
    let emdPlanNonzeros: Int
    /// Dual potentials of `ot.emd(a, b, M, log=True)`: cost = a.u + b.v, centred so a.u = b.v.
    /// Present only when the optimal plan is non-degenerate, which makes them unique on points of
    /// positive weight (POT's values at zero-weight points are arbitrary feasible ones); nil when
    /// the plan is degenerate and many potentials are optimal.
    let emdPotentialU: [Double]?
    let emdPotentialV: [Double]?
    /// `ot.emd2_1d(xs, xt, a, b, metric='sqeuclidean')` for 1-D point clouds, else nil.
    let emd2OneDimensional: Double?
    /// POT's `method='sinkhorn'` values, one per regularization (largest `reg` first).
    let sinkhorn: [EntropicValue]
    /// POT's `method='sinkhorn_log'` values at the same regularizations.
    let sinkhornLog: [EntropicValue]

    private enum CodingKeys: String, CodingKey {
        case name, description, a, b, M, xs, xt, metric, emd2, sinkhorn
        case emdPlanNonzeros = "emd_plan_nnz"
        case emdPotentialU = "emd_u"
        case emdPotentialV = "emd_v"
        case emd2OneDimensional = "emd2_1d"
        case sinkhornLog = "sinkhorn_log"
    }

    var sourceCount: Int { a.count }
    var targetCount: Int { b.count }

    /// `M` as a dense matrix.
    var costMatrix: DenseMatrix { DenseMatrix(M) }

    /// The ground cost named by `metric`, if any.
    var groundCost: GroundCost? { metric.flatMap(GroundCost.init(rawValue:)) }

    /// The problem as otlab sees it: weights, points attached when present, and `M` as the cost.
    func transportProblem() -> TransportProblem {
        let sourcePoints = xs.map { DenseMatrix($0) }
        let targetPoints = xt.map { DenseMatrix($0) }
        return TransportProblem(
            source: Measure(weights: a, points: sourcePoints),
            target: Measure(weights: b, points: targetPoints),
            cost: costMatrix,
            groundCost: groundCost)
    }

    /// The folder holding the JSON files inside the test bundle.
    static var dataDirectory: URL {
        guard let url = Bundle.module.url(forResource: "data", withExtension: nil) else {
            preconditionFailure("the reference data folder is missing from the test bundle")
        }
        return url
    }

    /// Names of every reference problem, sorted (usable as `@Test(arguments:)`).
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// Loads one problem by name.
    static func load(_ name: String) throws -> ReferenceProblem {
        try ReferenceFiles.decode(ReferenceProblem.self, from: dataDirectory.appendingPathComponent(name + ".json"))
    }

    /// Loads every problem.
    static func all() throws -> [ReferenceProblem] { try names.map(load) }
}

/// `|value - reference| / |reference|`, or the absolute difference when the reference is zero.
func relativeError(_ value: Double, _ reference: Double) -> Double {
    let difference = abs(value - reference)
    return reference == 0 ? difference : difference / abs(reference)
}
