import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile input (issue 21, the readers' part): inputs that claim huge sizes are refused from their
/// headers with the numbers and exit status 2, before anything in proportion is allocated; user
/// numbers are range-checked instead of trapping; messages stay one bounded, escaped line. Every
/// file is built here and is small on disk (the 2 GB `.npy` is sparse).
@Suite(.serialized) struct HostileInputTests {
    /// A fresh directory with a good point cloud `good.csv` (3 points) in it.
    private func workspace() throws -> URL {
        let directory = try OtlabProcess.temporaryDirectory()
        try Data("x,y\n0,0\n1,0\n0,1\n".utf8).write(to: directory.appendingPathComponent("good.csv"))
        return directory
    }

    private func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }

    /// Runs otlab in `directory` and expects exit status 2 with every fragment on stderr.
    private func expectRefused(_ arguments: [String], in directory: URL, environment: [String: String] = [:], input: Data? = nil,
                               _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try OtlabProcess.run(arguments, in: directory, environment: environment, input: input)
        #expect(result.status == 2, "exit \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "stderr \"\(result.stderr)\" lacks \"\(fragment)\"", sourceLocation: sourceLocation)
        }
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
    }

    // MARK: - Size policy

    @Test func aSparseTwoGigabyteNPYIsRefusedFromItsHeader() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sparse.npy").path
        let header = HostileFiles.npyHeader(descr: "|u1", shape: [1 << 31])
        try HostileFiles.writeSparse(header, length: header.count + (1 << 31), to: path)
        try expectRefused(["solve", "sparse.npy", "good.csv"], in: directory,
                          ["sparse.npy: shape (2147483648,) holds 2,147,483,648 numbers, more than the limit of 268,435,456 (set OTLAB_MAX_ELEMENTS to raise it)"])
    }

    @Test func theLimitsAreSetFromTheEnvironment() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try expectRefused(["solve", "good.csv", "good.csv"], in: directory, environment: ["OTLAB_MAX_ELEMENTS": "5"],
                          ["good.csv: 3 rows of 2 coordinates holds 6 numbers, more than the limit of 5 (set OTLAB_MAX_ELEMENTS to raise it)"])
        try expectRefused(["solve", "good.csv", "good.csv"], in: directory, environment: ["OTLAB_MAX_FILE_BYTES": "10"],
                          ["good.csv: is 16 bytes, more than the limit of 10 for an input read whole (set OTLAB_MAX_FILE_BYTES to raise it)"])
        try expectRefused(["solve", "good.csv", "good.csv"], in: directory, environment: ["OTLAB_MAX_PIXELS": "lots"],
                          ["OTLAB_MAX_PIXELS: \"lots\" is not a limit; expected a whole number >= 1"])
        let result = try OtlabProcess.run(["solve", "good.csv", "good.csv", "--json"], in: directory, environment: ["OTLAB_MAX_ELEMENTS": "6"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A member that inflates to 500 MB passes the deflate ratio check; its NPY header, inflated
    /// alone, is refused before the rest is inflated.
    @Test func anNPZMemberThatInflatesToHalfAGigabyteIsRefusedFromItsHeader() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let head = HostileFiles.npyHeader(descr: "|u1", shape: [500_000_000])
        try write(HostileFiles.zip([HostileFiles.deflateBomb("M.npy", head: head, size: head.count + 500_000_000)]), "bomb.npz", in: directory)
        try expectRefused(["solve", "bomb.npz"], in: directory,
                          ["bomb.npz[M]: shape (500000000,) holds 500,000,000 numbers, more than the limit of 268,435,456"])
    }

    @Test func npzEntriesThatShareAMemberOrANameAreRefused() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cost = HostileFiles.Member.stored("M.npy", HostileFiles.npy([0, 1, 1, 0], shape: [2, 2]))
        try write(HostileFiles.zip([cost], directory: [("M.npy", 0), ("xs.npy", 0), ("a.npy", 0)]), "shared.npz", in: directory)
        try expectRefused(["solve", "shared.npz"], in: directory, ["shared.npz: member ", "overlap member ", "expected members that do not share data"])
        try write(HostileFiles.zip([cost, cost]), "twice.npz", in: directory)
        try expectRefused(["solve", "twice.npz"], in: directory, ["twice.npz: member M.npy: appears twice in the ZIP directory"])
    }

    @Test func theTotalInflatedSizeOfAnNPZIsBounded() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cost = HostileFiles.Member.stored("M.npy", HostileFiles.npy([0, 1, 1, 0], shape: [2, 2]))
        let a = HostileFiles.Member.stored("a.npy", HostileFiles.npy([0.5, 0.5], shape: [2]))
        try write(HostileFiles.zip([cost, a]), "p.npz", in: directory)
        try expectRefused(["solve", "p.npz"], in: directory, environment: ["OTLAB_MAX_INFLATED_BYTES": "200"],
                          ["p.npz: member ", "inflates to ", "passes the limit of 200 (set OTLAB_MAX_INFLATED_BYTES to raise it)"])
    }

    /// Only the members a problem uses are decoded: a damaged `xs` beside `M` is never read.
    @Test func npzMembersTheProblemDoesNotUseAreNotDecoded() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cost = HostileFiles.Member.stored("M.npy", HostileFiles.npy([0, 1, 1, 0], shape: [2, 2]))
        var damaged = HostileFiles.Member.stored("xs.npy", HostileFiles.npy([1, 2], shape: [2]))
        damaged.crc ^= 1
        try write(HostileFiles.zip([cost, damaged]), "p.npz", in: directory)
        let result = try OtlabProcess.run(["solve", "p.npz", "--solver", "emd", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"cost\" : 0") || result.stdout.contains("\"cost\":0"), "\(result.stdout)")
    }

    /// POT reads `a=[]` as uniform weights; so does an `.npz` whose `a` or `b` is empty.
    @Test func anEmptyWeightVectorInAnNPZMeansUniform() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let costValues = [0.0, 2, 3, 1, 0, 4, 2, 5, 0]
        let cost = HostileFiles.Member.stored("M.npy", HostileFiles.npy(costValues, shape: [3, 3]))
        let empty = HostileFiles.Member.stored("a.npy", HostileFiles.npy([], shape: [0]))
        let skewed = HostileFiles.Member.stored("b.npy", HostileFiles.npy([0.5, 0.25, 0.25], shape: [3]))
        try write(HostileFiles.zip([cost, empty, skewed]), "empty-a.npz", in: directory)
        try write(HostileFiles.zip([cost, skewed]), "no-a.npz", in: directory)
        let withEmpty = try OtlabProcess.run(["solve", "empty-a.npz", "--solver", "emd", "--json"], in: directory)
        let without = try OtlabProcess.run(["solve", "no-a.npz", "--solver", "emd", "--json"], in: directory)
        #expect(withEmpty.status == 0, "\(withEmpty.stderr)")
        // a = (1/3, 1/3, 1/3), b = (1/2, 1/4, 1/4): POT 0.9.7's ot.emd2([], b, M) = 0.25 (rows 1 and
        // 2 each send their 1/12 left over to column 0, at costs 1 and 2).
        let cost1 = try #require(Self.cost(in: withEmpty.stdout)), cost2 = try #require(Self.cost(in: without.stdout))
        #expect(abs(cost1 - 0.25) < 1e-12)
        #expect(cost1 == cost2)
    }

    static func cost(in json: String) -> Double? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object["cost"] as? Double
    }

    /// An 8192 x 8192 picture is 84 KB as a white PNG; a solver that forms the cost matrix is
    /// refused from the header, with the factor that would fit, before the picture is decoded.
    @Test func aHugePictureIsBoundedFromItsHeaderBeforeDecoding() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(HostileFiles.pngHeader(width: 8192, height: 8192), "big.png", in: directory)
        try expectRefused(["solve", "big.png", "big.png"], in: directory, [
            "problem: sinkhorn-log needs the n x m cost matrix, at most 50,000,000 entries, and these pictures can give 67,108,864 x 67,108,864 points (big.png is 8192 x 8192 pixels, big.png is 8192 x 8192 pixels, --downsample 1); use --downsample 98 or more, or --solver sinkhorn-online",
        ])
        // Over the pixel limit, the reader refuses the header itself.
        try write(HostileFiles.pngHeader(width: 100_000, height: 100_000), "huge.png", in: directory)
        try expectRefused(["solve", "huge.png", "good.csv", "--solver", "sinkhorn-online"], in: directory,
                          ["huge.png: header: size 100000 x 100000 is 10,000,000,000 pixels, more than the limit of 67,108,864"])
    }

    /// A 300-byte progressive JPEG claiming 30000 x 30000: libjpeg would allocate 1.7 GB of
    /// coefficients in jpeg_start_decompress; the size is refused after jpeg_read_header.
    @Test func aProgressiveJPEGHeaderIsRefusedBeforeLibjpegAllocates() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(HostileFiles.progressiveJPEGHeader(width: 30000, height: 30000), "claim.jpg", in: directory)
        try expectRefused(["solve", "claim.jpg", "good.csv", "--solver", "sinkhorn-online"], in: directory,
                          ["claim.jpg: not a readable JPEG picture (size 30000 x 30000 is 900000000 pixels, more than the limit of 67108864"])
        try expectRefused(["solve", "claim.jpg", "claim.jpg"], in: directory, ["these pictures can give 900,000,000 x 900,000,000 points"])
    }

    // MARK: - User numbers

    @Test func aHugeDownsampleFactorIsOneBlockNotATrap() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("P2 3 2 9\n0 9 9\n9 0 9\n".utf8).write(to: directory.appendingPathComponent("p.pgm"))
        let result = try OtlabProcess.run(["solve", "p.pgm", "p.pgm", "--downsample", "9223372036854775807", "--json"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.cost(in: result.stdout) == 0)
    }

    @Test func negativeNumbersReachTheRangeCheck() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try expectRefused(["solve", "good.csv", "good.csv", "--downsample", "-5"], in: directory, ["--downsample: -5 is out of range; expected a whole number >= 1"])
        try expectRefused(["solve", "good.csv", "good.csv", "--solver", "topk", "--k", "-1"], in: directory, ["--k", "-1", "out of range"])
        try expectRefused(["color-transfer", "a.png", "b.png", "--out", "c.png", "--seed", "-1"], in: directory, ["--seed: -1 is out of range; expected a whole number >= 0"])
        try expectRefused(["color-transfer", "a.png", "b.png", "--out", "c.png", "--samples", "-3"], in: directory, ["--samples: -3 is out of range"])
    }

    // MARK: - Presets

    /// Writes a preset of the lines given after a valid header and returns its name.
    private func preset(_ name: String, _ body: String, in directory: URL) throws -> String {
        try Data(body.utf8).write(to: directory.appendingPathComponent(name))
        return name
    }

    @Test func presetFieldsAreCheckedAtParseTimeWithTheSolversDescriptors() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let head = "name: p\ndescription: d\nproblem: {generator: moons, n: 10}\n"
        try expectRefused(["run", try preset("speed.yaml", head + "solver: emd\nspeed: 1e22\n", in: directory)], in: directory,
                          ["speed.yaml: field speed: 1e+22 is out of range; expected a number in [0.01, 1000000]"])
        try expectRefused(["run", try preset("reg.yaml", head + "solver: sinkhorn-log\nparameters: {reg: -1}\n", in: directory)], in: directory,
                          ["reg.yaml: field parameters.reg: -1 is out of range; expected a number in [1e-06, 1000000]"])
        try expectRefused(["run", try preset("unknown.yaml", head + "solver: sinkhorn-log\nparameters: {regg: 1}\n", in: directory)], in: directory,
                          ["unknown.yaml: field parameters.regg: sinkhorn-log has no such parameter; it takes reg"])
        try expectRefused(["run", try preset("twice.yaml", head + "solver: emd\nsolver: sinkhorn-log\n", in: directory)], in: directory,
                          ["twice.yaml: field solver: is given twice (lines 4 and 5); give each field once"])
        try expectRefused(["run", try preset("nested.yaml", "name: p\ndescription: d\nsolver: emd\nproblem: {generator: moons, n: 10, n: 20}\n", in: directory)],
                          in: directory, ["nested.yaml: field problem.n: is given twice (lines 4 and 4)"])
    }

    /// A preset naming pictures gets the header checks a picture file on the command line gets:
    /// two 8192 x 8192 pictures (84 KB each as white PNGs, 2.6 GB decoded) are refused from their
    /// headers, naming the preset, before either is decoded; over the pixel limit the reader
    /// refuses the header itself.
    @Test func picturesNamedInAPresetAreCheckedFromTheirHeaders() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(HostileFiles.pngHeader(width: 8192, height: 8192), "big.png", in: directory)
        try write(HostileFiles.pngHeader(width: 100_000, height: 100_000), "huge.png", in: directory)
        let pictures = "name: p\ndescription: d\nsolver: sinkhorn-log\nproblem:\n  source: {file: big.png}\n  target: {file: big.png}\n"
        try expectRefused(["run", try preset("pictures.yaml", pictures, in: directory)], in: directory, [
            "pictures.yaml: sinkhorn-log needs the n x m cost matrix, at most 50,000,000 entries, and big.png is 8192 x 8192 pixels, big.png is 8192 x 8192 pixels (one point a pixel); run it with --solver sinkhorn-online",
        ])
        try expectRefused(["compare", "--preset", "pictures.yaml", "--solvers", "sinkhorn-log"], in: directory,
                          ["pictures.yaml: sinkhorn-log needs the n x m cost matrix", "use --solver sinkhorn-online"])
        // The workbench opens presets through the same check (before the terminal changes mode).
        try expectRefused(["--preset", "pictures.yaml"], in: directory,
                          ["pictures.yaml: sinkhorn-log needs the n x m cost matrix", "give the preset solver: sinkhorn-online"])
        let huge = "name: p\ndescription: d\nsolver: sinkhorn-online\nproblem:\n  source: {file: huge.png}\n  target: {file: big.png}\n"
        try expectRefused(["run", try preset("huge.yaml", huge, in: directory)], in: directory,
                          ["huge.png: header: size 100000 x 100000 is 10,000,000,000 pixels, more than the limit of 67,108,864"])
    }

    @Test func presetMessagesSayWhatIsWrong() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try expectRefused(["run", try preset("tab.yaml", "name: p\ndescription: d\nsolver: emd\n\tproblem: {generator: moons}\n", in: directory)],
                          in: directory, ["tab.yaml: is not valid YAML: line 4, column 1: found a tab character that violates indentation"])
        try expectRefused(["run", try preset("empty-file.yaml", "name: p\ndescription: d\nsolver: emd\nproblem:\n  source: {file: \"\"}\n  target: {generator: moons}\n", in: directory)],
                          in: directory, ["empty-file.yaml: field problem.source.file: is empty; expected the path of a data file, relative to the preset"])
        let utf16 = "name: p\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data([0xFF, 0xFE] + utf16).write(to: directory.appendingPathComponent("wide.yaml"))
        try expectRefused(["run", "wide.yaml"], in: directory, ["wide.yaml: is encoded as UTF-16 (little-endian, with a byte-order mark), not UTF-8"])
        try HostileFiles.writeSparse(Array("name: p\n".utf8), length: 2 << 20, to: directory.appendingPathComponent("big.yaml").path)
        try expectRefused(["run", "big.yaml"], in: directory, ["big.yaml: is 2,097,152 bytes; a preset is a few kilobytes of YAML, at most 1,048,576"])
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("random.yaml").path, withDestinationPath: "/dev/urandom")
        try expectRefused(["run", "random.yaml"], in: directory, ["random.yaml: is not a regular file (it is a character device)"])
    }

    // MARK: - Files that are not regular files, standard input

    @Test func devicesFIFOsAndDirectoriesAreNotRegularFiles() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("zero.csv").path, withDestinationPath: "/dev/zero")
        try expectRefused(["solve", "zero.csv", "good.csv"], in: directory, ["zero.csv: is not a regular file (it is a character device); expected a file, or - for standard input"])
        #expect(mkfifo(directory.appendingPathComponent("pipe.csv").path, 0o600) == 0)
        try expectRefused(["solve", "pipe.csv", "good.csv"], in: directory, ["pipe.csv: is not a regular file (it is a FIFO (named pipe))"])
        try expectRefused(["solve", "good.csv", "good.csv", "--cost-matrix", "/dev/urandom"], in: directory, ["/dev/urandom: is not a regular file (it is a character device)"])
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("dangling.csv").path, withDestinationPath: "nowhere.csv")
        try expectRefused(["solve", "dangling.csv", "good.csv"], in: directory, ["dangling.csv: is a symbolic link to a file that does not exist"])
    }

    @Test func standardInputIsReadWhereAFileIs() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cloud = Data("x,y\n0,0\n1,0\n0,1\n".utf8)
        for name in ["-", "/dev/stdin"] {
            let result = try OtlabProcess.run(["solve", name, "good.csv", "--solver", "emd", "--json"], in: directory, input: cloud)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(Self.cost(in: result.stdout) == 0, "\(name): \(result.stdout)")
        }
        try expectRefused(["solve", "-", "-"], in: directory, input: cloud, ["-: standard input is already the source; give the target as a file"])
        // A picture on standard input is recognised by its first bytes.
        let picture = Data("P2 2 1 9\n9 9\n".utf8)
        let result = try OtlabProcess.run(["solve", "-", "good.csv", "--solver", "emd", "--normalize", "--json"], in: directory, input: picture)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// An `.npz` problem on standard input (`-`) is read as a file is, within the same limits
    /// (its members, its inflated total); as one of two measures it is refused with what to do.
    @Test func anNPZProblemOnStandardInputIsReadWithinTheLimits() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cost = HostileFiles.Member.stored("M.npy", HostileFiles.npy([0, 1, 1, 0], shape: [2, 2]))
        let a = HostileFiles.Member.stored("a.npy", HostileFiles.npy([0.5, 0.5], shape: [2]))
        let archive = Data(HostileFiles.zip([cost, a]))
        for name in ["-", "/dev/stdin"] {
            let result = try OtlabProcess.run(["solve", name, "--solver", "emd", "--json"], in: directory, input: archive)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(Self.cost(in: result.stdout) == 0, "\(name): \(result.stdout)")
        }
        try expectRefused(["solve", "-"], in: directory, environment: ["OTLAB_MAX_INFLATED_BYTES": "200"], input: archive,
                          ["-: member ", "inflates to ", "passes the limit of 200 (set OTLAB_MAX_INFLATED_BYTES to raise it)"])
        try expectRefused(["solve", "-"], in: directory, environment: ["OTLAB_MAX_FILE_BYTES": "100"], input: archive,
                          ["standard input: holds more than 100 bytes, the limit for an input read whole (set OTLAB_MAX_FILE_BYTES to raise it)"])
        let head = HostileFiles.npyHeader(descr: "|u1", shape: [500_000_000])
        try expectRefused(["solve", "-"], in: directory,
                          input: Data(HostileFiles.zip([HostileFiles.deflateBomb("M.npy", head: head, size: head.count + 500_000_000)])),
                          ["-[M]: shape (500000000,) holds 500,000,000 numbers, more than the limit of 268,435,456"])
        try expectRefused(["solve", "-", "good.csv"], in: directory, input: archive,
                          ["-: holds an .npz archive, a whole problem (a, b, M or xs, xt); give it alone, without a second file (otlab solve -)"])
    }

    // MARK: - Messages

    @Test func fileNamesWithControlCharactersAreEscaped() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try OtlabProcess.run(["solve", "a\u{1B}[2J\nb.csv", "good.csv"], in: directory)
        #expect(result.status == 2)
        #expect(!result.stderr.contains("\u{1B}"), "raw escape: \(result.stderr.debugDescription)")
        #expect(result.stderr.contains("a\\e[2J\\nb.csv: no such file"), "\(result.stderr.debugDescription)")
    }

    /// A file name whose bytes are not UTF-8 (Latin-1 `caf\xe9.csv`) is shown with those bytes as
    /// `\xNN`, never as U+FFFD, with what to do about it. (Foundation passes arguments as Strings,
    /// so the raw bytes go through the shell's printf.)
    @Test func fileNamesThatAreNotUTF8ShowTheirBytes() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = "exec \"$0\" solve \"$(printf 'caf\\351\\n.csv')\" good.csv"
        let result = try OtlabProcess.run(["-c", script, OtlabProcess.executable.path], in: directory,
                                          executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("caf\\xe9\\n.csv: is not UTF-8"), "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains("rename the file"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{FFFD}"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aNulByteInsideANumberIsAnError() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x,y\n7\u{0}123,1\n2,3\n".utf8).write(to: directory.appendingPathComponent("nul.csv"))
        try expectRefused(["solve", "nul.csv", "good.csv"], in: directory, ["nul.csv: line 2: column \"x\": \"7\\0123\" is not a number"])
    }

    @Test func wideTextEncodingsAreNamed() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = "x,y\n0,0\n1,1\n"
        try Data([0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: directory.appendingPathComponent("bom16.csv"))
        try Data(Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).write(to: directory.appendingPathComponent("be16.csv"))
        try Data(text.unicodeScalars.flatMap { [UInt8($0.value & 0xFF), 0, 0, 0] }).write(to: directory.appendingPathComponent("le32.csv"))
        try expectRefused(["solve", "bom16.csv", "good.csv"], in: directory, ["bom16.csv: is encoded as UTF-16 (little-endian, with a byte-order mark), not UTF-8; convert it first"])
        try expectRefused(["solve", "be16.csv", "good.csv"], in: directory, ["be16.csv: is encoded as UTF-16 (big-endian), not UTF-8"])
        try expectRefused(["solve", "le32.csv", "good.csv"], in: directory, ["le32.csv: is encoded as UTF-32 (little-endian), not UTF-8"])
    }

    @Test func aMegabyteCellOrColumnNameIsCutWithItsSize() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cell = String(repeating: "z", count: 1_000_000)
        try Data("x,y\n0,\(cell)\n".utf8).write(to: directory.appendingPathComponent("cell.csv"))
        try Data("x,\(cell)\n0,a\n".utf8).write(to: directory.appendingPathComponent("name.csv"))
        for name in ["cell.csv", "name.csv"] {
            let result = try OtlabProcess.run(["solve", name, "good.csv"], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.count < 400, "\(result.stderr.count) characters")
            #expect(result.stderr.contains("... (1000000 bytes)"), "\(result.stderr.prefix(400))")
        }
    }
}
