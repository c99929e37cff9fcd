import Foundation
import OTCore

/// Writes text files atomically (iteration logs, reports), through `AtomicFileWriter`.
public enum TextFileWriter {
    public static func write(_ text: String, to path: String) throws(InputError) {
        try AtomicFileWriter.write(Data(text.utf8), to: path)
    }
}
