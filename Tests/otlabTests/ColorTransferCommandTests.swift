import Foundation
import Testing
import OTData

/// Drives `otlab color-transfer` as a script would: two pictures in, a PNG out, exit statuses.
@Suite struct ColorTransferCommandTests {
    let directory: URL

    init() throws {
        directory = try OtlabProcess.temporaryDirectory()
        // A 32 x 24 gradient (red across, green down) and a 20 x 10 warm picture, as ASCII PPM.
        var gradient = "P3\n32 24\n255\n"
        for row in 0..<24 { for col in 0..<32 { gradient += "\(col * 8) \(row * 11) 128\n" } }
        try gradient.write(to: directory.appendingPathComponent("gradient.ppm"), atomically: true, encoding: .utf8)
        var warm = "P3\n20 10\n255\n"
        for p in 0..<200 { warm += "\(215 + p % 40) \(70 + (p * 7) % 120) \((p * 13) % 50)\n" }
        try warm.write(to: directory.appendingPathComponent("warm.ppm"), atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0]).write(to: directory.appendingPathComponent("broken.png"))
    }

    @Test func writesThePictureAtTheSourcesSizeWithTheTargetsColours() throws {
        let result = try OtlabProcess.run(["color-transfer", "gradient.ppm", "warm.ppm", "--out", "out.png", "--samples", "300", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["solver"] as? String == "emd")
        #expect(object["status"] as? String == "converged")
        let image = try PNGReader.read(at: directory.appendingPathComponent("out.png").path)
        #expect(image.width == 32 && image.height == 24)
        // The written picture's mean is within 0.02 per channel of the target's (8-bit rounding and
        // the sample's deviation from the whole picture).
        let target = try NetpbmReader.readColor(at: directory.appendingPathComponent("warm.ppm").path).meanColor
        let mean = image.meanColor
        #expect(abs(mean.red - target.red) < 0.02 && abs(mean.green - target.green) < 0.02 && abs(mean.blue - target.blue) < 0.02,
                "result mean \(mean), target mean \(target)")
    }

    @Test func regularizedTransferUsesSinkhornLog() throws {
        let result = try OtlabProcess.run(["color-transfer", "gradient.ppm", "warm.ppm", "--out", "soft.png", "--samples", "200", "--reg", "0.02"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sinkhorn-log"))
        #expect(try PNGReader.read(at: directory.appendingPathComponent("soft.png").path).width == 32)
    }

    @Test func badInputIsExitStatusTwoWithTheFileNamed() throws {
        let cases: [([String], String)] = [
            (["color-transfer", "missing.png", "warm.ppm", "--out", "o.png"], "missing.png: no such file"),
            (["color-transfer", "gradient.ppm", "broken.png", "--out", "o.png"], "broken.png: not a readable PNG picture"),
            (["color-transfer", "gradient.ppm", "warm.ppm", "--out", "o.jpg"], "--out: \"o.jpg\" has an unsupported extension; expected .png"),
            (["color-transfer", "gradient.ppm", "warm.ppm", "--out", "o.png", "--samples", "0"], "--samples: 0 is out of range"),
            (["color-transfer", "gradient.ppm", "warm.ppm", "--out", "o.png", "--solver", "nope"], "unknown solver \"nope\""),
        ]
        for (arguments, message) in cases {
            let result = try OtlabProcess.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o.png").path))
        }
    }
}
