import Foundation
import Testing
import OTCore
import OTData
import OTSolvers
import TestReference
@testable import OTSession

/// POT's Monge gaps of the three lesson maps, written with the map files by
/// Tests/Reference/lessons/make_monge_gap_reference.py.
struct MongeGapReference: CheckoutReference {
    static let checkoutPath = "Tests/Reference/lessons/monge_gap_reference.json"

    struct Map: Decodable {
        var file: String
        var points: Int
        var transport_cost: Double
        var wasserstein: Double
        var monge_gap: Double
        var entropic_wasserstein: Double
        var entropic_plan_cost: Double
        var entropic_monge_gap: Double
    }

    var entropic_reg: Double
    var maps: [String: Map]

    /// The map a reference entry was computed on, read as otlab reads it.
    func pairedMap(_ name: String) throws -> PairedMap {
        let file = try #require(maps[name]).file
        return try PairedMapLoader.load(pairs: ReferenceFiles.url(file).path)
    }
}

@Suite struct MongeGapTests {
    @Test func theOptimalMapHasNoGap() throws {
        let reference = try MongeGapReference.load()
        let result = try MongeGap(map: reference.pairedMap("ot-map")).evaluate()
        #expect(result.status == .converged)
        // T(x) = A x + b with A symmetric positive definite is optimal for its own pushforward.
        #expect(abs(result.mongeGap) < 1e-6, "gap \(result.mongeGap)")
        #expect(abs(result.transportCost - reference.maps["ot-map"]!.transport_cost) < 1e-12)
    }

    @Test(arguments: ["rotation", "fold", "ot-map"])
    func exactGapMatchesPOT(name: String) throws {
        let reference = try MongeGapReference.load()
        let expected = try #require(reference.maps[name])
        let result = try MongeGap(map: reference.pairedMap(name)).evaluate()
        #expect(result.status == .converged)
        #expect(result.count == expected.points)
        #expect(abs(result.transportCost - expected.transport_cost) < 1e-12, "\(name): transport cost \(result.transportCost)")
        #expect(abs(result.wasserstein - expected.wasserstein) < 1e-9, "\(name): W \(result.wasserstein) vs POT \(expected.wasserstein)")
        #expect(abs(result.mongeGap - expected.monge_gap) < 1e-9, "\(name): gap \(result.mongeGap) vs POT \(expected.monge_gap)")
    }

    @Test func theGapOrdersTheMaps() throws {
        let reference = try MongeGapReference.load()
        let gaps = try ["ot-map", "rotation", "fold"].map { try MongeGap(map: reference.pairedMap($0)).evaluate().mongeGap }
        #expect(gaps[0] < 1e-6 && gaps[1] > 0.1 && gaps[2] > gaps[1], "\(gaps)")
    }

    @Test(arguments: ["rotation", "ot-map"])
    func entropicGapMatchesPOT(name: String) throws {
        let reference = try MongeGapReference.load()
        let expected = try #require(reference.maps[name])
        let gap = MongeGap(map: try reference.pairedMap(name), method: .entropic(reg: reference.entropic_reg),
                            tolerance: 1e-10, maxIterations: 1_000_000)
        let result = try gap.evaluate()
        #expect(result.status == .converged)
        #expect(abs(result.wasserstein - expected.entropic_wasserstein) < 1e-7, "\(name): \(result.wasserstein) vs POT \(expected.entropic_wasserstein)")
        #expect(abs(result.planCost - expected.entropic_plan_cost) < 1e-7)
        #expect(abs(result.mongeGap - expected.entropic_monge_gap) < 1e-7)
        // The entropic cost exceeds the transport cost by at most reg log n: the gap's floor.
        #expect(result.mongeGap > -reference.entropic_reg * log(Double(result.count)))
    }

    @Test func weightsComeFromTheSourceAndAreNormalized() throws {
        // Two points moved by a swap: x1 -> x2 and x2 -> x1 costs 1 each, the identity costs 0.
        let source = Measure(weights: [2, 2], points: DenseMatrix([[0], [1]]))
        let map = PairedMap(source: source, image: DenseMatrix([[1], [0]]))
        #expect(map.source.weights == [0.5, 0.5])
        let result = try MongeGap(map: map).evaluate()
        #expect(abs(result.transportCost - 1) < 1e-15)
        #expect(abs(result.wasserstein) < 1e-15)
        #expect(abs(result.mongeGap - 1) < 1e-15)
        #expect(result.relativeGap == 1)
    }
}
