import Foundation
import Testing
import OTCore
import TestScratch
@testable import OTData

/// Reading a map given by paired points: two files or one split in half, and every bad input named.
@Suite struct PairedMapLoaderTests {
    let directory = TestScratch.directory("paired-map")

    private func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func oneFileSplitsItsCoordinateColumnsInHalf() throws {
        let path = try write("pairs.csv", "x,y,tx,ty,weight\n0,1,2,3,1\n4,5,6,7,3\n")
        let map = try PairedMapLoader.load(pairs: path)
        #expect(map.source.points == DenseMatrix([[0, 1], [4, 5]]))
        #expect(map.image == DenseMatrix([[2, 3], [6, 7]]))
        #expect(map.source.weights == [0.25, 0.75])
        #expect(map.pushforward.weights == [0.25, 0.75])
        // (2² + 2²) · 0.25 + (2² + 2²) · 0.75
        #expect(map.transportCost(.sqeuclidean) == 8)
    }

    @Test func twoFilesPairRowByRow() throws {
        let x = try write("x.csv", "x,w\n0,1\n1,1\n2,2\n")
        let tx = try write("tx.csv", "u\n5\n6\n7\n")
        let map = try PairedMapLoader.load(source: x, image: tx)
        #expect(map.count == 3 && map.dimension == 1)
        #expect(map.source.weights == [0.25, 0.25, 0.5])
        #expect(map.image.storage == [5, 6, 7])
    }

    @Test func imageWeightsThatAgreeAreAccepted() throws {
        let x = try write("xw.csv", "x,weight\n0,1\n1,3\n")
        let tx = try write("txw.csv", "x,weight\n1,2\n2,6\n")
        #expect(try PairedMapLoader.load(source: x, image: tx).source.weights == [0.25, 0.75])
    }

    @Test func hostileInputsAreNamed() throws {
        let x = try write("three.csv", "x,y\n0,0\n1,1\n2,2\n")
        let short = try write("two.csv", "x,y\n0,0\n1,1\n")
        let flat = try write("flat.csv", "x\n0\n1\n2\n")
        let nan = try write("nan.csv", "x,y\n0,0\nnan,1\n2,2\n")
        let empty = try write("empty.csv", "")
        let odd = try write("odd.csv", "x,y,tx\n0,0,1\n")
        let heavy = try write("heavy.csv", "x,y,weight\n0,0,5\n1,1,1\n2,2,1\n")

        var text = message { _ = try PairedMapLoader.load(source: x, image: short) }
        #expect(text.contains("two.csv") && text.contains("has 2 points") && text.contains("has 3"), "\(text)")
        text = message { _ = try PairedMapLoader.load(source: x, image: flat) }
        #expect(text.contains("flat.csv") && text.contains("1 coordinates per point"), "\(text)")
        text = message { _ = try PairedMapLoader.load(source: x, image: nan) }
        #expect(text.contains("nan.csv") && text.contains("line 3") && text.contains("finite"), "\(text)")
        text = message { _ = try PairedMapLoader.load(source: empty, image: x) }
        #expect(text.contains("empty.csv") && text.contains("empty"), "\(text)")
        text = message { _ = try PairedMapLoader.load(pairs: odd) }
        #expect(text.contains("odd.csv") && text.contains("3 coordinate columns") && text.contains("even"), "\(text)")
        text = message { _ = try PairedMapLoader.load(source: x, image: heavy) }
        #expect(text.contains("heavy.csv") && text.contains("point 1") && text.contains("source weights"), "\(text)")
    }
}
