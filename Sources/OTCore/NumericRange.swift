/// The masses and costs otlab solves reliably in double precision, and the checks that name the
/// cause when a problem falls outside them.
///
/// Outside this range the solvers do not fail loudly, they lie: weights summing to 1e-300 meet an
/// absolute `tol` of 1e-9 at the first iteration (the error is the whole mass) and "converge" to a
/// wrong cost; costs of 1e308 give an exact plan whose `<P, C>` is infinite, reported as converged;
/// coordinates near 6e153 give squared distances near 1.4e308, and `C / reg`, `C^2` or a sum over
/// the plan overflow inside quadratic and top-k, which then end max_iter with cost 0 and mass 0.
/// A problem is refused (bad input, exit status 2) with the cause and the cure instead.
public enum NumericRange {
    /// Total masses below this are refused: scaled to mass 1 (`--normalize`) the same problem solves.
    public static let minimumMass = 1e-100
    /// Costs of larger magnitude are refused: `C / reg` (reg >= 1e-6), the plan's cost summed over
    /// many entries, and the squares some solvers form must all stay finite.
    public static let maximumCost = 1e150

    /// Nil when `mass` is within range, else why not (for "<label>: ...").
    public static func massProblem(_ mass: Double) -> String? {
        guard mass < minimumMass, mass > 0 else { return nil }
        return "the weights sum to \(ParameterValue.formatShort(mass)), below the floor of \(ParameterValue.formatShort(minimumMass)) that otlab solves reliably (a tolerance met by the whole mass would end the solve at once with a wrong cost); scale the weights up or use --normalize: the plan and the cost scale with the mass"
    }

    /// The index of the first entry of magnitude above `maximumCost` (or not a number), if any.
    public static func firstCostOutOfRange(_ values: [Double]) -> Int? {
        values.firstIndex { !(abs($0) <= maximumCost) }
    }

    /// Why an entry `value` is refused: overflow ("inf") or beyond the range.
    public static func costProblem(_ value: Double, what: String, cure: String) -> String {
        let size = value.isFinite ? "is \(ParameterValue.formatShort(value)) (beyond ±\(ParameterValue.formatShort(maximumCost)), where C/reg, C² and <P, C> overflow doubles)"
            : "overflows doubles (\(value))"
        return "\(what) \(size): \(cure)"
    }

    /// Where a ground cost between two point clouds leaves the range: the first pair (i, j) whose
    /// cost is out of range, or nil. Checks the bounding boxes first, so clouds of ordinary size cost
    /// O((n + m) d); only when the boxes are far apart are the pairs scanned (up to 10^8 pairs; beyond,
    /// i and j are -1 and the value is the bound from the boxes).
    public static func firstPairOutOfRange(_ xs: DenseMatrix, _ ys: DenseMatrix, cost: GroundCost) -> (i: Int, j: Int, value: Double)? {
        let d = xs.columns
        guard d == ys.columns, xs.rows > 0, ys.rows > 0 else { return nil }
        var bound = 0.0
        for k in 0..<d {
            var low = Double.infinity, high = -Double.infinity
            for i in 0..<xs.rows { low = min(low, xs[i, k]); high = max(high, xs[i, k]) }
            for j in 0..<ys.rows { low = min(low, ys[j, k]); high = max(high, ys[j, k]) }
            let span = high - low
            bound += cost == .cityblock ? span : span * span
        }
        if cost == .euclidean { bound = bound.squareRoot() }
        guard !(bound <= maximumCost) else { return nil }
        guard xs.rows * ys.rows <= 100_000_000 else { return (-1, -1, bound) }
        var found: (Int, Int, Double)?
        xs.storage.withUnsafeBufferPointer { x in
            ys.storage.withUnsafeBufferPointer { y in
                outer: for i in 0..<xs.rows {
                    let xi = UnsafeBufferPointer(rebasing: x[(i * d)..<((i + 1) * d)])
                    for j in 0..<ys.rows {
                        let value = cost.evaluate(xi, UnsafeBufferPointer(rebasing: y[(j * d)..<((j + 1) * d)]))
                        if !(abs(value) <= maximumCost) { found = (i, j, value); break outer }
                    }
                }
            }
        }
        return found
    }
}
