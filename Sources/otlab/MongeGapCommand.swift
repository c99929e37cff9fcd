import ArgumentParser
import Foundation
import OTCore
import OTData
import OTSession
import OTSolvers

/// `otlab monge-gap X.csv TX.csv`: how far a map given by paired points is from an optimal
/// transport map, as the Monge gap of Uscidda & Cuturi (ICML 2023), see `MongeGap`.
struct MongeGapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monge-gap",
        abstract: "Measure how far a map given by paired points is from an optimal transport map (the Monge gap).",
        discussion: HelpExamples.discussion(
            """
                The Monge gap of a map T (Uscidda & Cuturi, ICML 2023) is M(T) = mean c(x, T(x)) - W_c(mu, T#mu): \
                what moving mu along T costs minus the optimal cost between mu and where T sends it. It is 0 for \
                an optimal map (for sqeuclidean, the gradient of a convex function) and grows as T wastes motion. \
                Give the points x_i in X and their images T(x_i) in TX, row by row (CSV or .npy; equal lengths \
                and dimensions), or one CSV whose coordinate columns are x then T(x), split in half (x,y,tx,ty; \
                a weight column gives mu's weights). W_c is exact (network simplex) unless --reg is given: then \
                it is the paper's entropic cost <P,C> + reg KL(P | mu x T#mu), and the gap can dip below 0 by up \
                to reg log n. Exit status: 0 done, 1 numerical failure, 2 bad input.
                """,
            [
                ("otlab monge-gap x.csv tx.csv", "The exact Monge gap of the map x_i -> tx_i under the squared Euclidean cost."),
                ("otlab monge-gap pairs.csv --json", "One file with columns x,y,tx,ty; the gap, transport cost and W as JSON."),
                ("otlab monge-gap x.csv tx.csv --reg 0.01 --cost euclidean", "The entropic gap of the paper at reg 0.01, Euclidean cost."),
            ]))

    @Argument(help: "The source points x_i (CSV/TSV with a header, or a 2-D .npy); or one CSV with columns x then T(x).")
    var source: String

    @Argument(help: "The images T(x_i), one row per source point in the same order (omit when SOURCE holds both).")
    var image: String?

    @Option(name: .long, help: "Ground cost c: sqeuclidean (POT's ot.dist default), euclidean, cityblock.")
    var cost: String = "sqeuclidean"

    @Option(name: .long, parsing: .unconditional, help: "Entropic regularization of W_c, absolute as in POT (default: exact W_c).")
    var reg: String?

    @Option(name: .long, parsing: .unconditional, help: "Tolerance on the marginal error of the entropic solve.")
    var tol: String?

    @Option(name: .customLong("max-iter"), parsing: .unconditional, help: "Iteration limit of the solve.")
    var maxIter: String?

    @Flag(name: .long, help: "Print one JSON object: monge_gap, transport_cost, wasserstein and the settings.")
    var json = false

    func run() throws {
        guard let groundCost = GroundCost(rawValue: cost) else {
            throw InputError("--cost", nil, "unknown ground cost \"\(cost)\"; expected sqeuclidean, euclidean or cityblock")
        }
        let settings = try Self.settings(reg: reg, tol: tol, maxIter: maxIter)
        let map = try image.map { try PairedMapLoader.load(source: source, image: $0) } ?? PairedMapLoader.load(pairs: source)
        let gap = MongeGap(map: map, groundCost: groundCost, method: settings.method,
                           tolerance: settings.tolerance, maxIterations: settings.maxIterations)
        let interrupt = InterruptFlag.install()
        let started = Date()
        let result = try gap.evaluate { interrupt.isSet }
        let seconds = Date().timeIntervalSince(started)
        if result.status == .cancelled { throw ExitStatus.interrupted }
        if let reason = result.status.reason {
            FileHandle.standardError.write(Data("otlab: W_c(mu, T#mu) diverged: \(reason)\n".utf8))
            throw ExitStatus.numericalFailure
        }
        print(json ? Self.report(result, seconds: seconds).rendered : Self.text(result))
        if result.status == .maxIterations {
            FileHandle.standardError.write(Data("otlab: W_c(mu, T#mu) stopped at --max-iter \(result.iterations) before converging; the gap is approximate\n".utf8))
        }
        throw ExitStatus.finished
    }

    /// The method and limits the flags ask for, validated by the solvers' own parameter descriptors.
    static func settings(reg: String?, tol: String?, maxIter: String?) throws -> (method: MongeGap.Method, tolerance: Double, maxIterations: Int) {
        var values = SinkhornLog.descriptor.defaults
        if let reg { try values.set("reg", text: reg) }
        if let tol {
            guard reg != nil else { throw InputError("--tol", nil, "applies to the entropic gap; give --reg too (the exact gap has no tolerance)") }
            try values.set("tol", text: tol)
        }
        var maxIterations = 100_000
        if let maxIter {
            try values.set("max-iter", text: maxIter)
            maxIterations = values.integer("max-iter")
        }
        return (reg == nil ? .exact : .entropic(reg: values.real("reg")), values.real("tol"), maxIterations)
    }

    /// The `--json` object.
    static func report(_ result: MongeGapResult, seconds: Double) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("monge_gap", .number(result.mongeGap)),
            ("transport_cost", .number(result.transportCost)),
            ("wasserstein", .number(result.wasserstein)),
            ("relative_gap", .number(result.relativeGap)),
            ("method", .string(result.method.name)),
            ("reg", .number(result.method.regularization)),
            ("cost", .string(result.groundCost.rawValue)),
            ("points", .integer(result.count)),
            ("dimension", .integer(result.dimension)),
            ("status", .string(result.status.name)),
            ("iterations", .integer(result.iterations)),
            ("seconds", .number(seconds)),
            ("marginal_error", .number(result.marginalError)),
        ]
        if result.method != .exact { pairs.insert(("plan_cost", .number(result.planCost)), at: 3) }
        return .object(pairs)
    }

    /// The human summary.
    static func text(_ result: MongeGapResult) -> String {
        let method = result.method.regularization.map { "entropic, reg \(ParameterValue.format($0))" } ?? "exact"
        let share = result.relativeGap.map { String(format: " (%.1f%% of the transport cost)", 100 * $0) } ?? ""
        return """
            Monge gap of a map on \(result.count) points in \(result.dimension)-D (\(result.groundCost.rawValue), \(method)):
              transport cost  mean c(x, T(x))  \(ParameterValue.format(result.transportCost))
              W_c(mu, T#mu)                    \(ParameterValue.format(result.wasserstein))
              Monge gap                        \(ParameterValue.format(result.mongeGap))\(share)
            """
    }
}
