import Foundation
import OTCore

/// The command line as the bytes the process was given, checked to be UTF-8 before parsing.
///
/// Swift hands the arguments over as `String`s, repairing bytes that are not UTF-8 into U+FFFD: a
/// Latin-1 file name `caf\xe9.csv` became `caf�.csv`, which names no file, and the message showed
/// neither the name nor the cause. The raw bytes are read here first; an argument that is not UTF-8
/// is refused, written with its bytes escaped (`caf\xe9.csv`), with how to get round it.
enum RawArguments {
    /// The message for the first argument that is not UTF-8, nil when all are.
    static func nonUTF8Refusal(argc: Int32 = CommandLine.argc,
                               argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = CommandLine.unsafeArgv) -> String? {
        guard argc > 1 else { return nil }
        for index in 1..<Int(argc) {
            guard let pointer = argv[index] else { continue }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
            guard !DisplayText.isValidUTF8(bytes) else { continue }
            return refusal(bytes: Array(bytes))
        }
        return nil
    }

    /// "caf\xe9.csv: is not UTF-8 (...)": the refusal of one argument.
    static func refusal(bytes: [UInt8]) -> String {
        let shown = DisplayText.escaped(bytes: bytes.prefix(200)) + (bytes.count > 200 ? "... (\(bytes.count) bytes)" : "")
        return "\(shown): is not UTF-8 (the bytes shown as \\xNN are not); otlab takes file names and values as UTF-8: rename the file (e.g. convmv -f latin1 -t utf8), or link to it under a UTF-8 name (ln -s)"
    }
}
