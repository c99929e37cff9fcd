import Foundation
import Testing
import OTCore
import OTData
import OTSolvers
import Terminal
@testable import Workbench
import TestScratch

/// The workbench's text fields, the parameter form (`e`) and the open-files dialog (`o`), reject bad
/// values with a message naming the field or file and what is expected, and never trap.
@Suite struct ParameterFormTests {
    static let badNumbers = ["abc", "", "nan", "NaN", "-nan", "inf", "-inf", "1e400", "-1e400", "1/0", "0/0", "1/", "--1",
                             "99999999999999999999", "-99999999999999999999", "0x", "１"]

    /// Every field of every solver, given each bad number, gets an error naming the field's label
    /// and what is expected; the form hands back no values.
    @Test func everyFieldOfEverySolverRejectsBadNumbersNamingItselfAndTheRange() {
        for solver in SolverRegistry.all {
            for text in Self.badNumbers {
                var form = ParameterForm(parameters: solver.defaults)
                for index in form.fields.indices { form.fields[index].text = text }
                let accepted = form.validated(against: solver.defaults)
                for field in form.fields {
                    // A choice or flag field may legitimately take some of these texts ("1" is not one).
                    guard let error = field.error else {
                        if case .real = field.descriptor.kind { Issue.record("\(solver.name).\(field.descriptor.name) accepted \"\(text)\"") }
                        if case .integer = field.descriptor.kind { Issue.record("\(solver.name).\(field.descriptor.name) accepted \"\(text)\"") }
                        continue
                    }
                    #expect(error.contains(field.descriptor.label), "\(solver.name): \(error)")
                    #expect(error.contains("expected " + field.descriptor.rangeDescription), "\(solver.name): \(error)")
                }
                if form.fields.contains(where: { $0.error != nil }) { #expect(accepted == nil) }
            }
        }
    }

    /// Just outside each numeric range is rejected; the bounds themselves are accepted.
    @Test func valuesJustOutsideTheRangeAreRejectedAndTheBoundsAccepted() throws {
        for solver in SolverRegistry.all {
            for descriptor in solver.defaults.descriptors {
                let (below, low, high, above): (String, String, String, String)
                switch descriptor.kind {
                case .real(_, let range, _):
                    guard range.lowerBound.isFinite, range.upperBound.isFinite else { continue }
                    (below, low, high, above) = ("\(range.lowerBound.nextDown)", "\(range.lowerBound)", "\(range.upperBound)", "\(range.upperBound.nextUp)")
                case .integer(_, let range):
                    guard range.lowerBound > Int.min, range.upperBound < Int.max else { continue }
                    (below, low, high, above) = ("\(range.lowerBound - 1)", "\(range.lowerBound)", "\(range.upperBound)", "\(range.upperBound + 1)")
                default:
                    continue
                }
                for text in [below, above] {
                    var form = ParameterForm(parameters: solver.defaults)
                    let index = try #require(form.fields.firstIndex { $0.descriptor.name == descriptor.name })
                    form.fields[index].text = text
                    #expect(form.validated(against: solver.defaults) == nil, "\(solver.name).\(descriptor.name) = \(text)")
                    let error = form.fields[index].error ?? ""
                    #expect(error.contains("out of range") && error.contains(descriptor.label), "\(error)")
                }
                for text in [low, high] {
                    var form = ParameterForm(parameters: solver.defaults)
                    let index = try #require(form.fields.firstIndex { $0.descriptor.name == descriptor.name })
                    form.fields[index].text = text
                    #expect(form.validated(against: solver.defaults) != nil, "\(solver.name).\(descriptor.name) = \(text): \(form.fields[index].error ?? "")")
                }
            }
        }
    }

    @Test func choicesAndFlagsRejectUnknownWordsListingTheOptions() {
        for solver in SolverRegistry.all {
            var form = ParameterForm(parameters: solver.defaults)
            for index in form.fields.indices { form.fields[index].text = "maybe" }
            _ = form.validated(against: solver.defaults)
            for field in form.fields {
                switch field.descriptor.kind {
                case .choice(_, let options):
                    #expect(field.error?.contains("\"maybe\" is not a valid choice; expected one of " + options.joined(separator: ", ")) == true, "\(field.error ?? "accepted")")
                case .flag:
                    #expect(field.error?.contains("\"maybe\" is not a flag; expected true or false") == true, "\(field.error ?? "accepted")")
                default:
                    #expect(field.error != nil)
                }
            }
        }
    }

    /// Through the keys: NaN for reg shows the error in the dialog, keeps it open and changes nothing.
    @Test func nanTypedIntoTheFormShowsTheErrorAndKeepsTheRun() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 120, height: 40)
        let generation = model.runner.snapshot.generation
        WorkbenchInput.handle(.key(.character("e")), model: model, layout: layout)
        for _ in 0..<10 { WorkbenchInput.handle(.key(.backspace), model: model, layout: layout) }
        for c in "nan" { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        guard case .parameterForm(let form)? = model.overlay else {
            Issue.record("the form closed on a bad value")
            return
        }
        #expect(form.fields[0].error == "regularization: nan is out of range; expected \(form.fields[0].descriptor.rangeDescription)")
        let screen = render(model).text
        #expect(screen.contains("✗ regularization: nan is out of range; expected a number in"), "\(screen)")
        #expect(model.setup.parameters.real("reg") == 0.2)
        #expect(model.runner.snapshot.generation == generation, "no restart on a rejected form")
    }

