import OTCore

/// The named, seeded input generators that presets and the CLI can ask for, e.g.
/// `generator: gaussian2d` with `n: 200, seed: 1`.
///
/// Each generator describes its parameters once with `ParameterDescriptor`s (name, default,
/// range, help), so preset keys, CLI flags and the workbench form share them, and the ranges
/// keep sizes small enough to allocate. The same name, parameters and seed give the same data on
/// every run and machine (see `SeededRandom` for the one caveat about math libraries).
public enum Generator: String, CaseIterable, Sendable {
    /// A 1-D gaussian mixture: a histogram on a grid (default) or sampled points.
    case gaussian1d
    /// A 2-D gaussian mixture sampled as a point cloud with uniform weights.
    case gaussian2d
    /// Two interleaving half circles (scikit-learn's moons) with gaussian noise.
    case moons
    /// Concentric circles with gaussian radial noise.
    case rings
    /// An `n x n` assignment problem with uniform [0, 1) costs and uniform marginals.
    case randomAssignment = "random-assignment"
    /// Points on a regular 1-D or 2-D grid with uniform weights.
    case uniformGrid = "uniform-grid"
    /// A procedurally drawn picture (disc, ring, square, letter) read as an image density.
    case shape
    /// An `n x n` random score matrix posed for the doubly-stochastic solver (a whole problem).
    case randomScores = "random-scores"
    /// `T x E` mixture-of-experts gating logits posed as balanced routing (a whole problem).
    case gatingLogits = "gating-logits"
    /// `N` samples of a 2-D mixture and `K` clusters with cost `-log p` (self-labelling; a whole problem).
    case selfLabelling = "self-labelling"
    /// A teacher's and a student's class distributions over a batch (a whole problem; SinKD lesson).
    case distillation
    /// A flow matching minibatch: normal prior against eight gaussians (a whole problem; W-CFM lesson).
    case flowMatchingBatch = "flow-matching-batch"

    /// The name used in presets and on the command line.
    public var name: String { rawValue }

    /// One line on what the generator makes.
    public var summary: String {
        switch self {
        case .gaussian1d:
            "mixture of 1-D gaussians: histogram of n bins over [low, high] (mass 1), or n sampled points (mode samples)"
        case .gaussian2d:
            "mixture of 2-D gaussians: n sampled points with uniform weights 1/n"
        case .moons:
            "two interleaving half circles, n points with gaussian noise, uniform weights 1/n"
        case .rings:
            "concentric circles of radii 1, 2, ..., n points with radial gaussian noise, uniform weights 1/n"
        case .randomAssignment:
            "n x n cost matrix uniform in [0, 1) with uniform marginals 1/n (a whole problem)"
        case .uniformGrid:
            "n points (1-D) or n x n points (2-D) evenly spaced over [low, high], uniform weights"
        case .shape:
            "a disc, ring, square or letter drawn in a width x height picture, as an image density (pixel centres, mass ~ brightness)"
        case .randomScores:
            "n x n gaussian score matrix S for doubly-stochastic normalization (cost -S, unit weights; a whole problem)"
        case .gatingLogits:
            "n tokens x E experts gating logits, some experts favoured (cost -logits, tokens 1/n, experts 1/E; a whole problem)"
        case .selfLabelling:
            "n samples of a 2-D mixture x K clusters, cost -log p of a softmax model (samples 1/n, clusters 1/K; a whole problem)"
        case .distillation:
            "a teacher's and a student's class distributions over a batch, classes on a line with cost |x_i - x_j| (a whole problem)"
        case .flowMatchingBatch:
            "a flow matching minibatch: n normal prior points against n points of eight gaussians on a circle (a whole problem)"
        }
    }

    /// The generator called `name`; an unknown name lists the known ones.
    public static func named(_ name: String, source: String = "generator") throws(InputError) -> Generator {
        guard let generator = Generator(rawValue: name.lowercased()) else {
            let known = allCases.map(\.name).joined(separator: ", ")
            throw InputError(source, nil, "unknown generator \"\(name)\"; expected one of \(known)")
        }
        return generator
    }

