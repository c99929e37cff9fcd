import Foundation
import Testing

/// One bad input (a file in `BadInputs/` or a flag set) and what `otlab` must say about it.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    /// Substrings stderr must contain: the file or flag, and the problem.
    var expected: [String]

    init(_ name: String, _ arguments: [String], _ expected: String...) {
        self.name = name
        self.arguments = arguments
        self.expected = expected
    }

    var testDescription: String { name }
}

/// The bad-input corpus (issue 7): every case exits with status 2 and one line naming the file
/// or flag and what was expected, never a trap. The files live in `Tests/otlabTests/BadInputs/`;
/// the binary .npy ones are made by `make_bad_inputs.py` there.
@Suite struct BadInputTests {
    static let corpus = OtlabProcess.repositoryRoot.appendingPathComponent("Tests/otlabTests/BadInputs")

    /// A well-formed pair for cases where only a flag is wrong.
    static let good = ["good2d.csv", "heavier.csv", "--normalize"]

    static let cases: [BadInputCase] = [
        // CSV / TSV point clouds
        .init("empty file", ["solve", "empty.csv", "good2d.csv", "--normalize"], "empty.csv", "the file is empty"),
        .init("header only", ["solve", "header_only.csv", "good2d.csv", "--normalize"], "header_only.csv", "line 1", "header only, no data rows"),
        .init("ragged rows", ["solve", "ragged.csv", "good2d.csv", "--normalize"], "ragged.csv", "line 3", "3 cells, expected 2"),
        .init("non-numeric cell", ["solve", "non_numeric.csv", "good2d.csv", "--normalize"], "non_numeric.csv", "line 3", "column \"y\"", "\"abc\" is not a number"),
        .init("non-numeric TSV cell", ["solve", "non_numeric.tsv", "good2d.csv", "--normalize"], "non_numeric.tsv", "line 3", "\"zz\" is not a number"),
        .init("NaN cell", ["solve", "nan_cell.csv", "good2d.csv", "--normalize"], "nan_cell.csv", "line 3", "not a finite number"),
        .init("Inf cell", ["solve", "inf_cell.csv", "good2d.csv", "--normalize"], "inf_cell.csv", "line 3", "\"inf\" is not a finite number"),
        .init("overflowing number", ["solve", "overflow.csv", "good2d.csv", "--normalize"], "overflow.csv", "line 3", "\"1e999\" is not a finite number"),
        .init("negative weight", ["solve", "negative_weight.csv", "good2d.csv", "--normalize"], "negative_weight.csv", "line 3", "weight -0.5 is negative"),
        .init("zero total mass", ["solve", "zero_mass.csv", "good2d.csv", "--normalize"], "zero_mass.csv", "the weights sum to 0", "positive total mass"),
        .init("mismatched dimensions", ["solve", "good2d.csv", "good3d.csv", "--normalize"], "good3d.csv", "dimension 3", "good2d.csv has dimension 2"),
        // Cost matrices
        .init("cost matrix of wrong shape", ["solve", "weights3.npy", "weights4.npy", "--cost-matrix", "cost4x4.npy"], "cost4x4.npy", "shape (4, 4)", "expected (3, 4)"),
        .init("cost matrix with NaN", ["solve", "weights3.npy", "weights4.npy", "--cost-matrix", "cost_nan.npy"], "cost_nan.npy", "element [1, 2]", "NaN", "finite numbers only"),
        .init("weights only without cost matrix", ["solve", "weights3.npy", "weights4.npy"], "weights3.npy", "weights only", "--cost-matrix"),
        .init("cost matrix is a directory", ["solve", "weights3.npy", "weights4.npy", "--cost-matrix", "directory.csv"], "directory.csv", "is a directory; expected a file"),
        // NPY
        .init("NPY complex dtype", ["solve", "complex.npy", "good2d.csv", "--normalize"], "complex.npy", "'<c16'", "complex numbers are not supported"),
        .init("NPY string dtype", ["solve", "strings.npy", "good2d.csv", "--normalize"], "strings.npy", "'<U1'", "strings are not supported"),
        .init("NPY object dtype", ["solve", "object.npy", "good2d.csv", "--normalize"], "object.npy", "'|O'", "Python objects are not supported"),
        .init("NPY 3-D array", ["solve", "three_d.npy", "good2d.csv", "--normalize"], "three_d.npy", "3-D array", "expected a 1-D vector or a 2-D matrix"),
        .init("NPY big-endian", ["solve", "big_endian.npy", "good2d.csv", "--normalize"], "big_endian.npy", "'>f8'", "big-endian data is not supported"),
        .init("truncated NPY", ["solve", "truncated.npy", "good2d.csv", "--normalize"], "truncated.npy", "truncated", "needs 320 bytes", "has 220"),
        .init("not an NPY file", ["solve", "not_npy.npy", "good2d.csv", "--normalize"], "not_npy.npy", "not a NumPy .npy file"),
        // Files
        .init("unknown extension", ["solve", "unknown_ext.dat", "good2d.csv", "--normalize"], "unknown_ext.dat", "unsupported input format", ".dat"),
        .init("missing file", ["solve", "missing.csv", "good2d.csv", "--normalize"], "missing.csv", "no such file"),
        .init("missing file with unknown extension", ["solve", "missing.dat", "good2d.csv", "--normalize"], "missing.dat", "no such file"),
        .init("directory instead of file", ["solve", "directory.csv", "good2d.csv", "--normalize"], "directory.csv", "is a directory; expected a file"),
        .init("directory without extension", ["solve", ".", "good2d.csv", "--normalize"], ".: is a directory; expected a file"),
        // Flags
        .init("unknown solver", ["solve"] + good + ["--solver", "nope"], "--solver", "unknown solver \"nope\"", "sinkhorn-log"),
        .init("unknown ground cost", ["solve"] + good + ["--cost", "manhattan"], "--cost", "unknown ground cost \"manhattan\"", "sqeuclidean"),
        .init("reg zero", ["solve"] + good + ["--reg", "0"], "--reg", "0 is out of range", "[1e-06, 1000000]"),
        .init("reg negative", ["solve"] + good + ["--reg", "-1"], "--reg", "-1 is out of range"),
        .init("reg NaN", ["solve"] + good + ["--reg", "nan"], "--reg", "nan is out of range"),
        .init("max-iter zero", ["solve"] + good + ["--max-iter", "0"], "--max-iter", "0 is out of range", "whole number"),
        .init("unknown --param name", ["solve"] + good + ["--param", "bogus=1"], "--param bogus", "unknown parameter \"bogus\"", "momentum"),
        .init("malformed --param", ["solve"] + good + ["--param", "momentum"], "--param", "\"momentum\" is not NAME=VALUE"),
        .init("unequal masses for a balanced solver", ["solve", "good2d.csv", "heavier.csv", "--solver", "sinkhorn"], "sinkhorn needs equal masses", "--normalize"),
        .init("--plan-out with bad extension", ["solve"] + good + ["--plan-out", "plan.txt"], "--plan-out", "plan.txt", "unsupported extension", "expected .npy or .csv"),
        .init("--plan-out into a missing directory", ["solve"] + good + ["--plan-out", "nodir/plan.npy"], "nodir/plan.npy", "cannot be written", "does not exist"),
        // Presets
        .init("preset with unknown field", ["run", "preset_unknown_field.yaml"], "preset_unknown_field.yaml", "field colour", "not a known field"),
        .init("preset with missing solver", ["run", "preset_missing_solver.yaml"], "preset_missing_solver.yaml", "field solver", "is missing"),
        .init("preset with bad YAML syntax", ["run", "preset_bad_syntax.yaml"], "preset_bad_syntax.yaml", "is not valid YAML", "line 6, column 9: did not find expected ',' or '}'"),
        .init("preset with bad generator setting", ["run", "preset_bad_generator.yaml"], "preset_bad_generator.yaml", "problem.source", "field n", "-5 is out of range"),
        .init("unknown preset", ["run", "no-such-preset"], "no-such-preset", "no such preset", "welcome"),
    ]

    @Test(arguments: cases)
    func exitsTwoWithOneClearLine(_ bad: BadInputCase) throws {
        let result = try OtlabProcess.run(bad.arguments, in: Self.corpus)
        #expect(result.status == 2, "\(bad.name): status \(result.status), stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(bad.name): expected one line, got: \(result.stderr)")
        #expect(result.stderr.hasPrefix("otlab: "), "\(bad.name): \(result.stderr)")
        for fragment in bad.expected {
            #expect(result.stderr.contains(fragment), "\(bad.name): stderr lacks \"\(fragment)\": \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"), "\(bad.name): trapped")
    }

    @Test func corpusHasAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "case names are unique")
    }
}
