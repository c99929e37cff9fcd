import Foundation
import OTCore

/// One lesson's reference figures (`Reference/data/<name>.json`, written with numpy and POT by
/// `Reference/make_reference_lessons.py`): its inputs and the figures the statistic must give.
struct LessonReference {
    let values: [String: Any]

    static func load(_ name: String) throws -> LessonReference {
        guard let folder = Bundle.module.url(forResource: "data", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        let data = try Data(contentsOf: folder.appendingPathComponent(name + ".json"))
        return LessonReference(values: try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }

    func number(_ key: String) -> Double? { (values[key] as? NSNumber)?.doubleValue }
    func numbers(_ key: String) -> [Double]? { (values[key] as? [NSNumber])?.map(\.doubleValue) }
    func matrix(_ key: String) -> DenseMatrix? {
        guard let rows = values[key] as? [[NSNumber]] else { return nil }
        return DenseMatrix(rows.map { $0.map(\.doubleValue) })
    }
}