    /// The parameters this generator takes, with defaults and allowed ranges.
    public var parameters: [ParameterDescriptor] {
        let seed = ParameterDescriptor(name: "seed", label: "seed", kind: .integer(default: 0, range: 0...Int.max),
                                       help: "Seed of the random generator; the same seed gives the same data.")
        switch self {
        case .gaussian1d:
            return [
                ParameterDescriptor(name: "n", label: "size", kind: .integer(default: 100, range: 1...1_000_000),
                                    help: "Number of histogram bins, or of sampled points in samples mode."),
                seed,
                ParameterDescriptor(name: "components", label: "components", kind: .integer(default: 2, range: 1...100),
                                    help: "Number of gaussians; their means, widths and weights are drawn from the seed."),
                ParameterDescriptor(name: "mode", label: "mode", kind: .choice(default: "histogram", options: ["histogram", "samples"]),
                                    help: "histogram: density on a grid of n bins (mass 1); samples: n points of weight 1/n."),
                ParameterDescriptor(name: "low", label: "interval start", kind: .real(default: 0, range: -1e6...1e6, logScale: false),
                                    help: "Left end of the interval holding the grid and the means."),
                ParameterDescriptor(name: "high", label: "interval end", kind: .real(default: 1, range: -1e6...1e6, logScale: false),
                                    help: "Right end of the interval holding the grid and the means."),
            ]
        case .gaussian2d:
            return [
                ParameterDescriptor(name: "n", label: "points", kind: .integer(default: 200, range: 1...1_000_000),
                                    help: "Number of sampled points."),
                seed,
                ParameterDescriptor(name: "components", label: "components", kind: .integer(default: 3, range: 1...100),
                                    help: "Number of gaussians; means in [-4, 4]^2, covariances and weights drawn from the seed."),
            ]
        case .moons, .rings:
            let noise = ParameterDescriptor(name: "noise", label: "noise", kind: .real(default: 0.05, range: 0...10, logScale: false),
                                            help: "Standard deviation of the gaussian noise added to the shape.")
            var parameters = [
                ParameterDescriptor(name: "n", label: "points", kind: .integer(default: 200, range: 1...1_000_000),
                                    help: "Number of points."),
                seed,
                noise,
            ]
            if self == .rings {
                parameters.append(ParameterDescriptor(name: "components", label: "rings", kind: .integer(default: 2, range: 1...20),
                                                      help: "Number of concentric circles."))
            }
            return parameters
        case .randomAssignment:
            return [
                ParameterDescriptor(name: "n", label: "size", kind: .integer(default: 100, range: 1...4000),
                                    help: "Number of sources and of targets (the cost matrix is n x n)."),
                seed,
            ]
        case .uniformGrid:
            return UniformGrid.parameters + [seed]
        case .shape:
            return ShapeImage.parameters + [seed]
        case .randomScores:
            return RandomScores.parameters + [seed]
        case .gatingLogits:
            return GatingLogits.parameters + [seed]
        case .selfLabelling:
            return SelfLabellingMixture.parameters + [seed]
        case .distillation:
            return TeacherStudent.parameters + [seed]
        case .flowMatchingBatch:
            return FlowMatchingBatch.parameters + [seed]
        }
    }

    /// Parameter values at their defaults, to be adjusted with `ParameterValues.set`.
    public var defaultValues: ParameterValues { ParameterValues(defaultsFor: parameters) }

