import Foundation
import OTData
import Testing

/// Drives `otlab barycenter` and `otlab solve --solver sliced|gaussian` on the POT reference data
/// (`Tests/OTSolversTests/Reference/data/barycenters`, written by make_reference_barycenters.py).
@Suite struct BarycenterCommandTests {
    static var data: String {
        OtlabProcess.repositoryRoot.appendingPathComponent("Tests/OTSolversTests/Reference/data/barycenters").path
    }

    /// A convolutional barycenter of the 64 x 64 pictures stops where POT does (310 iterations at
    /// tol 1e-6) and writes the same picture as .npy (to 1e-8) and as a 64 x 64 PNG.
    @Test func convolutionalBarycenterWritesPOTsPicture() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let d = Self.data
        let result = try OtlabProcess.run(["barycenter", "\(d)/pic64_1.npy", "\(d)/pic64_2.npy", "--reg", "2e-3", "--tol", "1e-6",
                                           "--out", "bar.npy", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"solver\":\"convolutional\"") && result.stdout.contains("\"iterations\":310"), "\(result.stdout)")
        let written = try NPYReader.read(at: directory.appendingPathComponent("bar.npy").path)
        let expected = try NPYReader.read(at: "\(d)/pic64_conv_stop.npy")
        #expect(written.shape == [64, 64])
        let difference = zip(written.values, expected.values).reduce(0) { max($0, abs($1.0 - $1.1)) }
        #expect(difference <= 1e-8, "max abs difference \(difference)")
        let png = try OtlabProcess.run(["barycenter", "\(d)/pic64_1.npy", "\(d)/pic64_2.npy", "--reg", "2e-3", "--max-iter", "20", "--out", "bar.png"], in: directory)
        #expect(png.status == 0, "\(png.stderr)")
        let image = try ImageReader.readGrey(at: directory.appendingPathComponent("bar.png").path)
        #expect(image.width == 64 && image.height == 64)
    }

    /// 1-D histograms default to bregman; --weights is one weight per input; --progress streams records.
    @Test func histogramsAndProgress() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let d = Self.data
        let result = try OtlabProcess.run(["barycenter", "\(d)/hist1d_1.npy", "\(d)/hist1d_2.npy", "--weights", "3,7", "--reg", "2e-3",
                                           "--max-iter", "300", "--tol", "0", "--out", "h.npy", "--progress"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("\"type\":\"record\"") }.count == 300, "one record per iteration")
        #expect(lines.last?.contains("\"solver\":\"bregman\"") == true)
        let written = try NPYReader.read(at: directory.appendingPathComponent("h.npy").path)
        let expected = try NPYReader.read(at: "\(d)/hist1d_bar_sinkhorn.npy")
        let difference = zip(written.values, expected.values).reduce(0) { max($0, abs($1.0 - $1.1)) }
        #expect(difference <= 1e-8, "max abs difference \(difference)")
        let bad = try OtlabProcess.run(["barycenter", "\(d)/hist1d_1.npy", "\(d)/hist1d_2.npy", "--weights", "1,2,3"], in: directory)
        #expect(bad.status == 2 && bad.stderr.contains("--weights"), "\(bad.stderr)")
        let png = try OtlabProcess.run(["barycenter", "\(d)/hist1d_1.npy", "\(d)/hist1d_2.npy", "--out", "h.png"], in: directory)
        #expect(png.status == 2 && png.stderr.contains(".png"), "\(png.stderr)")
    }

    /// `solve --solver sliced --projections-file` prints POT's sliced distance; `--solver gaussian` the Bures W2^2.
    @Test func slicedAndGaussianFromTheCommandLine() throws {
        let directory = try OtlabProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let d = Self.data
        // Uniform weights (the .npy clouds carry none): POT's values for these clouds and directions.
        let sliced = try OtlabProcess.run(["solve", "\(d)/clouds_xs.npy", "\(d)/clouds_xt.npy", "--solver", "sliced",
                                           "--projections-file", "\(d)/sliced_projections.npy", "--json"], in: directory)
        #expect(sliced.status == 0, "\(sliced.stderr)")
        #expect(sliced.stdout.contains("\"cost\":0.86873323158272"), "\(sliced.stdout)")
        let gaussian = try OtlabProcess.run(["solve", "\(d)/clouds_xs.npy", "\(d)/clouds_xt.npy", "--solver", "gaussian", "--json"], in: directory)
        #expect(gaussian.status == 0, "\(gaussian.stderr)")
        #expect(gaussian.stdout.contains("\"cost\":2.94501429228"), "\(gaussian.stdout)")
        let wrong = try OtlabProcess.run(["solve", "\(d)/clouds_xs.npy", "\(d)/clouds_xt.npy", "--solver", "emd",
                                          "--projections-file", "\(d)/sliced_projections.npy"], in: directory)
        #expect(wrong.status == 2 && wrong.stderr.contains("--projections-file"), "\(wrong.stderr)")
    }
}
