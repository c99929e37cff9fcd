/// Order statistics on scratch buffers.
public enum Selection {
    /// The k-th largest element (1-based: k = 1 is the maximum) of `values`, found by quickselect in
    /// expected linear time. Reorders `values` in place, so pass a scratch copy. NaN is not allowed.
    public static func kthLargest(_ values: UnsafeMutableBufferPointer<Double>, k: Int) -> Double {
        precondition(k >= 1 && k <= values.count, "k = \(k) is outside 1...\(values.count)")
        // The k-th largest is the element of ascending rank count - k.
        let target = values.count - k
        var low = 0, high = values.count - 1
        while low < high {
            // Median of three as the pivot keeps sorted and reversed inputs linear.
            let mid = low + (high - low) / 2
            let pivot = medianOfThree(values[low], values[mid], values[high])
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now [low, j] <= pivot <= [i, high], and everything strictly between equals the pivot.
            if target <= j {
                high = j
            } else if target >= i {
                low = i
            } else {
                return pivot
            }
        }
        return values[target]
    }

    @inline(__always)
    static func medianOfThree(_ x: Double, _ y: Double, _ z: Double) -> Double {
        max(min(x, y), min(max(x, y), z))
    }
}
