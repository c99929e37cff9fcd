import Foundation
import OTCore
import Terminal
import Workbench

/// Runs the live workbench on a model and ends the command with its exit status: the one way
/// `otlab` (a local solver) and `otlab watch` (record streams) open the terminal, so exporting,
/// `--record` and a terminal that cannot start behave the same for both.
enum WorkbenchLaunch {
    /// Exports go to the working directory (`CatalogSetupProvider.export`); with `recordPath` the
    /// session is recorded as an asciicast. Always throws: `ExitStatus` with the workbench's code,
    /// `InputError` when the recording cannot be opened, `ExitStatusMessage` (bad input) when the
    /// terminal cannot start, in which case the empty recording is removed.
    static func run(_ model: WorkbenchModel, recordPath: String?) throws -> Never {
        model.exportWriter = { content, stem in try CatalogSetupProvider.export(content, stem: stem) }
        var recorder: AsciicastWriter?
        if let recordPath {
            do { recorder = try AsciicastWriter(path: recordPath) } catch { throw InputError("--record", nil, error.description) }
        }
        do {
            throw ExitStatus(code: try WorkbenchApp.run(model: model, recorder: recorder))
        } catch let error as NcursesBackend.StartError {
            // Nothing was recorded: leave no empty file behind.
            if let recorder {
                recorder.close()
                try? FileManager.default.removeItem(atPath: recorder.path)
            }
            throw ExitStatusMessage(status: .badInput, message: error.description)
        }
    }
}
