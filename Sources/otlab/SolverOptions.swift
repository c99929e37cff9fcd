import ArgumentParser
import OTCore
import OTData
import OTSolvers

/// The solver flags of the headless contract. Each flag is applied through the solver's parameter
/// descriptor, so ranges and messages come from one place; a flag the solver does not take is an
/// error that names the parameters it does take.
struct SolverOptions: ParsableArguments {
    /// Parameters with a flag of their own; every other parameter is set with `--param NAME=VALUE`.
    static let dedicatedFlags: Set<String> = ["reg", "reg-m", "mass", "k", "tol", "max-iter", "projections", "seed", "p", "alpha", "restarts"]

    @Option(name: .long, help: "Solver name (see `otlab solvers`); default sinkhorn-log, or the preset's.")
    var solver: String?

    @Option(name: .long, parsing: .unconditional, help: "Entropic regularization, absolute as in POT (accepts fractions like 1/1200).")
    var reg: String?

    @Option(name: .customLong("reg-m"), parsing: .unconditional, help: "Marginal relaxation of the unbalanced solver.")
    var regM: String?

    @Option(name: .long, parsing: .unconditional, help: "Mass to transport (partial solvers).")
    var mass: String?

    @Option(name: .long, parsing: .unconditional, help: "Nonzeros per column (top-k solver).")
    var k: String?

    @Option(name: .long, parsing: .unconditional, help: "Tolerance on the marginal error.")
    var tol: String?

    @Option(name: .customLong("max-iter"), parsing: .unconditional, help: "Iteration limit.")
    var maxIter: String?

    @Option(name: .long, help: "Number of random directions (sliced, max-sliced).")
    var projections: String?

    @Option(name: .customLong("projections-file"), help: "Directions of the sliced solvers from a d x N .npy matrix (POT's projections, one column per direction).")
    var projectionsFile: String?

    @Option(name: .long, help: "Seed of the random directions (sliced, max-sliced; NumPy's legacy RandomState, as POT) and of the random starts of the Gromov-Wasserstein solvers (--restarts).")
    var seed: String?

    @Option(name: .customLong("p"), parsing: .unconditional, help: "Power p of the ground cost |x - y|^p (sliced, max-sliced).")
    var power: String?

    @Option(name: .long, parsing: .unconditional, help: "Fused GW trade-off: alpha x GW loss + (1 - alpha) x <M, T> (fgw, entropic-fgw).")
    var alpha: String?

    @Option(name: .long, help: "Gromov-Wasserstein solvers: number of starts (the best is kept).")
    var restarts: String?

    @Option(name: .customLong("param"), help: "Any other solver parameter as NAME=VALUE (repeatable), e.g. --param epsilon-scaling=true.")
    var extraParameters: [String] = []

    /// The descriptor and the parameter values, validated. A preset supplies the base solver and
    /// values (`base`, named by `baseSource` in errors); flags override them. With
    /// `skippingFlagsNotTaken` a flag the solver has no parameter for is left out instead of refused
    /// (`otlab compare` gives one `--reg` to solvers with and without one).
    func resolve(baseSolver: String = "sinkhorn-log", base: [(String, String)] = [], baseSource: String? = nil,
                 skippingFlagsNotTaken: Bool = false) throws -> (SolverDescriptor, ParameterValues) {
        let name = solver ?? baseSolver
        guard var descriptor = SolverRegistry.descriptor(named: name) else {
            throw InputError(solver == nil ? (baseSource ?? "--solver") : "--solver", solver == nil && baseSource != nil ? "field solver" : nil,
                             "unknown solver \"\(name)\"; known solvers: \(SolverRegistry.names.joined(separator: ", "))")
        }
        var values = descriptor.defaults
        // Preset values apply only when the preset's solver is used; a --solver override starts clean
        // but keeps the values both solvers share (reg, tol, max-iter).
        for (key, text) in base {
            if values.has(key) {
                try values.set(key, text: text, source: baseSource.map { "\($0): field parameters.\(key)" })
            } else if solver == nil {
                try values.set(key, text: text, source: baseSource.map { "\($0): field parameters.\(key)" })
            }
        }
        let flags: [(String, String?)] = [("reg", reg), ("reg-m", regM), ("mass", mass), ("k", k), ("tol", tol), ("max-iter", maxIter),
                                        ("projections", projections), ("seed", seed), ("p", power), ("alpha", alpha), ("restarts", restarts)]
        for case let (name, text?) in flags {
            if skippingFlagsNotTaken && !values.has(name) { continue }
            guard values.has(name) else {
                let takes = descriptor.parameters.map { "--\($0.name)" }.joined(separator: ", ")
                throw InputError("--\(name)", nil, "\(descriptor.name) takes no --\(name); it takes \(takes)")
            }
            try values.set(name, text: text)
        }
        for item in extraParameters {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw InputError("--param", nil, "\"\(item)\" is not NAME=VALUE")
            }
            try values.set(parts[0], text: parts[1], source: "--param \(parts[0])")
        }
        if let projectionsFile {
            guard let variant: SlicedWasserstein.Variant = descriptor.name == "sliced" ? .mean : (descriptor.name == "max-sliced" ? .max : nil) else {
                throw InputError("--projections-file", nil, "only the sliced and max-sliced solvers take directions; \(descriptor.name) does not")
            }
            let array = try NPYReader.read(at: projectionsFile)
            try array.requireFinite(source: projectionsFile)
            descriptor = SlicedWasserstein.makeDescriptor(variant: variant, projections: try array.asMatrix(source: projectionsFile))
        }
        return (descriptor, values)
    }
}
