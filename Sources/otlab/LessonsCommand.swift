import ArgumentParser
import OTData
import OTSession

/// `otlab lessons`: the presets that teach, in teaching order, each with its number, name, title
/// and the first sentence of what to watch for; `--json` prints them as one JSON array.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons", abstract: "List the lessons (presets in teaching order).",
        discussion: HelpExamples.discussion(
            "Open one with `otlab --preset NAME`, or run it headless with `otlab run NAME`.",
            [
                ("otlab lessons", "The course: number, name, title and what to watch for."),
                ("otlab lessons --json", "The same as a JSON array."),
            ]))

    @Flag(name: .long, help: "Print the lessons as a JSON array.")
    var json = false

    func run() throws {
        let catalog = PresetCatalog.checked()
        let (presets, errors) = catalog.all()
        let lessons = Lesson.course(from: presets)
        if json {
            print(JSONValue.array(lessons.map(Self.json)).rendered)
        } else {
            let width = (lessons.map(\.name.count).max() ?? 10) + 2
            for lesson in lessons {
                let number = "\(lesson.number).".padding(toLength: 4, withPad: " ", startingAt: 0)
                print("\(number)\(lesson.name.padding(toLength: width, withPad: " ", startingAt: 0))\(lesson.title)")
                print("    \(lesson.summary)")
            }
        }
        for error in errors { EntryPoint.report("otlab: \(error)") }
        if !errors.isEmpty { throw ExitStatus.badInput }
    }

    static func json(_ lesson: Lesson) -> JSONValue {
        .object([
            ("lesson", .integer(lesson.number)),
            ("name", .string(lesson.name)),
            ("title", .string(lesson.title)),
            ("solver", .string(lesson.solver)),
            ("summary", .string(lesson.summary)),
        ])
    }
}