    /// Errors longer than the dialog's line wrap instead of losing "what is expected" at the edge.
    @Test func aLongErrorWrapsInsideTheDialog() throws {
        let model = WorkbenchModel(setup: try smallSetup(solver: "sinkhorn-log"), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 80, height: 30)
        WorkbenchInput.handle(.key(.character("e")), model: model, layout: layout)
        for _ in 0..<10 { WorkbenchInput.handle(.key(.backspace), model: model, layout: layout) }
        for c in String(repeating: "9", count: 60) { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        let screen = render(model, width: 80, height: 30).text
        #expect(dialogText(screen).contains("regularization: 1e+60 is out of range; expected a number in [1e-06, 1000000]"), "\(screen)")
        #expect(dialogText(screen).contains("Smaller is sharper and slower."), "the help wraps too:\n\(screen)")
    }
}

/// The open-files dialog with the data layer's loaders behind it (as the executable supplies them).
@Suite struct FileFormTests {
    struct FileSetupProvider: SetupProvider {
        func presetList() -> [(name: String, title: String, summary: String)] { [] }
        func setup(preset name: String) throws -> ProblemSetup { throw InputError(name, nil, "no presets here") }
        func setup(source: String, target: String, solver: SolverDescriptor, parameters: ParameterValues) throws -> ProblemSetup {
            let problem = try ProblemBuilder(sourcePath: source, targetPath: target, normalize: solver.requiresEqualMass).build()
            return ProblemSetup(title: "files", description: "Files \(source) and \(target).", problem: problem,
                                solver: solver, parameters: parameters, speed: nil, origin: "\(source), \(target)")
        }
    }

    let directory: URL = {
        let url = TestScratch.root.appendingPathComponent("otlab-files-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func file(_ name: String, _ text: String) -> String {
        let url = directory.appendingPathComponent(name)
        try? Data(text.utf8).write(to: url)
        return url.path
    }

    /// Types `source`, Tab, `target`, Enter into a fresh dialog; returns the model (still open).
    func open(source: String, target: String, model: WorkbenchModel) {
        let layout = WorkbenchLayout(width: 120, height: 40)
        WorkbenchInput.handle(.key(.character("o")), model: model, layout: layout)
        for c in source { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.tab), model: model, layout: layout)
        for c in target { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        WorkbenchInput.handle(.key(.enter), model: model, layout: layout)
        awaitFileLoad(model)
    }

    /// The dialog reads files off the UI thread (`FileLoad`); the outcome reaches the model through
    /// `refresh`, as it does once a frame in the workbench.
    func awaitFileLoad(_ model: WorkbenchModel) {
        let deadline = Date().addingTimeInterval(30)
        while model.fileLoad != nil && Date() < deadline {
            usleep(2000)
            _ = model.refresh()
        }
    }

    func dialogError(_ model: WorkbenchModel) -> String? {
        guard case .openFiles(let form)? = model.overlay else { return nil }
        return form.error
    }

    @Test func goodFilesOpenAsTheNewProblem() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: FileSetupProvider())
        defer { model.shutdown() }
        let a = file("a.csv", "x,y\n0,0\n1,0\n0,1\n"), b = file("b.csv", "x,y\n2,2\n3,3\n")
        open(source: a, target: b, model: model)
        #expect(model.overlay == nil)
        #expect(model.setup.problem.source.count == 3 && model.setup.problem.target.count == 2)
    }

