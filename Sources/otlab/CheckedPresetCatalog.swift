import OTData
import OTSession
import OTSolvers

extension PresetCatalog {
    /// The catalog with presets checked as they are read against the solver registry's parameter
    /// descriptors (the ones the CLI flags use): an unknown solver, an unknown parameter or a value
    /// out of range is refused at parse time, naming the preset field; so is an unknown lesson
    /// statistic or setting.
    static func checked() -> PresetCatalog {
        PresetCatalog(solverParameters: { SolverRegistry.descriptor(named: $0)?.parameters },
                      statisticParameters: { LessonStatistics.descriptor(named: $0)?.parameters })
    }
}
