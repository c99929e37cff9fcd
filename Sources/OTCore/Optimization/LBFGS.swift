/// Limited-memory BFGS (Nocedal 1980; Nocedal & Wright, Numerical Optimization, Alg. 7.4 and 7.5)
/// for a smooth function given by its value and gradient, advanced one iteration at a time.
///
/// Written once here and reused by every solver that optimizes a smooth dual (quadratic OT, the
/// semi-duals, ...). It minimizes; to maximize a concave dual, hand it the negated value and
/// gradient. The caller owns the stopping rule (a solver stops on its own marginal error), so
/// `step()` performs exactly one quasi-Newton iteration and reports what happened.
///
/// - Direction: the two-loop recursion over the last `memory` pairs `(s, y)` kept in ring buffers,
///   with the initial inverse Hessian scaled by `s.y / y.y` (N&W eq. 7.20). A pair is stored only
///   when the curvature condition `s.y > 0` holds clearly, so the implicit inverse Hessian stays
///   positive definite.
/// - Line search: strong Wolfe conditions (sufficient decrease `c1 = 1e-4`, curvature `c2 = 0.9`)
///   by bracketing and zoom with safeguarded cubic interpolation (N&W Alg. 3.5 and 3.6). Strong Wolfe
///   rather than Armijo backtracking because it guarantees `s.y > 0`, which L-BFGS needs. The first
///   trial step is 1 (the quasi-Newton step); the very first iteration, with no curvature yet,
///   tries a step of unit length, `1 / |g|`.
/// - Near the minimum, where the expected decrease is below the round-off of `f`, a step is also
///   accepted under Hager & Zhang's approximate Wolfe condition (f within round-off of f0, slope
///   flattened), so gradients can be driven to 1e-12 and below.
/// - No allocation per iteration: every buffer is allocated once at construction.
///
/// When the line search cannot decrease the function (the gradient is at round-off level, or the
/// function is not smooth where we stand), the memory is dropped and steepest descent is tried
/// once; if that fails too, `step()` returns `.stalled` and the state is left unchanged.
public struct LBFGS: Sendable {
    /// The function: reads `x`, writes the gradient into the second buffer, returns the value.
    public typealias Objective = (_ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>) -> Double

    /// What one iteration did.
    public enum Outcome: Sendable, Equatable {
        /// A step satisfying the Wolfe conditions (or at least sufficient decrease) was taken.
        case progressed
        /// No step could decrease the function; nothing changed. The reason says why.
        case stalled(reason: String)
        /// The function or its gradient was NaN or infinite at the current point.
        case notFinite
    }

    /// Line search constants (Nocedal & Wright's recommended values for quasi-Newton methods).
    public struct LineSearchSettings: Sendable, Equatable {
        public var sufficientDecrease = 1e-4
        public var curvature = 0.9
        /// Most function evaluations in one line search.
        public var maxEvaluations = 40
        /// Relative round-off of the function value, below which decreases are not trusted
        /// (the approximate Wolfe tolerance of Hager & Zhang, relative to |f|).
        public var relativeNoise = 1e-12
        public init() {}
    }

    public let dimension: Int
    /// Number of `(s, y)` pairs kept.
    public let memory: Int
    public var lineSearch = LineSearchSettings()

    /// The current point.
    public private(set) var x: [Double]
    /// The gradient at `x`.
    public private(set) var gradient: [Double]
    /// The function value at `x`.
    public private(set) var value: Double
    /// Completed iterations (accepted steps).
    public private(set) var iterations = 0
    /// Function evaluations so far, including the one at the starting point.
    public private(set) var evaluations = 0
    /// Step length `alpha` of the last accepted step along its search direction.
    public private(set) var lastStepLength = 0.0
    /// Function evaluations the last line search used.
    public private(set) var lastLineSearchEvaluations = 0

    // Ring buffers of the last `memory` pairs: pair k lives at offset `k * dimension`.
    private var sHistory: [Double]
    private var yHistory: [Double]
    private var rhoHistory: [Double]
    private var alphaScratch: [Double]
    /// Slot of the newest pair, and how many pairs are stored.
    private var newest = -1
    private var stored = 0

    private var direction: [Double]
    private var trialX: [Double]
    private var trialGradient: [Double]
    /// Best point of the current line search that satisfies sufficient decrease.
    private var bestX: [Double]
    private var bestGradient: [Double]