    /// Generates the data for validated parameter values (see `defaultValues`).
    public func generate(_ values: ParameterValues, source: String? = nil) throws(InputError) -> GeneratedInput {
        let label = source ?? name
        for parameter in parameters where !values.has(parameter.name) {
            throw InputError(label, nil, "no value for parameter \(parameter.name); start from Generator.\(self).defaultValues")
        }
        let seed = values.integer("seed")
        let n = values.has("n") ? values.integer("n") : 0
        switch self {
        case .gaussian1d:
            let low = values.real("low"), high = values.real("high")
            guard low < high else {
                throw InputError(label, "low/high", "interval [\(ParameterValue.format(low)), \(ParameterValue.format(high))] is empty; expected low < high")
            }
            // One stream places the components and then draws the samples.
            var random = SeededRandom(seed: seed)
            let mixture = GaussianMixture1D.random(components: values.integer("components"), low: low, high: high, using: &random)
            if values.choice("mode") == "samples" {
                return .measure(mixture.sample(count: n, using: &random))
            }
            return .measure(try mixture.histogram(bins: n, low: low, high: high, source: label))
        case .gaussian2d:
            var random = SeededRandom(seed: seed)
            let mixture = GaussianMixture2D.random(components: values.integer("components"), using: &random)
            return .measure(mixture.sample(count: n, using: &random))
        case .moons:
            return .measure(Moons.sample(count: n, noise: values.real("noise"), seed: seed))
        case .rings:
            return .measure(Rings.sample(count: n, rings: values.integer("components"), noise: values.real("noise"), seed: seed))
        case .randomAssignment:
            return .problem(RandomAssignment.problem(size: n, seed: seed))
        case .uniformGrid:
            let grid = try UniformGrid(side: n, dimension: values.integer("dimension"), low: values.real("low"), high: values.real("high"),
                                       jitter: values.real("jitter"), source: label)
            return .measure(grid.measure(seed: seed))
        case .shape:
            let shape = try ShapeImage(
                shape: ShapeImage.Shape(rawValue: values.choice("shape")) ?? .disc, letter: values.choice("letter"),
                width: values.integer("width"), height: values.integer("height"), size: values.real("size"),
                thickness: values.real("thickness"), centreX: values.real("centre-x"), centreY: values.real("centre-y"),
                noise: values.real("noise"), source: label)
            return .measure(try shape.measure(seed: seed, source: label))
        case .randomScores:
            return .problem(RandomScores.problem(size: n, scale: values.real("scale"), seed: seed))
        case .gatingLogits:
            return .problem(GatingLogits.problem(tokens: n, experts: values.integer("experts"), skew: values.real("skew"), seed: seed))
        case .selfLabelling:
            return .problem(SelfLabellingMixture.problem(samples: n, clusters: values.integer("clusters"),
                                                         temperature: values.real("temperature"), seed: seed))
        case .distillation:
            return .problem(TeacherStudent.problem(classes: n, batch: values.integer("batch"),
                                                   width: values.real("width"), shift: values.real("shift"), seed: seed))
        case .flowMatchingBatch:
            return .problem(FlowMatchingBatch.problem(size: n, radius: values.real("radius"), spread: values.real("spread"), seed: seed))
        }
    }

    /// Generates from textual settings such as a preset's `{n: "200", seed: "1"}`; unknown keys
    /// and bad values are errors naming the key. `source` names the preset or flag in errors.
    public func generate(settings: [String: String], source: String? = nil) throws(InputError) -> GeneratedInput {
        let label = source ?? name
        var values = defaultValues
        for key in settings.keys.sorted() {
            guard values.has(key) else {
                let known = parameters.map(\.name).joined(separator: ", ")
                throw InputError(label, "field \(key)", "unknown parameter for generator \(name); expected one of \(known)")
            }
            try values.set(key, text: settings[key] ?? "", source: "\(label): field \(key)")
        }
        return try generate(values, source: label)
    }

    /// The pixel grid of the picture the `shape` generator draws for textual `settings` (nil for the
    /// other generators, or settings it rejects), so the picture can be drawn as a picture.
    public func pixelGrid(settings: [String: String]) -> PixelGrid? {
        guard self == .shape else { return nil }
        var values = defaultValues
        for (key, text) in settings where values.has(key) {
            guard (try? values.set(key, text: text, source: name)) != nil else { return nil }
        }
        return PixelGrid(width: values.integer("width"), height: values.integer("height"))
    }
}
