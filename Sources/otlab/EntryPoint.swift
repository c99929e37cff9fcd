import ArgumentParser
import Foundation
import OTCore
import OTData

/// The process entry: parses arguments, runs the command, and maps every failure to the exit
/// statuses of the headless contract (0 finished, 1 numerical failure, 2 bad input or usage).
@main
struct EntryPoint {
    static func main() {
        do {
            try InputLimits.validateEnvironment()
            if let refusal = RawArguments.nonUTF8Refusal() { throw ExitStatusMessage(status: .badInput, message: refusal) }
            var command = try OtlabCommand.parseAsRoot()
            try command.run()
            exit(0)
        } catch let exit as ExitStatus {
            fflush(nil)
            Foundation.exit(exit.code)
        } catch let message as ExitStatusMessage {
            report("otlab: \(message.message)")
            exit(message.status.code)
        } catch let error as InputError {
            report("otlab: \(error)")
            exit(ExitStatus.badInput.code)
        } catch {
            let code = OtlabCommand.exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's clean exits.
                print(OtlabCommand.fullMessage(for: error))
                exit(0)
            }
            report(OtlabCommand.fullMessage(for: error))
            exit(ExitStatus.badInput.code)
        }
    }

    static func report(_ message: String) {
        fflush(nil)
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Exit statuses of the headless contract, thrown to end a command.
struct ExitStatus: Error {
    let code: Int32
    static let finished = ExitStatus(code: 0)
    static let numericalFailure = ExitStatus(code: 1)
    static let badInput = ExitStatus(code: 2)
    static let interrupted = ExitStatus(code: 130)
}
