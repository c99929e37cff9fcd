/// A preset seen as a lesson of the course `otlab lessons` lists: its place in the teaching order,
/// its name and title, and the first sentence of its description as a one-line summary.
public struct Lesson: Sendable, Equatable {
    public var number: Int
    public var name: String
    public var title: String
    public var solver: String
    /// The first sentence of the preset's description.
    public var summary: String

    public init(number: Int, name: String, title: String, solver: String, summary: String) {
        self.number = number
        self.name = name
        self.title = title
        self.solver = solver
        self.summary = summary
    }

    /// The lesson of a preset that has a `lesson:` number, else nil.
    public init?(_ preset: Preset) {
        guard let number = preset.lesson else { return nil }
        self.init(number: number, name: preset.name, title: preset.title, solver: preset.solver,
                  summary: Self.firstSentence(of: preset.description))
    }

    /// The presets that are lessons, in teaching order (by number, then name).
    public static func course(from presets: [Preset]) -> [Lesson] {
        presets.compactMap(Lesson.init).sorted { ($0.number, $0.name) < ($1.number, $1.name) }
    }

    /// The text up to the first `.`, `!` or `?` that is followed by a space and a capital letter
    /// (so "Tang et al. (ICLR 2024)" or "e.g. the" do not end a sentence), with line breaks
    /// folded into spaces; the whole text when no such end is found.
    public static func firstSentence(of text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let characters = Array(flat)
        var index = 0
        while index < characters.count {
            if ".!?".contains(characters[index]), index + 2 < characters.count,
               characters[index + 1] == " ", characters[index + 2].isUppercase {
                return String(characters[...index])
            }
            index += 1
        }
        return flat
    }
}