    /// Starts at `initialPoint`, evaluating the function there once.
    public init(initialPoint: [Double], memory: Int = 10, objective: Objective) {
        precondition(memory >= 1, "L-BFGS needs a memory of at least one pair")
        let n = initialPoint.count
        dimension = n
        self.memory = memory
        x = initialPoint
        gradient = [Double](repeating: 0, count: n)
        sHistory = [Double](repeating: 0, count: memory * n)
        yHistory = [Double](repeating: 0, count: memory * n)
        rhoHistory = [Double](repeating: 0, count: memory)
        alphaScratch = [Double](repeating: 0, count: memory)
        direction = [Double](repeating: 0, count: n)
        trialX = [Double](repeating: 0, count: n)
        trialGradient = [Double](repeating: 0, count: n)
        bestX = [Double](repeating: 0, count: n)
        bestGradient = [Double](repeating: 0, count: n)
        value = 0
        value = x.withUnsafeBufferPointer { xs in gradient.withUnsafeMutableBufferPointer { g in objective(xs, g) } }
        evaluations = 1
    }

    /// Euclidean norm of the gradient at `x`.
    public var gradientNorm: Double { Kernels.dot(gradient, gradient).squareRoot() }

    /// Largest absolute gradient component at `x`.
    public var gradientMaxNorm: Double { gradient.reduce(0) { Swift.max($0, abs($1)) } }

    /// True when the value and gradient at `x` are finite.
    public var isFinite: Bool { value.isFinite && gradient.allSatisfy { $0.isFinite } }

    /// Forgets the curvature pairs (the next step is steepest descent).
    public mutating func resetMemory() {
        stored = 0
        newest = -1
    }

    /// One L-BFGS iteration: direction by the two-loop recursion, strong Wolfe line search, memory update.
    public mutating func step(_ objective: Objective) -> Outcome {
        guard isFinite else { return .notFinite }
        if stored > 0 {
            computeDirection()
            if directionalDerivative() < 0, attemptStep(initialStep: 1, objective) { return .progressed }
            resetMemory()
        }
        let norm = gradientNorm
        guard norm > 0 else { return .stalled(reason: "the gradient is exactly zero") }
        for k in 0..<dimension { direction[k] = -gradient[k] }
        if attemptStep(initialStep: 1 / norm, objective) { return .progressed }
        return .stalled(reason: "the line search found no decrease along steepest descent (gradient norm \(norm))")
    }

    /// `direction = -H g` by the two-loop recursion over the stored pairs.
    private mutating func computeDirection() {
        let n = dimension
        for k in 0..<n { direction[k] = -gradient[k] }
        sHistory.withUnsafeBufferPointer { s in
            yHistory.withUnsafeBufferPointer { y in
                direction.withUnsafeMutableBufferPointer { d in
                    let dBase = d.baseAddress!, sBase = s.baseAddress!, yBase = y.baseAddress!
                    var slot = newest
                    for _ in 0..<stored {
                        let a = rhoHistory[slot] * Kernels.dot(sBase + slot * n, dBase, count: n)
                        alphaScratch[slot] = a
                        Kernels.axpy(-a, yBase + slot * n, dBase, count: n)
                        slot = slot == 0 ? memory - 1 : slot - 1
                    }
                    let sy = 1 / rhoHistory[newest]
                    let yy = Kernels.dot(yBase + newest * n, yBase + newest * n, count: n)
                    let scale = sy / yy
                    for k in 0..<n { dBase[k] *= scale }
                    // Oldest to newest.
                    slot = (newest - stored + 1 + memory) % memory
                    for _ in 0..<stored {
                        let b = rhoHistory[slot] * Kernels.dot(yBase + slot * n, dBase, count: n)
                        Kernels.axpy(alphaScratch[slot] - b, sBase + slot * n, dBase, count: n)
                        slot = slot == memory - 1 ? 0 : slot + 1
                    }
                }
            }
        }
    }

    private func directionalDerivative() -> Double { Kernels.dot(gradient, direction) }

    /// Evaluates at `x + alpha d` into the trial buffers; returns (value, directional derivative).
    private mutating func evaluateTrial(_ alpha: Double, _ objective: Objective) -> (Double, Double) {
        for k in 0..<dimension { trialX[k] = x[k] + alpha * direction[k] }
        let f = trialX.withUnsafeBufferPointer { xs in trialGradient.withUnsafeMutableBufferPointer { g in objective(xs, g) } }
        evaluations += 1
        lastLineSearchEvaluations += 1
        return (f, Kernels.dot(trialGradient, direction))
    }

    /// Keeps the trial point as the best acceptable one so far (O(1) buffer swap).
    private mutating func keepTrialAsBest() {
        swap(&trialX, &bestX)
        swap(&trialGradient, &bestGradient)
    }

