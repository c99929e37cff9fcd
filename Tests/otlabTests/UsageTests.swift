import Foundation
import Testing

@Suite struct UsageTests {
    @Test func solversListsEveryFamilyWithParameters() throws {
        let result = try OtlabProcess.run(["solvers"])
        #expect(result.status == 0)
        for name in ["sinkhorn", "sinkhorn-log", "greenkhorn"] { #expect(result.stdout.contains(name)) }
        #expect(result.stdout.contains("--reg"))
    }

    @Test func unknownSolverIsBadInput() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "nope"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown solver \"nope\""))
    }

    @Test func unknownFlagIsUsageError() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--frobnicate"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("frobnicate"))
    }

    @Test func flagTheSolverDoesNotTakeIsNamed() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--solver", "sinkhorn", "--reg-m", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("sinkhorn takes no --reg-m"))
    }

    @Test func outOfRangeParameterIsNamed() throws {
        let result = try OtlabProcess.run(["solve", "a.csv", "b.csv", "--reg", "-1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--reg"))
        #expect(result.stderr.contains("out of range"))
    }
}
