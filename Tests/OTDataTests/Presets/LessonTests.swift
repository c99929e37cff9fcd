import Foundation
import Testing
import OTCore
@testable import OTData

@Suite struct LessonTests {
    func preset(_ name: String, lesson: Int?, description: String = "Watch this. Then that.") throws -> Preset {
        let lessonLine = lesson.map { "lesson: \($0)\n" } ?? ""
        let text = "name: \(name)\ntitle: Title of \(name)\ndescription: \(description)\n\(lessonLine)solver: emd\nproblem: {generator: random-assignment, n: 3}\n"
        return try PresetParser.parse(text, path: "presets/\(name).yaml")
    }

    @Test func courseIsInLessonOrderAndSkipsPresetsWithoutALesson() throws {
        let presets = [try preset("c", lesson: 3), try preset("free", lesson: nil), try preset("a", lesson: 1), try preset("b", lesson: 3)]
        let course = Lesson.course(from: presets)
        #expect(course.map(\.name) == ["a", "b", "c"])
        #expect(course.map(\.number) == [1, 3, 3])
        #expect(course[0].title == "Title of a" && course[0].solver == "emd" && course[0].summary == "Watch this.")
    }

    @Test func firstSentenceStopsAtASentenceEndOnly() {
        #expect(Lesson.firstSentence(of: "One line\n  folded. Second sentence.") == "One line folded.")
        #expect(Lesson.firstSentence(of: "The problem of Tang et al. (ICLR 2024): n = 500, reg = 1/1200. Sinkhorn needs more.")
            == "The problem of Tang et al. (ICLR 2024): n = 500, reg = 1/1200.")
        #expect(Lesson.firstSentence(of: "Costs e.g. three. Next") == "Costs e.g. three.")
        #expect(Lesson.firstSentence(of: "Does it stop? Yes.") == "Does it stop?")
        #expect(Lesson.firstSentence(of: "No end at all") == "No end at all")
    }

    /// The repository's presets: lesson numbers are unique and the teaching order starts as
    /// DESIGN's issue 8 asks (what a plan is, exact, blur, plain vs log, Newton, unbalanced, partial,
    /// sparse, images, divergence).
    @Test func repositoryLessonsFollowTheTeachingOrder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("presets")
        let (presets, errors) = PresetCatalog(directory: folder.path).all()
        #expect(errors.isEmpty, "\(errors)")
        let course = Lesson.course(from: presets)
        #expect(Set(course.map(\.number)).count == course.count, "lesson numbers are unique")
        let order = ["welcome", "exact-emd", "exact-1d", "regularization-blur", "plain-vs-log", "newton-vs-sinkhorn", "unbalanced-outliers",
                     "partial-transport", "partial-entropic", "quadratic-sparse", "topk-sparsity", "image-w2", "sinkhorn-divergence"]
        let positions = order.map { name in course.firstIndex { $0.name == name } }
        #expect(positions.allSatisfy { $0 != nil }, "every one is a lesson")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "in teaching order: \(course.map(\.name))")
        for lesson in course {
            #expect(lesson.summary.hasSuffix(".") && lesson.summary.count < 300, "\(lesson.name): \(lesson.summary)")
        }
        // Every preset says what to watch for in two to six sentences.
        for preset in presets {
            var sentences = 0, rest = preset.description
            while !rest.isEmpty {
                let first = Lesson.firstSentence(of: rest)
                sentences += 1
                rest = String(rest.split(whereSeparator: \.isWhitespace).joined(separator: " ").dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
            }
            #expect((2...6).contains(sentences), "\(preset.name) has \(sentences) sentences")
        }
    }
}
