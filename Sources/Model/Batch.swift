import Tokens

/// Sequences padded into one time-major batch: row `t·B + b` is time step `t` of sequence `b`.
///
/// Each sequence is `[<bos>, t1, …, tn, <eos>]`; the network reads `inputs` (all but the last token)
/// and predicts `targets` (all but the first), with −1 marking padding the loss ignores.
struct Batch {
    let steps: Int      // T
    let size: Int       // B
    var inputs: [Int32]
    var targets: [Int32]
    /// Non-padding targets (end tokens included): the tokens a tokens/s rate counts.
    let tokenCount: Int

    /// A batch of given time-major inputs with every target ignored (for forward-only checks).
    init(timeMajorInputs: [Int32], steps: Int, size: Int) {
        self.steps = steps
        self.size = size
        inputs = timeMajorInputs
        targets = [Int32](repeating: -1, count: steps * size)
        tokenCount = 0
    }

    init<C: Collection>(_ sequences: C) where C.Element == [Int32] {
        let B = sequences.count
        let T = (sequences.map(\.count).max() ?? 1) - 1
        var inputs = [Int32](repeating: Vocabulary.padIndex, count: T * B)
        var targets = [Int32](repeating: -1, count: T * B)
        var tokens = 0
        for (b, s) in sequences.enumerated() {
            for t in 0..<(s.count - 1) {
                inputs[t * B + b] = s[t]
                targets[t * B + b] = s[t + 1]
            }
            tokens += s.count - 1
        }
        steps = T
        size = B
        self.inputs = inputs
        self.targets = targets
        tokenCount = tokens
    }
}
