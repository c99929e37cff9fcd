import OTCore
import OTSolvers

/// The Monge gap of a map given by paired points (Uscidda & Cuturi, "The Monge Gap: A Regularizer to
/// Learn All Transport Maps", ICML 2023):
///
///     M(T) = ∫ c(x, T(x)) dμ(x) − W_c(μ, T#μ)
///
/// the cost of moving μ along `T` minus the optimal cost between μ and where `T` sends it. Every map
/// pays at least the optimal cost, so the exact gap is >= 0, and it is 0 exactly when `T` is an
/// optimal (Monge) map for its own pushforward: for the squared Euclidean cost, the gradient of a
/// convex function (Brenier). A rotation or a map that folds the cloud onto itself pays more than
/// it must, and the gap says how much.
///
/// `W_c` is exact by default (the network simplex, POT's `ot.emd2`); with `.entropic(reg:)` it is
/// the paper's entropic cost `min <P, C> + reg KL(P | μ ⊗ T#μ)` (log-domain Sinkhorn's objective,
/// OTT-JAX's `reg_ot_cost`), which can exceed the transport cost by up to `reg log n`, so the
/// entropic gap can be slightly negative. Nothing here prints.
public struct MongeGap: Sendable {
    /// How `W_c(μ, T#μ)` is computed.
    public enum Method: Sendable, Equatable {
        /// The exact optimal cost (network simplex).
        case exact
        /// The entropic optimal cost at absolute regularization `reg` (kernel `exp(-C/reg)`).
        case entropic(reg: Double)

        /// `exact` or `entropic`, as the JSON report names it.
        public var name: String {
            switch self {
            case .exact: "exact"
            case .entropic: "entropic"
            }
        }

        /// The regularization, nil for the exact method.
        public var regularization: Double? {
            if case .entropic(let reg) = self { return reg }
            return nil
        }
    }

    public var map: PairedMap
    public var groundCost: GroundCost
    public var method: Method
    /// Marginal-error tolerance of the entropic solve.
    public var tolerance: Double
    /// Iteration limit of the solve (Sinkhorn iterations, or simplex steps for the exact method).
    public var maxIterations: Int

    public init(map: PairedMap, groundCost: GroundCost = .sqeuclidean, method: Method = .exact,
                tolerance: Double = 1e-9, maxIterations: Int = 100_000) {
        self.map = map
        self.groundCost = groundCost
        self.method = method
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// The problem whose optimal cost is `W_c(μ, T#μ)`: μ against the source weights on the image points.
    public var problem: TransportProblem {
        TransportProblem(source: map.source, target: map.pushforward, groundCost: groundCost)
    }

    /// The solver and parameters of the method: `emd`, or `sinkhorn-log` at `reg`.
    public func solver() throws(InputError) -> (SolverDescriptor, ParameterValues) {
        switch method {
        case .exact:
            let descriptor = NetworkSimplex.descriptor
            var values = descriptor.defaults
            try values.set("max-iter", .integer(maxIterations), source: "--max-iter")
            return (descriptor, values)
        case .entropic(let reg):
            let descriptor = SinkhornLog.descriptor
            var values = descriptor.defaults
            try values.set("reg", .real(reg), source: "--reg")
            try values.set("tol", .real(tolerance), source: "--tol")
            try values.set("max-iter", .integer(maxIterations), source: "--max-iter")
            return (descriptor, values)
        }
    }

    /// Solves for `W_c(μ, T#μ)` and returns the gap. Throws `InputError` for parameters out of range
    /// or a problem the solver refuses; a numerical failure comes back as the result's status.
    public func evaluate(shouldCancel: () -> Bool = { false }) throws -> MongeGapResult {
        let (descriptor, parameters) = try solver()
        let problem = problem
        guard problem.pointCloudCost == nil else {
            throw InputError("problem", nil, "\(map.count) paired points make a cost matrix of more than \(TransportProblem.denseCostLimit) entries; the Monge gap needs W_c(μ, T#μ) on the full matrix")
        }
        let instance = try descriptor.makeSolver(problem: problem, parameters: parameters)
        var status = SolverStatus.running
        while status == .running {
            if shouldCancel() { status = .cancelled; break }
            status = instance.step()
            if status == .running && instance.iteration >= maxIterations { status = .maxIterations }
        }
        let evaluation = instance.evaluate()
        let transportCost = map.transportCost(groundCost)
        // Exact: the optimal cost <P, C>. Entropic: the regularized objective, W_{c,reg} of the paper.
        let wasserstein = method == .exact ? evaluation.cost : evaluation.objective
        return MongeGapResult(
            method: method, groundCost: groundCost, count: map.count, dimension: map.dimension,
            transportCost: transportCost, wasserstein: wasserstein, planCost: evaluation.cost,
            status: status, iterations: instance.iteration, marginalError: instance.marginalError)
    }
}
