/// How a new model's weights are drawn. The default is PyTorch's: LSTM weights and biases and the
/// head U(−1/√H, 1/√H), embedding N(0, 1). A deep stack started that way shrinks its input's signal by
/// a constant factor per layer, so a 6-layer model first learns only the token frequencies (the
/// unigram plateau); `gain` widens the LSTM's weight range and `forgetBias` starts the forget gates
/// open, so the cell state carries the signal through the stack and through time.
public struct Initialisation: Codable, Equatable, Sendable {
    /// Multiplies the U(−1/√H, 1/√H) range of the LSTM weights.
    public var gain: Float
    /// Added to the forget gate's input bias (PyTorch has two bias vectors; their sum is what acts).
    public var forgetBias: Float

    public init(gain: Float = 1, forgetBias: Float = 0) {
        self.gain = gain
        self.forgetBias = forgetBias
    }

    public static let pytorch = Initialisation()
}