    /// Strong Wolfe line search along `direction`; on success moves to the new point and updates
    /// the memory. Returns false (state unchanged) when no decrease was found.
    private mutating func attemptStep(initialStep: Double, _ objective: Objective) -> Bool {
        lastLineSearchEvaluations = 0
        let f0 = value, d0 = directionalDerivative()
        let c1 = lineSearch.sufficientDecrease, c2 = lineSearch.curvature
        let budget = lineSearch.maxEvaluations
        // Near a minimum the decrease c1 alpha d0 drops below the round-off of f itself and the
        // Armijo test becomes noise. Hager & Zhang's approximate Wolfe condition takes over there:
        // f may not rise above f0 by more than its round-off, and the slope must have flattened.
        let noise = lineSearch.relativeNoise * Swift.max(abs(f0), Double.leastNormalMagnitude)
        func sufficient(_ f: Double, _ alpha: Double, _ d: Double) -> Bool {
            f <= f0 + c1 * alpha * d0 || (f <= f0 + noise && d <= (2 * c1 - 1) * d0)
        }
        // Bracketing phase (N&W Alg. 3.5). `lo` always satisfies sufficient decrease.
        var previousAlpha = 0.0, previousF = f0, previousD = d0
        var alpha = initialStep
        var accepted: Double? = nil
        var bestAlpha = 0.0, bestF = f0
        var lo = 0.0, loF = f0, loD = d0, hi = 0.0, hiF = 0.0, hiD = 0.0
        var zooming = false
        while lastLineSearchEvaluations < budget {
            let (f, d) = evaluateTrial(alpha, objective)
            if !f.isFinite || !d.isFinite {
                // Stepped out of the domain or overflowed: shrink.
                hi = alpha; hiF = .infinity; hiD = 0
                lo = previousAlpha; loF = previousF; loD = previousD
                zooming = true
                break
            }
            if !sufficient(f, alpha, d) || (lastLineSearchEvaluations > 1 && f >= previousF + noise) {
                lo = previousAlpha; loF = previousF; loD = previousD
                hi = alpha; hiF = f; hiD = d
                zooming = true
                break
            }
            bestAlpha = alpha; bestF = f
            keepTrialAsBest()
            if abs(d) <= -c2 * d0 { accepted = alpha; break }
            if d >= 0 {
                lo = alpha; loF = f; loD = d
                hi = previousAlpha; hiF = previousF; hiD = previousD
                zooming = true
                break
            }
            previousAlpha = alpha; previousF = f; previousD = d
            alpha *= 4
        }
        // Zoom phase (N&W Alg. 3.6).
        if zooming && accepted == nil {
            while lastLineSearchEvaluations < budget {
                let width = abs(hi - lo)
                if width <= 1e-15 * Swift.max(abs(lo), abs(hi)) { break }
                let trial = Self.interpolate(lo, loF, loD, hi, hiF, hiD)
                let (f, d) = evaluateTrial(trial, objective)
                if !f.isFinite || !d.isFinite || !sufficient(f, trial, d) || f >= loF + noise {
                    hi = trial; hiF = f.isFinite ? f : .infinity; hiD = d.isFinite ? d : 0
                    continue
                }
                bestAlpha = trial; bestF = f
                keepTrialAsBest()
                if abs(d) <= -c2 * d0 { accepted = trial; break }
                if d * (hi - lo) >= 0 { hi = lo; hiF = loF; hiD = loD }
                lo = trial; loF = f; loD = d
            }
        }
        // Accept the Wolfe point, or else the best point with sufficient decrease.
        let step = accepted ?? bestAlpha
        guard step > 0 else { return false }
        lastStepLength = step
        commit(step: step, newValue: bestF)
        return true
    }

    /// Moves to the best trial point and records the pair `s = x+ - x`, `y = g+ - g`.
    private mutating func commit(step: Double, newValue: Double) {
        let n = dimension
        let slot = (newest + 1) % memory
        var sy = 0.0, yy = 0.0
        for k in 0..<n {
            let s = bestX[k] - x[k], y = bestGradient[k] - gradient[k]
            sHistory[slot * n + k] = s
            yHistory[slot * n + k] = y
            sy += s * y
            yy += y * y
        }
        if sy > 1e-12 * yy && sy > 0 {
            rhoHistory[slot] = 1 / sy
            newest = slot
            stored = Swift.min(stored + 1, memory)
        }
        swap(&x, &bestX)
        swap(&gradient, &bestGradient)
        value = newValue
        iterations += 1
    }

    /// Minimizer of the cubic matching values and slopes at `a` and `b`, kept inside the middle 80%
    /// of the interval; bisection when the cubic has no usable minimizer.
    static func interpolate(_ a: Double, _ fa: Double, _ da: Double, _ b: Double, _ fb: Double, _ db: Double) -> Double {
        let low = Swift.min(a, b), high = Swift.max(a, b), width = high - low
        let safeLow = low + 0.1 * width, safeHigh = high - 0.1 * width
        guard fb.isFinite, fa.isFinite else { return 0.5 * (a + b) }
        let d1 = da + db - 3 * (fa - fb) / (a - b)
        let radicand = d1 * d1 - da * db
        if radicand >= 0 {
            let d2 = (b > a ? 1.0 : -1.0) * radicand.squareRoot()
            let t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2)
            if t.isFinite && t >= safeLow && t <= safeHigh { return t }
            if t.isFinite { return Swift.min(safeHigh, Swift.max(safeLow, t)) }
        }
        return 0.5 * (a + b)
    }
}
