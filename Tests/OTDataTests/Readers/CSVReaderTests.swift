import Testing
import OTCore
@testable import OTData

@Suite struct CSVReaderTests {
    @Test func readsPointsAndWeightColumn() throws {
        let path = writeTemporaryFile("cloud.csv", "x,y,weight\n0,1,0.5\n2,3.5,1.5\n")
        let measure = try CSVReader.readMeasure(at: path)
        #expect(measure.weights == [0.5, 1.5])
        #expect(measure.points == DenseMatrix([[0, 1], [2, 3.5]]))
    }

    @Test func weightColumnMayBeAnywhereAndNamedWInAnyCase() throws {
        let measure = try CSVReader.parseMeasure("W,a,b,c\n2,1,2,3\n", source: "s.csv")
        #expect(measure.weights == [2])
        #expect(measure.points == DenseMatrix([[1, 2, 3]]))
    }

    @Test func missingWeightColumnGivesUniformWeightsUnnormalizedInput() throws {
        let measure = try CSVReader.parseMeasure("x\n1\n2\n3\n4\n", source: "s.csv")
        #expect(measure.weights == [0.25, 0.25, 0.25, 0.25])
        #expect(measure.dimension == 1)
    }

    @Test func weightsAreNotNormalized() throws {
        let measure = try CSVReader.parseMeasure("x,weight\n0,2\n1,3\n", source: "s.csv")
        #expect(measure.totalMass == 5)
    }

    @Test func tabSeparatedByHeaderOrExtension() throws {
        let byHeader = try CSVReader.parseMeasure("x\ty\n1\t2\n", source: "s.txt", pathExtension: "txt")
        #expect(byHeader.points == DenseMatrix([[1, 2]]))
        let path = writeTemporaryFile("single.tsv", "x\n1\n2\n")
        #expect(try CSVReader.readMeasure(at: path).count == 2)
        let tsv = writeTemporaryFile("p.tsv", "x\tweight\n1\t0.5\n")
        #expect(try CSVReader.readMeasure(at: tsv).weights == [0.5])
    }

    @Test func whitespaceAndSemicolonSeparated() throws {
        let spaces = try CSVReader.parseMeasure("x   y\n 1  2\n3 4\n", source: "s.txt", pathExtension: "txt")
        #expect(spaces.points == DenseMatrix([[1, 2], [3, 4]]))
        let semicolons = try CSVReader.parseMeasure("x;y\n1;2\n", source: "s.csv")
        #expect(semicolons.points == DenseMatrix([[1, 2]]))
    }

    @Test func toleratesCRLFCommentsBlankLinesQuotesAndBOM() throws {
        let text = "\u{FEFF}# exported by a spreadsheet\r\n\"x\",\"y\",\"Weight\"\r\n\r\n1,2,3\r\n# a comment\r\n  \r\n4,5,6\r\n"
        let measure = try CSVReader.parseMeasure(text, source: "s.csv")
        #expect(measure.points == DenseMatrix([[1, 2], [4, 5]]))
        #expect(measure.weights == [3, 6])
    }

    @Test func quotedFieldMayContainTheDelimiter() throws {
        let measure = try CSVReader.parseMeasure("\"x, metres\",y\n1,2\n", source: "s.csv")
        #expect(measure.points == DenseMatrix([[1, 2]]))
    }

    // MARK: errors name the file, the line and the problem

    @Test func emptyFile() {
        let path = writeTemporaryFile("empty.csv", "")
        expectInputError(["empty.csv", "the file is empty", "header row"]) { try CSVReader.readMeasure(at: path) }
        expectInputError(["c.csv", "empty"]) { try CSVReader.parseMeasure("# only a comment\n\n", source: "c.csv") }
    }

    @Test func headerOnly() {
        expectInputError(["h.csv: line 2: header only, no data rows"]) {
            try CSVReader.parseMeasure("# comment\nx,y\n\n", source: "h.csv")
        }
    }

    @Test func raggedRow() {
        expectInputError(["r.csv: line 3: 3 cells, expected 2", "x, y"]) {
            try CSVReader.parseMeasure("x,y\n1,2\n1,2,3\n", source: "r.csv")
        }
    }

    @Test func nonNumericCell() {
        expectInputError(["n.csv: line 3: column \"y\": \"abc\" is not a number"]) {
            try CSVReader.parseMeasure("x,y\n1,2\n1,abc\n", source: "n.csv")
        }
        expectInputError(["n.csv: line 2: column \"x\": empty cell"]) {
            try CSVReader.parseMeasure("x,y\n,2\n", source: "n.csv")
        }
    }

    @Test func nanAndInfinityCells() {
        expectInputError(["f.csv: line 2: column \"y\": \"nan\" is not a finite number"]) {
            try CSVReader.parseMeasure("x,y\n1,nan\n", source: "f.csv")
        }
        expectInputError(["f.csv: line 3: column \"x\": \"-inf\"", "not a finite number"]) {
            try CSVReader.parseMeasure("x,y\n1,2\n-inf,2\n", source: "f.csv")
        }
        expectInputError(["line 2", "column \"w\"", "1e999"]) {
            try CSVReader.parseMeasure("x,w\n1,1e999\n", source: "f.csv")
        }
    }

    @Test func negativeWeight() {
        expectInputError(["w.csv: line 3: column \"weight\": weight -0.5 is negative"]) {
            try CSVReader.parseMeasure("x,weight\n1,1\n2,-0.5\n", source: "w.csv")
        }
    }

    @Test func zeroTotalMass() {
        expectInputError(["z.csv: column \"weight\": the weights sum to 0"]) {
            try CSVReader.parseMeasure("x,weight\n1,0\n2,0\n", source: "z.csv")
        }
    }

    @Test func noCoordinateColumns() {
        expectInputError(["o.csv: line 1: no coordinate columns"]) {
            try CSVReader.parseMeasure("weight\n1\n", source: "o.csv")
        }
    }

    @Test func missingHeaderAndBadHeaders() {
        expectInputError(["m.csv: line 1: the first row holds numbers", "header row"]) {
            try CSVReader.parseMeasure("1,2\n3,4\n", source: "m.csv")
        }
        expectInputError(["m.csv: line 1: header column 3 has no name"]) {
            try CSVReader.parseMeasure("x,y,\n1,2,\n", source: "m.csv")
        }
        expectInputError(["m.csv: line 1: two weight columns"]) {
            try CSVReader.parseMeasure("x,w,weight\n1,2,3\n", source: "m.csv")
        }
    }

    @Test func missingFileAndDirectory() {
        expectInputError(["/nonexistent/p.csv: no such file"]) { try CSVReader.readMeasure(at: "/nonexistent/p.csv") }
        let directory = temporaryDirectory().path
        expectInputError([directory, "is a directory"]) { try CSVReader.readMeasure(at: directory) }
    }
}
