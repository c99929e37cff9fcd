import Foundation
import OTCore
import Yams

/// A named, described problem + solver + parameters, read from `presets/NAME.yaml`.
///
/// ```yaml
/// name: regularization-blur
/// title: Regularization blurs the plan
/// description: >
///   Two to six sentences on what to watch for.
/// lesson: 1                      # optional: position in `otlab lessons`
/// problem:
///   source: {generator: gaussian1d, n: 120, means: [0.25], stds: [0.06], seed: 1}
///   target: {file: data/target.csv}
///   cost: sqeuclidean            # or cost-matrix: M.npy
/// solver: sinkhorn-log
/// parameters: {reg: 0.01, tol: 1e-9, max-iter: 20000}
/// speed: 60                      # optional: iterations per second in the workbench
/// cure:                          # optional: the fix a lesson about a failure suggests
///   solver: sns
///   parameters: {reg: 0.01, tol: 1e-9, max-iter: 200}
/// sweep: {setting: shift, values: [0, 2, 4], figures: [kl, sinkhorn]}   # optional: the lesson's sweep (w)
/// statistic: routing             # optional: the lesson's own figures (or {name: routing, reg: 1})
/// ```
///
/// A whole problem can also come from one generator: `problem: {generator: random-assignment, n: 500}`,
/// or be a colour transfer between two pictures (their sampled pixel colours in RGB space):
/// `problem: {color-transfer: {source: data/a.png, target: data/b.png, samples: 400, seed: 0}}`.
public struct Preset: Sendable, Equatable {
    public var name: String
    public var title: String
    public var description: String
    public var lesson: Int?
    public var problem: ProblemSpec
    public var solver: String
    /// Parameter values as written (validated against the solver's descriptors when the preset runs).
    public var parameters: [(String, String)]
    /// Iterations per second in the workbench; nil for unthrottled.
    public var speed: Double?
    /// The file the preset was read from, for messages and relative paths.
    public var path: String
    /// The cure a lesson about a failure suggests (`otlab run NAME --cure` runs it), or nil.
    public var cure: PresetCure? = nil
    /// The lesson's own statistic (the figure the paper cares about), computed by the Session
    /// layer's `LessonStatistics` from the problem and the current plan; nil for none.
    public var statistic: LessonStatisticSpec? = nil
    /// The lesson's own sweep (`sweep: {setting, values, figures, normalized}`), shown by `w` and
    /// `otlab sweep --preset NAME`; nil for none.
    public var sweep: LessonSweepSpec? = nil

    public static func == (lhs: Preset, rhs: Preset) -> Bool {
        lhs.name == rhs.name && lhs.path == rhs.path && lhs.solver == rhs.solver
            && lhs.parameters.map { "\($0.0)=\($0.1)" } == rhs.parameters.map { "\($0.0)=\($0.1)" }
    }

    /// The directory relative paths in the preset are resolved against.
    public var directory: String { (path as NSString).deletingLastPathComponent }
}

/// The solver and parameters a lesson names as the fix for the failure it shows, in machine-readable
/// form: the description says it in words, `otlab run NAME --cure` runs it, and a test checks that it
/// converges on the lesson's problem.
public struct PresetCure: Sendable, Equatable {
    public var solver: String
    /// Parameter values as written; they replace the preset's parameters (the solver's defaults fill the rest).
    public var parameters: [(String, String)]

    public init(solver: String, parameters: [(String, String)]) {
        self.solver = solver
        self.parameters = parameters
    }

    public static func == (lhs: PresetCure, rhs: PresetCure) -> Bool {
        lhs.solver == rhs.solver && lhs.parameters.map { "\($0.0)=\($0.1)" } == rhs.parameters.map { "\($0.0)=\($0.1)" }
    }
}

/// A lesson statistic named by a preset (`statistic: routing`, or `statistic: {name: routing, reg: 1}`):
/// its name and its settings as written, checked against the statistic's own parameter descriptors
/// (which live with the statistic, in the Session layer) when the preset is read through a checked
/// catalog, and again when the statistic is made.
public struct LessonStatisticSpec: Sendable, Equatable {
    public var name: String
    public var settings: [String: String]

    public init(name: String, settings: [String: String] = [:]) {
        self.name = name
        self.settings = settings
    }
}

/// Where a preset's problem comes from.
public struct ProblemSpec: Sendable, Equatable {
    /// The source and target measures, or nil when a whole-problem generator is used.
    public var source: MeasureSpec?
    public var target: MeasureSpec?
    /// A generator that makes a whole problem (e.g. random-assignment), with its settings.
    public var problemGenerator: GeneratorSpec?
    /// Ground cost name; nil means sqeuclidean.
    public var cost: String?
    /// An explicit cost matrix file (relative to the preset).
    public var costMatrix: String?
    /// Scale both measures to mass 1.
    public var normalize: Bool
    /// A colour transfer between two pictures; the problem is their sampled colours.
    public var colorTransfer: ColorTransferSpec? = nil
    /// A barycenter of K inputs (`problem: {barycenter: {inputs: [...], weights: [...]}}`).
    public var barycenter: BarycenterSpec? = nil
    /// A Gromov-Wasserstein problem (`gromov: true`): the intra costs are the squared Euclidean
    /// distances within each cloud (the clouds may differ in dimension), the cross cost, when the
    /// dimensions agree, is fused GW's feature cost (`ProblemBuilder.buildGromov`).
    public var gromov: Bool = false
    /// A map given by paired points (`problem: {pairs: data/map.csv, cost: sqeuclidean}`): one CSV whose
    /// coordinate columns are x then T(x) (see `PairedMapLoader`). The source is μ, the target `T#μ`,
    /// and source point i is paired with target point i (the Monge gap lessons).
    public var pairs: String? = nil
}

/// A barycenter problem in a preset: the inputs (files or generators, pictures of one size for the
/// grid methods), their weights λ (normalized; uniform when absent) and, for free-support, the
/// number of support points.
public struct BarycenterSpec: Sendable, Equatable {
    public var inputs: [MeasureSpec]
    public var weights: [Double]?
    public var supportSize: Int?

    public init(inputs: [MeasureSpec], weights: [Double]?, supportSize: Int?) {
        self.inputs = inputs
        self.weights = weights
        self.supportSize = supportSize
    }
}

/// A colour-transfer problem: two pictures (paths relative to the preset) and the pixel sample.
public struct ColorTransferSpec: Sendable, Equatable {
    public var source: String
    public var target: String
    /// Pixels sampled from each picture.
    public var samples: Int
    public var seed: Int

    public init(source: String, target: String, samples: Int, seed: Int) {
        self.source = source
        self.target = target
        self.samples = samples
        self.seed = seed
    }
}

/// One measure: a file or a generator with settings.
public enum MeasureSpec: Sendable, Equatable {
    case file(String)
    case generator(GeneratorSpec)
}

/// A generator name with its settings as written (text, validated by the generator's own
/// parameter descriptors when the preset is resolved).
public struct GeneratorSpec: Sendable, Equatable {
    public var name: String
    public var settings: [String: String]

    public init(name: String, settings: [String: String]) {
        self.name = name
        self.settings = settings
    }
}
