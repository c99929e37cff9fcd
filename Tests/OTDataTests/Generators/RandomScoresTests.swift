import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct RandomScoresTests {
    @Test func scoresArePosedForTheDoublyStochasticSolver() throws {
        let problem = try #require(Generator.randomScores.generate(settings: ["n": "200", "scale": "2", "seed": "7"]).problem)
        #expect(problem.sourceCount == 200 && problem.targetCount == 200)
        #expect(problem.a.allSatisfy { $0 == 1 } && problem.b.allSatisfy { $0 == 1 })
        // Scores -cost are N(0, 2^2): over 40000 draws the mean's standard error is 0.01 and the
        // standard deviation's 0.007; the tolerances are five of them.
        let scores = problem.cost.storage.map { -$0 }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let deviation = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(scores.count)).squareRoot()
        #expect(abs(mean) < 0.05)
        #expect(abs(deviation - 2) < 0.035)
        let again = RandomScores.problem(size: 200, scale: 2, seed: 7)
        #expect(again.cost == problem.cost)
        #expect(RandomScores.problem(size: 200, scale: 2, seed: 8).cost != problem.cost)
    }

    @Test func badSettingsNameTheSetting() {
        expectInputError(["field n", "0 is out of range"]) { try Generator.randomScores.generate(settings: ["n": "0"]) }
        expectInputError(["field scale"]) { try Generator.randomScores.generate(settings: ["scale": "-1"]) }
        expectInputError(["field colour", "unknown parameter"]) { try Generator.randomScores.generate(settings: ["colour": "red"]) }
    }
}
