import OTCore

/// Writes a transport plan to the file named by `--plan-out`, choosing the format by extension.
///
/// - `.npy`: the dense `n x m` plan as `<f8` (a sparse plan is expanded), as POT's `ot.emd` returns it.
/// - `.csv`: a dense plan as an `n x m` matrix without header; a sparse plan as `row,column,value`
///   triplets (0-based) after that header, so large sparse plans stay small.
public enum PlanWriter {
    /// The extensions `write(_:to:)` understands.
    public static let supportedExtensions = ["npy", "csv"]

    public static func write(_ plan: TransportPlan, to path: String) throws(InputError) {
        switch FileInput.pathExtension(of: path) {
        case "npy":
            try NPYWriter.write(matrix: plan.denseMatrix(), to: path)
        case "csv":
            switch plan {
            case .dense(let matrix): try CSVWriter.writeMatrix(matrix, to: path)
            case .sparse(let sparse): try CSVWriter.writeTriplets(sparse, to: path)
            }
        case let other:
            let found = other.isEmpty ? "no extension" : "extension .\(other)"
            throw InputError(path, nil, "unsupported plan format (\(found)); expected .npy (dense matrix) or .csv (matrix, or row,column,value triplets for a sparse plan)")
        }
    }
}
