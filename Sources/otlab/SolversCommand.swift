import ArgumentParser
import OTCore
import OTSolvers

/// `otlab solvers`: every solver with its parameters, read from the one descriptor each has.
struct SolversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solvers", abstract: "List the solvers and their parameters.",
        discussion: HelpExamples.discussion("", [
                ("otlab solvers", "Every solver with its parameters, defaults and ranges."),
                ("otlab solvers sinkhorn-log", "One solver."),
            ]))

    @Argument(help: "Show only this solver.")
    var name: String?

    func run() throws {
        let descriptors: [SolverDescriptor]
        if let name {
            guard let descriptor = SolverRegistry.descriptor(named: name) else {
                throw InputError("--solver", nil, "unknown solver \"\(name)\"; known solvers: \(SolverRegistry.names.joined(separator: ", "))")
            }
            descriptors = [descriptor]
        } else {
            descriptors = SolverRegistry.all
        }
        for descriptor in descriptors {
            print("\(descriptor.name)  —  \(descriptor.title)")
            print("    \(descriptor.summary)")
            for parameter in descriptor.parameters {
                let unit = parameter.unit.isEmpty ? "" : " (\(parameter.unit))"
                let flag = SolverOptions.dedicatedFlags.contains(parameter.name)
                    ? "--\(parameter.name) \(parameter.defaultValue)" : "--param \(parameter.name)=\(parameter.defaultValue)"
                print("    \(flag)\(unit): \(parameter.help) Allowed: \(parameter.rangeDescription).")
            }
            print("")
        }
    }
}
