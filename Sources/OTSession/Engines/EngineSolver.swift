import OTCore
import OTSolvers

/// A solver of another engine, POT or OTT-JAX, run through the Python probe (`python/`) and read
/// back as a record stream: what the workbench's solver picker offers beside otlab's own solvers
/// (`EngineRunner` runs it), as `otlab solve --engine pot|ott` does headless.
///
/// Its descriptor is named `ENGINE:SOLVER` (`pot:sinkhorn-log`) and carries the otlab parameters
/// the probe passes on (`reg`, `reg-m`, `tol`, `max-iter`, with otlab's defaults and ranges); it
/// cannot make a local solver.
public struct EngineSolver: Sendable {
    /// `pot` or `ott`.
    public var engine: String
    /// otlab's name of the method; the probe maps it to the engine's (`sinkhorn-log` → POT's
    /// `ot.sinkhorn(method="sinkhorn_log")`).
    public var solver: String
    public var descriptor: SolverDescriptor

    /// The parameters the probe takes.
    static let passedParameters: Set<String> = ["reg", "reg-m", "tol", "max-iter"]

    init(engine: String, base: SolverDescriptor, function: String) {
        self.engine = engine
        self.solver = base.name
        let engineTitle = Self.title(of: engine)
        let name = "\(engine):\(base.name)"
        self.descriptor = SolverDescriptor(
            name: name, title: "\(engineTitle) \(function) (Python probe)",
            summary: "\(engineTitle)'s \(function), run by python3 -m otlab_probe as a subprocess and read back as a record stream; " +
                "one record per chunk of iterations. The solve is \(engineTitle)'s: the numbers are its own.",
            parameters: base.parameters.filter { Self.passedParameters.contains($0.name) },
            requiresEqualMass: base.requiresEqualMass, acceptsImplicitCost: false,
            make: { _, _ in throw InputError("--engine", nil, "\(name) runs in \(engineTitle) through the Python probe, not here") })
    }

    /// Every engine solver, POT's first.
    public static let all: [EngineSolver] = [
        EngineSolver(engine: "pot", base: Sinkhorn.descriptor, function: "ot.sinkhorn"),
        EngineSolver(engine: "pot", base: SinkhornLog.descriptor, function: "ot.sinkhorn (log domain)"),
        EngineSolver(engine: "pot", base: UnbalancedSinkhorn.descriptor, function: "ot.unbalanced.sinkhorn_unbalanced"),
        EngineSolver(engine: "pot", base: NetworkSimplex.descriptor, function: "ot.emd"),
        EngineSolver(engine: "ott", base: SinkhornLog.descriptor, function: "Sinkhorn (log domain)"),
    ]

    /// The engines, in picker order.
    public static let engines = ["pot", "ott"]

    /// The engine solver with this descriptor name (`pot:sinkhorn-log`), if any.
    public static func named(_ name: String) -> EngineSolver? {
        all.first { $0.descriptor.name == name }
    }

    /// `POT` or `OTT-JAX`.
    public static func title(of engine: String) -> String {
        switch engine {
        case "pot": "POT"
        case "ott": "OTT-JAX"
        default: engine
        }
    }

    /// The Python module that must import for the engine (`ot`, `ott`).
    public static func module(of engine: String) -> String {
        engine == "pot" ? "ot" : engine
    }
}