    @Test func aMissingFileIsNamedAndTheDialogStaysOpen() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: FileSetupProvider())
        defer { model.shutdown() }
        let a = file("a.csv", "x,y\n0,0\n1,0\n")
        let missing = directory.appendingPathComponent("missing.csv").path
        open(source: a, target: missing, model: model)
        let error = try #require(dialogError(model), "the dialog closed")
        #expect(error.hasPrefix(missing + ": "), "\(error)")
        #expect(model.setup.problem.source.count == 24, "the old problem stays")
    }

    @Test func badFilesAreNamedWithTheLineAndWhatIsExpected() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: FileSetupProvider())
        defer { model.shutdown() }
        let good = file("good.csv", "x,y\n0,0\n1,0\n")
        let cases: [(name: String, text: String, fragments: [String])] = [
            ("short-row.csv", "x,y\n1,2\n3\n", ["short-row.csv: line 3", "expected 2"]),
            ("words.csv", "x,y\n1,2\nfoo,bar\n", ["words.csv: line 3", "expected"]),
            ("nan.csv", "x,y\n1,nan\n", ["nan.csv", "expected"]),
            ("empty.csv", "", ["empty.csv", "expected"]),
            ("negative.csv", "x,weight\n1,-2\n", ["negative.csv", "expected"]),
            ("broken.npy", "\u{93}NUMPY\u{1}\u{0}garbage", ["broken.npy", "not a NumPy .npy file"]),
        ]
        for bad in cases {
            open(source: good, target: file(bad.name, bad.text), model: model)
            let error = try #require(dialogError(model), "\(bad.name): the dialog closed")
            for fragment in bad.fragments { #expect(error.contains(fragment), "\(error)") }
            WorkbenchInput.handle(.key(.escape), model: model, layout: WorkbenchLayout(width: 120, height: 40))
        }
        #expect(model.setup.problem.source.count == 24, "the old problem stays")
    }

    @Test func emptyAndDirectoryPathsAreErrorsNotTraps() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: FileSetupProvider())
        defer { model.shutdown() }
        for (source, target) in [("", ""), ("/", "/"), (directory.path, directory.path), (" ", "..")] {
            open(source: source, target: target, model: model)
            #expect(dialogError(model) != nil, "\"\(source)\", \"\(target)\"")
            WorkbenchInput.handle(.key(.escape), model: model, layout: WorkbenchLayout(width: 120, height: 40))
        }
    }

    /// The error is on the screen in full, however long the path: wrapped inside the dialog.
    @Test func theWholeErrorIsShownInTheDialog() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: FileSetupProvider())
        defer { model.shutdown() }
        let good = file("good.csv", "x,y\n0,0\n1,0\n")
        let bad = file("a-rather-long-file-name-for-a-point-cloud-with-a-short-row.csv", "x,y\n1,2\n3\n")
        open(source: good, target: bad, model: model)
        let error = try #require(dialogError(model))
        #expect(error.hasSuffix("line 3: 1 cell, expected 2 (one per header column: x, y)"))
        let screen = render(model, width: 100, height: 30).text
        #expect(dialogText(screen).contains("line 3: 1 cell, expected 2 (one per header column: x, y)"), "\(screen)")
    }
}

/// A path longer than the dialog shows its end and the cursor, where the typing happens.
@Suite struct LongFieldTextTests {
    @Test func aLongPathShowsItsEndAndTheCursor() throws {
        let model = WorkbenchModel(setup: try smallSetup(), provider: nil)
        defer { model.shutdown() }
        let layout = WorkbenchLayout(width: 100, height: 30)
        WorkbenchInput.handle(.key(.character("o")), model: model, layout: layout)
        let path = "/data/" + String(repeating: "long-folder-name/", count: 8) + "points-at-the-end.csv"
        for c in path { WorkbenchInput.handle(.key(.character(c)), model: model, layout: layout) }
        let screen = render(model, width: 100, height: 30).text
        #expect(dialogText(screen).contains("…"), "\(screen)")
        #expect(dialogText(screen).contains("long-folder-name/points-at-the-end.csv▏"), "\(screen)")
    }
}

/// The text inside a dialog's heavy frame (`┃ ... ┃` on each row), rows joined by single spaces.
func dialogText(_ screen: String) -> String {
    screen.split(separator: "\n").compactMap { row -> String? in
        guard let first = row.firstIndex(of: "┃"), let last = row.lastIndex(of: "┃"), first < last else { return nil }
        return row[row.index(after: first)..<last].split(separator: " ").joined(separator: " ")
    }.filter { !$0.isEmpty }.joined(separator: " ")
}
