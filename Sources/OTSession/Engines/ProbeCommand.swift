import Foundation
import OTCore
import OTData
import OTSolvers

/// The command line that runs one solve in POT or OTT-JAX through the Python probe
/// (`python -m otlab_probe solve`, `python/`), locally or over ssh, with the problem sent as an
/// .npz on the probe's standard input (so a remote machine needs Python, the engine and the
/// probe, not the files). Shared by `otlab solve --engine` and the workbench's engine solvers.
public struct ProbeCommand: Sendable, Equatable {
    /// `pot` or `ott`.
    public var engine: String
    /// otlab's name of the solver (the probe maps it to POT's: `sinkhorn-log` → `sinkhorn_log`).
    public var solver: String
    /// The values sent as flags: `reg`, `reg-m`, `tol`, `max-iter` where the solver has them.
    public var parameters: ParameterValues
    /// `USER@HOST` to run the probe on over ssh, or nil for this machine.
    public var host: String?
    /// Ask the probe for the final plan whole (up to 10^6 entries) rather than a 64 x 64 snapshot.
    public var wholeFinalPlan: Bool
    /// The ssh program and its options (`OTLAB_SSH`, split on spaces; default `ssh`).
    public var ssh: [String]
    /// The Python interpreter (`python3`; tests put a stand-in script here).
    public var python: String

    /// Most plan entries the probe sends whole (its `WHOLE_PLAN_LIMIT`).
    public static let wholePlanLimit = 1_000_000

    public init(engine: String, solver: String, parameters: ParameterValues, host: String? = nil, wholeFinalPlan: Bool = false,
                ssh: [String] = ProbeCommand.sshFromEnvironment(), python: String = "python3") {
        self.engine = engine
        self.solver = solver
        self.parameters = parameters
        self.host = host
        self.wholeFinalPlan = wholeFinalPlan
        self.ssh = ssh
        self.python = python
    }

    public static func == (lhs: ProbeCommand, rhs: ProbeCommand) -> Bool {
        lhs.engine == rhs.engine && lhs.solver == rhs.solver && lhs.host == rhs.host && lhs.wholeFinalPlan == rhs.wholeFinalPlan
            && lhs.ssh == rhs.ssh && lhs.python == rhs.python && lhs.probeArguments == rhs.probeArguments
    }

    /// `OTLAB_SSH` (e.g. `ssh -F ~/.ssh/otlab_config -p 2222`) split on spaces, or `["ssh"]`.
    public static func sshFromEnvironment() -> [String] {
        let words = (ProcessInfo.processInfo.environment["OTLAB_SSH"] ?? "").split(separator: " ").map(String.init)
        return words.isEmpty ? ["ssh"] : words
    }

    /// The probe's arguments after `python3`, reading the problem from standard input.
    public var probeArguments: [String] {
        var arguments = ["-m", "otlab_probe", "solve", "--engine", engine, "-", "--solver", solver]
        for (flag, name) in [("--reg", "reg"), ("--reg-m", "reg-m"), ("--tol", "tol"), ("--max-iter", "max-iter")] where parameters.has(name) {
            arguments += [flag, parameters[name]!.description]
        }
        if wholeFinalPlan { arguments.append("--final-plan") }
        return arguments
    }

    /// The whole command: `python3 -m otlab_probe ...` here, or ssh running it on `host`.
    public var commandLine: [String] {
        guard let host else { return [python] + probeArguments }
        let remote = ([python] + probeArguments).map(Self.shellQuoted).joined(separator: " ")
        return ssh + ["-o", "BatchMode=yes", host, remote]
    }

    /// The problem as the probe reads it: POT's `a`, `b`, `M` in an .npz. Throws for a problem
    /// whose cost matrix is not formed.
    public static func archive(for problem: TransportProblem, engine: String) throws(InputError) -> Data {
        guard problem.kind == .linear, problem.intraCosts == nil else {
            throw InputError("--engine", nil, "\(engine) runs linear OT (a, b, M) here; this problem is of another kind")
        }
        guard !problem.hasImplicitCost else {
            throw InputError("--engine", nil, "the \(problem.sourceCount) x \(problem.targetCount) cost matrix is too large to send to \(engine); use --engine swift with sinkhorn-online")
        }
        return NPZWriter.encodeProblem(a: problem.a, b: problem.b, cost: problem.cost)
    }

    /// What to install where the engine is missing.
    public static func installHint(engine: String) -> String {
        "pip install ./python \(engine == "ott" ? "ott-jax" : "pot")"
    }

    static func shellQuoted(_ word: String) -> String {
        if word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:+".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
