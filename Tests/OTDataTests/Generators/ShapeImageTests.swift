import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct ShapeImageTests {
    /// Sum of the picture's brightness: the area the shape covers, in pixels.
    func coveredArea(_ shape: ShapeImage) -> Double { shape.image().pixels.reduce(0, +) }

    @Test func squareOnPixelBoundariesIsExact() throws {
        // A 10-pixel square centred at (16, 16) covers columns and rows 11...20 exactly.
        let measure = try #require(Generator.shape.generate(settings: ["shape": "square", "size": "10"]).measure)
        #expect(measure.count == 100)
        #expect(measure.weights.allSatisfy { abs($0 - 0.01) < 1e-15 })
        let points = try #require(measure.points)
        for i in 0..<100 {
            #expect((11.5...20.5).contains(points[i, 0]) && (11.5...20.5).contains(points[i, 1]))
            #expect(points[i, 0] - points[i, 0].rounded(.down) == 0.5)
        }
    }

    /// Anti-aliasing on a 4 x 4 grid per pixel: the covered area is the shape's area to within a
    /// fraction of its perimeter; 1.5% of the area is about a tenth of the perimeter here.
    @Test func discAndRingCoverTheirArea() throws {
        let disc = try ShapeImage(shape: .disc, width: 40, height: 40, size: 30)
        #expect(abs(coveredArea(disc) - Double.pi * 15 * 15) < 0.015 * Double.pi * 15 * 15)
        let ring = try ShapeImage(shape: .ring, width: 40, height: 40, size: 30, thickness: 5)
        let ringArea = Double.pi * (15 * 15 - 10 * 10)
        #expect(abs(coveredArea(ring) - ringArea) < 0.02 * ringArea)
        // The ring's hole carries no mass; its support lies between the radii (plus half a pixel diagonal).
        let measure = try ring.measure()
        #expect(abs(measure.totalMass - 1) < 1e-14)
        let points = try #require(measure.points)
        for i in 0..<measure.count {
            let r = ((points[i, 0] - 20) * (points[i, 0] - 20) + (points[i, 1] - 20) * (points[i, 1] - 20)).squareRoot()
            #expect(r >= 10 - 0.71 && r <= 15 + 0.71, "pixel at radius \(r)")
        }
    }

    @Test func densityIsTheSameAsThePGMOfThePicture() throws {
        let shape = try ShapeImage(shape: .letter, letter: "G", width: 24, height: 20, size: 16, thickness: 3, noise: 0.3)
        let picture = shape.image(seed: 4)
        let measure = try shape.measure(seed: 4)
        #expect(measure == (try ImageDensity.measure(from: picture)))
        // Through a 16-bit PGM: the same pixels, weights equal up to the 1/65535 quantization.
        var bytes = Array("P5 24 20 65535\n".utf8)
        for value in picture.pixels {
            let sample = Int((value * 65535).rounded())
            bytes += [UInt8(sample >> 8), UInt8(sample & 0xFF)]
        }
        let path = temporaryDirectory().appendingPathComponent("g.pgm").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let fromFile = try MeasureLoader.load(path)
        #expect(fromFile.points == measure.points)
        // Each sample is off by at most 0.5/65535 in brightness; normalized by a total brightness
        // of tens of pixels, a weight moves by ~1e-7: 1e-6 absolute is a safe bound.
        for (ours, file) in zip(measure.weights, fromFile.weights) { #expect(abs(ours - file) < 1e-6) }
    }

    @Test func lettersAreDistinctAndStayInTheirBox() throws {
        var seen: [[Double]] = []
        for letter in StrokeFont.letters {
            let shape = try ShapeImage(shape: .letter, letter: letter, width: 32, height: 32, size: 24, thickness: 3)
            let measure = try shape.measure()
            #expect(abs(measure.totalMass - 1) < 1e-14, "\(letter)")
            let points = try #require(measure.points)
            // The letter's box is 16 x 24 pixels around (16, 16); pixel centres lie within half a pixel of it.
            for i in 0..<measure.count {
                #expect(abs(points[i, 0] - 16) <= 8.5 && abs(points[i, 1] - 16) <= 12.5, "\(letter) pixel at \(points[i, 0]), \(points[i, 1])")
            }
            let pixels = shape.image().pixels
            #expect(!seen.contains(pixels), "\(letter) looks like another letter")
            seen.append(pixels)
        }
    }

    @Test func centroidsFollowTheLetterShapes() throws {
        func centroid(_ letter: String) throws -> (x: Double, y: Double) {
            let measure = try ShapeImage(shape: .letter, letter: letter, width: 32, height: 32, size: 24, thickness: 3).measure()
            let points = measure.points!
            var x = 0.0, y = 0.0
            for i in 0..<measure.count { x += measure.weights[i] * points[i, 0]; y += measure.weights[i] * points[i, 1] }
            return (x, y)
        }
        let t = try centroid("T"), l = try centroid("L"), h = try centroid("H")
        #expect(abs(t.x - 16) < 1e-6 && t.y < 16 - 1, "T is symmetric and top-heavy")
        #expect(l.x < 16 - 1 && l.y > 16 + 1, "L leans left and down")
        #expect(abs(h.x - 16) < 1e-6 && abs(h.y - 16) < 1e-6, "H is symmetric both ways")
    }

    @Test func noiseShadesCoveredPixelsFromTheSeed() throws {
        let shape = try ShapeImage(shape: .square, size: 10, noise: 0.4)
        let a = shape.image(seed: 1), b = shape.image(seed: 2)
        #expect(a == shape.image(seed: 1))
        #expect(a != b)
        let covered = a.pixels.filter { $0 > 0 }
        #expect(covered.count == 100)
        #expect(covered.allSatisfy { $0 > 0.6 && $0 <= 1 })
    }

    @Test func badSettingsNameTheSetting() {
        expectInputError(["field thickness", "expected less than size / 2"]) {
            try Generator.shape.generate(settings: ["shape": "ring", "size": "10", "thickness": "5"])
        }
        expectInputError(["field thickness"]) { try Generator.shape.generate(settings: ["shape": "letter", "size": "10", "thickness": "6"]) }
        expectInputError(["field letter", "not a valid choice"]) { try Generator.shape.generate(settings: ["shape": "letter", "letter": "ß"]) }
        expectInputError(["field shape", "disc, ring, square, letter"]) { try Generator.shape.generate(settings: ["shape": "star"]) }
        expectInputError(["field width", "0 is out of range"]) { try Generator.shape.generate(settings: ["width": "0"]) }
        expectInputError(["field size", "covers no pixel"]) { try Generator.shape.generate(settings: ["size": "2", "centre-x": "1.9"]) }
    }
}
