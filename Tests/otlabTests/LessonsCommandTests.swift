import Foundation
import Testing

/// `otlab lessons`: the lessons in teaching order, as text and as JSON.
@Suite struct LessonsCommandTests {
    @Test func jsonListsTheLessonsInOrder() throws {
        let result = try OtlabProcess.run(["lessons", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lessons = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let numbers = lessons.compactMap { $0["lesson"] as? Int }
        #expect(numbers.count == lessons.count && numbers.count >= 12)
        #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count)
        let names = lessons.compactMap { $0["name"] as? String }
        #expect(Array(names.prefix(5)) == ["welcome", "exact-emd", "exact-1d", "regularization-blur", "plain-vs-log"])
        #expect(names.contains("image-w2") && names.contains("doubly-stochastic"))
        let welcome = try #require(lessons.first)
        #expect(welcome["title"] as? String == "Two gaussian clouds, log-domain Sinkhorn")
        #expect(welcome["solver"] as? String == "sinkhorn-log")
        #expect(welcome["summary"] as? String
            == "Two clouds of 300 points, each a mixture of three gaussians, are matched under the squared Euclidean cost.")
    }

    @Test func textShowsNumberNameTitleAndFirstSentence() throws {
        let result = try OtlabProcess.run(["lessons"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("1.  welcome") == true)
        #expect(lines.first?.hasSuffix("Two gaussian clouds, log-domain Sinkhorn") == true)
        #expect(lines.count >= 2 && lines[1].hasPrefix("    Two clouds of 300 points"))
        #expect(lines.contains { $0.hasPrefix("2.  exact-emd") })
    }
}
