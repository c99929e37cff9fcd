import OTData
import OTSolvers

extension PresetCatalog {
    /// The catalog with presets checked as they are read against the solver registry's parameter
    /// descriptors (the ones the CLI flags use): an unknown solver, an unknown parameter or a value
    /// out of range is refused at parse time, naming the preset field.
    static func checked() -> PresetCatalog {
        PresetCatalog(solverParameters: { SolverRegistry.descriptor(named: $0)?.parameters })
    }
}
