import Testing
import Terminal

@Suite struct LayoutTests {
    @Test func partsCoverTheAreaAtEverySize() {
        let layouts: [Layout] = [
            .rows([.fixed(3), .fill, .fixed(1)]),
            .columns([.percent(30), .fill(2), .fill(1)], spacing: 1),
            .rows([.percent(50), .percent(50)]),
            .columns([.fixed(10), .percent(25)]),
            .rows([.fill, .fill, .fill]),
        ]
        for layout in layouts {
            for size in [0, 1, 2, 5, 7, 13, 40, 81, 200] {
                let area = Rect(x: 3, y: 2, width: size, height: size)
                let parts = layout.split(area)
                #expect(parts.count == layout.constraints.count)
                let along = parts.map { layout.direction == .vertical ? $0.height : $0.width }
                let spacing = size >= layout.spacing * (parts.count - 1) ? layout.spacing * (parts.count - 1) : 0
                #expect(along.reduce(0, +) + spacing == size || size < layout.spacing * (parts.count - 1), "\(layout) at \(size)")
                #expect(parts.allSatisfy { $0.intersection(area) == $0 || $0.isEmpty })
                // Parts are contiguous (apart from spacing) and in order.
                for (first, second) in zip(parts, parts.dropFirst()) {
                    if layout.direction == .vertical {
                        #expect(second.y == first.maxY + layout.spacing)
                    } else {
                        #expect(second.x == first.maxX + layout.spacing)
                    }
                }
            }
        }
    }

    @Test func exactSizes() {
        let area = Rect(x: 0, y: 0, width: 100, height: 40)
        #expect(Layout.rows([.fixed(3), .fill, .fixed(1)]).split(area).map(\.height) == [3, 36, 1])
        #expect(Layout.columns([.percent(30), .fill(2), .fill(1)]).split(area).map(\.width) == [30, 46, 24])
        #expect(Layout.columns([.fixed(80), .fixed(80)]).split(area).map(\.width) == [80, 20])
        #expect(Layout.columns([.fixed(10), .percent(25)]).split(area).map(\.width) == [10, 90])
        #expect(Layout.rows([.fixed(3), .fill]).split(area)[1] == Rect(x: 0, y: 3, width: 100, height: 37))
    }
}
