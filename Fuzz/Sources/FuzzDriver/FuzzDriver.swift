import Foundation

/// libFuzzer's own driver (`FuzzerDriver.cpp`), declared by hand: it parses the libFuzzer flags in
/// `argv` and runs `callback` on every input.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// Runs libFuzzer on `callback` with this process's command line and exits with its status.
///
/// Why not libFuzzer's `main`: SwiftPM links every executable target with `--defsym main=<Target>_main`
/// and compiles its entry point under that name, so a harness built with `-parse-as-library` fails
/// to link ("undefined symbol FuzzCSV_main"). Each harness therefore keeps a one-line `main.swift`
/// that calls this, and libFuzzer's `main` is simply not pulled from its archive.
public func runFuzzer(_ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}
