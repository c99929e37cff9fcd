import Foundation
import Testing
import OTCore
@testable import OTData

/// `PDBReader` reads the fixed columns of ATOM/HETATM records, selects chain, atom and alternate
/// location, and refuses hostile input with bounded messages naming the line; the committed AdK
/// extracts give the figures the protein-alignment lesson states.
@Suite struct PDBReaderTests {
    /// A record with the PDB format's fixed columns.
    static func atom(_ serial: Int, _ name: String, _ residue: String, _ chain: String, _ number: Int,
                     _ x: Double, _ y: Double, _ z: Double, alt: String = " ", record: String = "ATOM  ", insertion: String = " ") -> String {
        let atomName = name.count < 4 ? " " + name.padding(toLength: 3, withPad: " ", startingAt: 0) : name
        return record + String(format: "%5d", serial) + " " + atomName + alt + residue.padding(toLength: 3, withPad: " ", startingAt: 0)
            + " " + chain + String(format: "%4d", number) + insertion + "   "
            + String(format: "%8.3f%8.3f%8.3f", x, y, z) + "  1.00 20.00           C"
    }

    static let sample = [
        "HEADER    TEST",
        atom(1, "N", "MET", "A", 1, 0, 0, 0),
        atom(2, "CA", "MET", "A", 1, 1, 2, 3),
        atom(3, "CA", "GLY", "A", 2, 4, 5, 6, alt: "A"),
        atom(4, "CA", "GLY", "A", 2, 40, 50, 60, alt: "B"),
        atom(5, "CA", "SER", "A", 2, 7, 8, 9, insertion: "A"),
        atom(6, "CA", "HOH", "A", 100, 9, 9, 9, record: "HETATM"),
        "TER",
        atom(7, "CA", "ALA", "B", 1, -1, -2, -3),
        "ENDMDL",
        atom(8, "CA", "ALA", "A", 3, 99, 99, 99),
    ].joined(separator: "\n")

    @Test func readsTheFirstChainsCAAtomsOfTheFirstModelWithTheFirstAlternateLocation() throws {
        let chain = try PDBReader.parse(Self.sample, source: "t.pdb")
        #expect(chain.chain == "A")
        #expect(chain.residues.map(\.label) == ["MET 1", "GLY 2", "SER 2A"])
        #expect(chain.points.storage == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        // The measure carries the residues as point labels (the plan pane's inspect cursor names them).
        #expect(chain.measure.labels == ["A:MET 1", "A:GLY 2", "A:SER 2A"])
        #expect(chain.measure.normalized().labels == chain.measure.labels)
    }

    @Test func selectsChainAlternateLocationAtomAndHeteroAtoms() throws {
        #expect(try PDBReader.parse(Self.sample, source: "t.pdb", selection: .init(chain: "B")).points.storage == [-1, -2, -3])
        let alternate = try PDBReader.parse(Self.sample, source: "t.pdb", selection: .init(alternateLocation: "B"))
        #expect(alternate.points.row(1) == [40, 50, 60])
        #expect(try PDBReader.parse(Self.sample, source: "t.pdb", selection: .init(atomName: "N")).count == 1)
        let hetero = try PDBReader.parse(Self.sample, source: "t.pdb", selection: .init(includeHetero: true))
        #expect(hetero.residues.last?.label == "HOH 100")
    }

    @Test(arguments: [
        ("ATOM      2  CA  MET A   1       1.000", "at least 54"),
        ("ATOM      2  CA  MET A   1       1.000   2.000   nan.0", "z coordinate"),
        ("ATOM      2  CA  MET A   1       1.000   2.000   1e999", "z coordinate"),
        ("ATOM      2  CA  MET A   x       1.000   2.000   3.000", "residue number"),
        ("ATOM      2  CA  MET A   1       1.000   \u{7}2.000   3.000", "printable ASCII"),
        ("HEADER only", "no CA atoms"),
        ("", "no CA atoms"),
    ])
    func hostileInputIsRefusedNamingTheLine(text: String, expected: String) {
        do {
            _ = try PDBReader.parse(text, source: "bad.pdb", selection: .init(chain: nil))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.contains("bad.pdb"))
            #expect(error.description.count < 300)
        }
    }

    @Test func aLongGarbageLineIsQuotedBounded() {
        let text = "ATOM      2  CA  MET A   1    " + String(repeating: "Z", count: 100_000)
        do {
            _ = try PDBReader.parse(text, source: "bad.pdb")
            Issue.record("accepted garbage")
        } catch {
            #expect(error.description.count < 300)
            #expect(error.description.contains("line 1"))
            #expect(error.description.contains("x coordinate"))
        }
    }

    @Test func missingChainListsTheChainsPresent() {
        do {
            _ = try PDBReader.parse(Self.sample, source: "t.pdb", selection: .init(chain: "Q"))
            Issue.record("accepted a missing chain")
        } catch {
            #expect(error.description.contains("chains present: A, B"), "\(error.description)")
        }
    }

    /// The repository's presets/data folder.
    static var presetData: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("presets/data")
    }

    /// The figures the protein-alignment lesson states: 214 residues each, RMSD 6.9 Å after the
    /// Kabsch superposition (numpy's SVD gives 6.908967327), and 79 residues whose nearest CA after
    /// superposition has their own residue number.
    @Test func adenylateKinaseRigidMatchFigures() throws {
        let open = try PDBReader.read(at: Self.presetData.appendingPathComponent("adk-open-ca.pdb").path)
        let closed = try PDBReader.read(at: Self.presetData.appendingPathComponent("adk-closed-ca.pdb").path)
        #expect(open.count == 214 && closed.count == 214)
        #expect(open.residues.map(\.number) == closed.residues.map(\.number))
        let superposition = RigidSuperposition(moving: closed.points, onto: open.points)
        let moved = superposition.apply(closed.points)
        #expect(abs(RigidSuperposition.rmsd(open.points, moved) - 6.908967327088401) < 1e-9)
        var same = 0
        for i in 0..<open.count {
            var best = 0, bestDistance = Double.infinity
            for j in 0..<closed.count {
                var d = 0.0
                for k in 0..<3 { d += (open.points[i, k] - moved[j, k]) * (open.points[i, k] - moved[j, k]) }
                if d < bestDistance { bestDistance = d; best = j }
            }
            if best == i { same += 1 }
        }
        #expect(same == 79)
    }
}
