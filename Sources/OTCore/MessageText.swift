/// Messages of bounded length, whatever the input put in them.
///
/// An error may quote what it found: a 1 MB CSV cell, a file name of any length. Shown whole, such a
/// message floods a terminal and costs every frame that draws it. `bounded` keeps the head of the
/// text (where the file and the line are named) and its tail (where "expected ..." is said), and
/// states how much was left out between them, so that the message stays readable and cheap to draw.
public enum MessageText {
    /// The default limit, in characters: a few lines of a dialog.
    public static let defaultLimit = 400

    /// `text` when it has at most `limit` characters; otherwise about `limit` characters of it: the
    /// first three quarters, "… (N of M characters left out) …", and the last quarter. Counts in
    /// characters (grapheme clusters) so that no character is cut.
    public static func bounded(_ text: String, limit: Int = defaultLimit) -> String {
        let limit = max(8, limit)
        guard let cut = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex),
              cut < text.endIndex else { return text }
        let total = text.count
        let headCount = limit * 3 / 4, tailCount = limit - headCount
        let head = text.prefix(headCount), tail = text.suffix(tailCount)
        return head + "… (\(total - headCount - tailCount) of \(total) characters left out) …" + tail
    }
}
