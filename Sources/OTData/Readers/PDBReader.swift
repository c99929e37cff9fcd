import Foundation
import OTCore

/// One chain of a protein structure as a point cloud: the selected atoms' coordinates (Å) and,
/// per point, the residue it belongs to.
public struct PDBChain: Sendable, Equatable {
    /// One residue: its name (e.g. `MET`), sequence number and insertion code.
    public struct Residue: Sendable, Equatable {
        public var name: String
        public var number: Int
        public var insertionCode: String
        /// `MET 1`, `GLY 52A`.
        public var label: String { "\(name) \(number)\(insertionCode)" }
    }

    /// `count x 3` coordinates in Å.
    public var points: DenseMatrix
    /// The residue of each point.
    public var residues: [Residue]
    /// The chain identifier read (a blank column 22 reads as "").
    public var chain: String

    public var count: Int { residues.count }

    /// `A:GLY 12`: the chain (when it has an identifier) and the residue's label.
    public var labels: [String] { residues.map { chain.isEmpty ? $0.label : "\(chain):\($0.label)" } }

    /// The chain as a measure with uniform weights, each point labelled with its residue.
    public var measure: Measure {
        var measure = Measure.uniform(points: points)
        measure.labels = labels
        return measure
    }
}

/// Reads protein structures in the PDB format's fixed columns (wwPDB format 3.3, "ATOM"/"HETATM"):
/// columns 13-16 atom name, 17 alternate location, 18-20 residue name, 22 chain, 23-26 residue
/// number, 27 insertion code, 31-38 / 39-46 / 47-54 x, y, z. Only the first model is read (up to
/// the first ENDMDL). Other records (HEADER, REMARK, ANISOU, TER, ...) are skipped.
///
/// Selection: the atoms named `atomName` (default CA, one point per residue), of `chain` (default:
/// the first chain met), from ATOM records (HETATM too with `includeHetero`), and of one alternate
/// location: blank, or `alternateLocation` (default: the first one met for that atom), so a residue
/// modelled twice gives one point. The file is bounded by `InputLimits` before it is read; every
/// error names the file and the line, and quotes at most 40 characters of it.
public enum PDBReader {
    /// What to take from the file.
    public struct Selection: Sendable, Equatable {
        public var chain: String?
        public var atomName: String
        public var alternateLocation: String?
        public var includeHetero: Bool

        public init(chain: String? = nil, atomName: String = "CA", alternateLocation: String? = nil, includeHetero: Bool = false) {
            self.chain = chain
            self.atomName = atomName
            self.alternateLocation = alternateLocation
            self.includeHetero = includeHetero
        }
    }

    /// Reads the selected atoms of the file at `path`.
    public static func read(at path: String, selection: Selection = Selection(), limits: InputLimits = .current) throws(InputError) -> PDBChain {
        let data = try FileInput.contents(of: path, limits: limits)
        return try parse(bytes: [UInt8](data), source: path, selection: selection, limits: limits)
    }

    /// Parses PDB text; `source` names the input in errors.
    public static func parse(_ text: String, source: String, selection: Selection = Selection()) throws(InputError) -> PDBChain {
        try parse(bytes: Array(text.utf8), source: source, selection: selection)
    }

    static func parse(bytes: [UInt8], source: String, selection: Selection, limits: InputLimits = .current) throws(InputError) -> PDBChain {
        if let encoding = TextEncoding.wideEncoding(of: bytes) {
            throw InputError(source, nil, TextEncoding.refusal(encoding))
        }
        var coordinates: [Double] = []
        var residues: [PDBChain.Residue] = []
        var chain = selection.chain
        /// (residue number + insertion code + atom name) seen, so an alternate location adds nothing.
        var seen = Set<String>()
        var lineNumber = 0
        var start = 0
        let wanted = selection.atomName.trimmingCharacters(in: .whitespaces).uppercased()
        var chainsMet: [String] = []
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            let line = bytes[start..<lineEnd]
            start = end + 1
            let record = field(line, 1, 6)
            if record == "ENDMDL" { break }
            guard record == "ATOM" || (record == "HETATM" && selection.includeHetero) else { continue }
            let location = "line \(lineNumber)"
            guard line.count >= 54 else {
                throw InputError(source, location, "\(record) record has \(line.count) characters; expected at least 54 (coordinates end in column 54): \(quote(line))")
            }
            guard line.allSatisfy({ $0 >= 32 && $0 < 127 }) else {
                throw InputError(source, location, "\(record) record holds a byte that is not printable ASCII; expected the PDB format's fixed columns: \(quote(line))")
            }
            let atomChain = field(line, 22, 22)
            if !chainsMet.contains(atomChain) { chainsMet.append(atomChain) }
            if chain == nil { chain = atomChain }
            guard atomChain == chain else { continue }
            guard field(line, 13, 16).uppercased() == wanted else { continue }
            let alternate = field(line, 17, 17)
            if let requested = selection.alternateLocation, !alternate.isEmpty, alternate != requested { continue }
            guard let number = Int(field(line, 23, 26)) else {
                throw InputError(source, location + ", columns 23-26", "residue number \(quote(field(line, 23, 26)[...].utf8)) is not a whole number")
            }
            let insertion = field(line, 27, 27)
            let key = "\(number)\(insertion)"
            guard seen.insert(key).inserted else { continue }
            var xyz: [Double] = []
            for (from, to, axis) in [(31, 38, "x"), (39, 46, "y"), (47, 54, "z")] {
                let text = field(line, from, to)
                guard let value = Double(text), value.isFinite else {
                    throw InputError(source, location + ", columns \(from)-\(to)", "\(axis) coordinate \(quote(text[...].utf8)) is not a finite number")
                }
                xyz.append(value)
            }
            guard residues.count < limits.maximumElements / 3 else {
                throw InputError(source, location, "more than \(limits.maximumElements / 3) selected atoms; the input limit is \(limits.maximumElements) numbers")
            }
            coordinates += xyz
            residues.append(PDBChain.Residue(name: field(line, 18, 20), number: number, insertionCode: insertion))
        }
        guard !residues.isEmpty else {
            let chains = chainsMet.map { $0.isEmpty ? "blank" : $0 }.joined(separator: ", ")
            let what = "\(selection.atomName) atoms" + (selection.chain.map { " in chain \(quote($0[...].utf8))" } ?? "")
            throw InputError(source, nil, "no \(what) in the ATOM records\(chainsMet.isEmpty ? " (the file has none)" : "; chains present: \(chains)")")
        }
        return PDBChain(points: DenseMatrix(rows: residues.count, columns: 3, storage: coordinates), residues: residues, chain: chain ?? "")
    }

    /// Columns `from...to` (1-based, inclusive) of a line, trimmed; "" past the end of the line.
    static func field(_ line: ArraySlice<UInt8>, _ from: Int, _ to: Int) -> String {
        let lower = line.startIndex + from - 1, upper = min(line.endIndex, line.startIndex + to)
        guard lower < upper else { return "" }
        return String(decoding: line[lower..<upper], as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// A bounded, escaped quotation of some bytes for a message.
    static func quote<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        "\"" + DisplayText.excerpt(String(decoding: Array(bytes.prefix(200)), as: UTF8.self), limit: 40) + "\""
    }
}
