import XCTest
import Model
import Tokens
@testable import TaskArithmetic

final class CoefficientFitTests: XCTestCase {
    let rings = ["c1ccccc1", "c1ccncc1", "C1CCCCC1", "c1ccc(O)cc1", "C1CCNCC1", "c1ccsc1", "c1ccc(N)cc1", "OC1CCCCC1"]
    let chains = ["CCO", "CCN", "CCCC", "CC(=O)O", "CC(C)O", "CCOC", "NCCN", "OCCO"]

    func trained() throws -> (base: LanguageModel, tau: TaskVector) {
        let v = try Vocabulary.build(from: rings + chains, tokenizer: SMILESTokenizer())
        var o = TrainingOptions()
        o.batchSize = 8
        o.learningRate = 1e-2
        o.quiet = true
        o.patience = 0
        o.epochs = 30
        let start = LanguageModel(config: ModelConfig(vocabulary: v, embeddingSize: 8, hiddenSize: 16, layers: 2, dropout: 0), seed: 2)
        let (base, _) = try Trainer.train(start, train: rings + chains, validation: [], options: o, checkpointFolder: nil)
        o.epochs = 10
        let (tuned, _) = try Trainer.train(base, train: chains, validation: [], options: o, checkpointFolder: nil)
        let tau = try TaskVector(base: base.parameters, finetuned: tuned.parameters,
                                 info: TaskVectorInfo(label: "chains", baseChecksum: base.checksum))
        return (base, tau)
    }

    func testGroupsAreTensorsOrLayers() throws {
        let (base, _) = try trained()
        let layers = CoefficientFit.groups(base.parameters.specs, .layer).map(\.name)
        XCTAssertEqual(layers, ["embedding", "layer 0", "layer 1", "head"])
        XCTAssertEqual(CoefficientFit.groups(base.parameters.specs, .layer)[1].tensors.count, 4, "W_ih, W_hh and both biases")
        XCTAssertEqual(CoefficientFit.groups(base.parameters.specs, .tensor).count, base.parameters.specs.count)
    }

    /// Fitting the coefficients of the negated τ to a few ring positives lowers their held-out loss below
    /// plain negation's, and a zero vector leaves the base as it is.
    func testFittedCoefficientsBeatTheStartingLambdaOnHeldOutPositives() throws {
        let (base, tau) = try trained()
        var fit = CoefficientFit()
        fit.maxSteps = 60
        let result = try fit.fit(base: base, vectors: [tau], initial: [-0.5], train: Array(rings.prefix(5)),
                                 validation: Array(rings.suffix(3)))
        XCTAssertEqual(result.coefficients.count, 1)
        XCTAssertEqual(result.coefficients[0].count, 4)
        XCTAssertLessThan(result.validationLoss, result.startValidationLoss)
        XCTAssertTrue(result.model.parameters.values.allSatisfy(\.isFinite))

        let zero = TaskVector(deltas: base.parameters.zeros(), info: TaskVectorInfo(label: "zero", baseChecksum: base.checksum))
        let still = try fit.fit(base: base, vectors: [zero], initial: [1], train: rings, validation: rings)
        XCTAssertEqual(still.model.parameters.values, base.parameters.values)
    }
}
