/// TIES's second half, shared by the methods that sparsify first (TIES, DARE-TIES, DELLA): elect each
/// entry's sign as the sign of the summed sparsified deltas, then take the mean of the non-zero
/// deltas that agree with it ("disjoint mean"). An entry whose deltas sum to exactly zero gets 0.
/// With one delta the result is that delta: a lone negated vector stays negated.
enum SignElection {
    static func electAndMerge(_ sparse: [[Float]]) -> [Float] {
        let n = sparse.first?.count ?? 0
        var out = [Float](repeating: 0, count: n)
        for j in 0..<n {
            var total: Float = 0
            for t in sparse { total += t[j] }
            guard total != 0 else { continue }
            var sum: Float = 0, agreeing = 0
            for t in sparse where t[j] != 0 && (t[j] > 0) == (total > 0) {
                sum += t[j]
                agreeing += 1
            }
            out[j] = sum / Float(agreeing)
        }
        return out
    }
}
