import Foundation
import OTCore
import TestReference

/// One reference case written by `Reference/make_reference_sparse.py` (POT values) into
/// `Reference/data/sparse/` (its own folder: the exact-OT tests decode every top-level
/// `data/*.json` with their own layout); fields absent from a file decode as nil.
struct SparseReferenceCase: Decodable {
    var a: [Double]
    var b: [Double]
    var M: [[Double]]
    var reg: Double?
    var k: Int?
    var mass: Double?
    var cost: Double?
    var costDual: Double?
    var costSemiDual: Double?
    var objectiveDual: Double?
    var objectiveSemiDual: Double?
    var marginalErrorDual: Double?
    var nnzDual: Int?
    var objective: Double?
    var maxColumnNnz: Int?
    var rowError: Double?
    var planMass: Double?
    var plan: [[Double]]?
    var planDual: [[Double]]?
    var emdCost: Double?
    var semiDual: Double?

    enum CodingKeys: String, CodingKey {
        case a, b, M, reg, k, mass, cost, objective, plan
        case costDual = "cost_dual", costSemiDual = "cost_semi_dual", objectiveDual = "objective_dual"
        case objectiveSemiDual = "objective_semi_dual", marginalErrorDual = "marginal_error_dual", nnzDual = "nnz_dual"
        case maxColumnNnz = "max_column_nnz", rowError = "row_error", planMass = "plan_mass", planDual = "plan_dual"
        case emdCost = "emd_cost", semiDual = "semi_dual"
    }

    /// Loads `data/sparse/<name>.json` from the test bundle.
    static func load(_ name: String) throws -> SparseReferenceCase {
        guard let folder = Bundle.module.url(forResource: "data", withExtension: nil) else {
            throw InputError("test bundle", nil, "no data folder; run Reference/make_reference_sparse.py")
        }
        return try ReferenceFiles.decode(SparseReferenceCase.self, from: folder.appendingPathComponent("sparse").appendingPathComponent(name + ".json"))
    }

    /// The problem with POT's `a`, `b`, `M`.
    var problem: TransportProblem {
        TransportProblem(source: Measure(weights: a), target: Measure(weights: b), cost: DenseMatrix(M))
    }
}
