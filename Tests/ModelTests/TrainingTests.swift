import Foundation
import XCTest
@testable import Model
@testable import Tokens

final class TrainingTests: XCTestCase {
    let corpus = ["CCO", "CCN", "CCC", "c1ccccc1", "CC(=O)N", "CC(=O)O", "NCCO", "OCCO"]

    func model(dropout: Double = 0) throws -> LanguageModel {
        let v = try Vocabulary.build(from: corpus, tokenizer: SMILESTokenizer())
        return LanguageModel(config: ModelConfig(vocabulary: v, embeddingSize: 8, hiddenSize: 16, layers: 2, dropout: dropout), seed: 1)
    }

    func options() -> TrainingOptions {
        var o = TrainingOptions()
        o.batchSize = 4
        o.learningRate = 1e-2
        o.quiet = true
        o.patience = 0
        o.seed = 3
        return o
    }

    /// The packed step and the OpenBLAS step are the same arithmetic in another order: 200 steps of the
    /// same run give the same losses.
    func testPackedAndBLASKernelsTrainAlike() throws {
        let v = try Vocabulary.build(from: corpus, tokenizer: SMILESTokenizer())
        let start = LanguageModel(config: ModelConfig(vocabulary: v, embeddingSize: 8, hiddenSize: 32, layers: 2, dropout: 0.1), seed: 1)
        var o = options()
        o.learningRate = 3e-3
        o.epochs = 100  // 2 batches an epoch: 200 steps
        var losses: [[Double]] = []
        for product in StepKernels.Product.allCases {
            let kernels = StepKernels(product: product, level: .best)
            XCTAssertTrue(kernels.packs(hidden: 32) || product == .blas)
            let (_, history) = try Trainer.train(start, train: corpus, validation: corpus, options: o, checkpointFolder: nil,
                                                 kernels: kernels)
            XCTAssertEqual(history.epochs.last?.steps, 200)
            losses.append(history.epochs.map(\.trainLoss))
        }
        XCTAssertLessThan(losses[0].last!, 0.5 * losses[0].first!, "the run learns")
        for (a, b) in zip(losses[0], losses[1]) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    /// With per-epoch texts each epoch trains on its own texts, and a resumed run asks for the same ones.
    func testEpochTextsReplaceTheCorpusEachEpoch() throws {
        var o = options()
        o.epochs = 3
        nonisolated(unsafe) var asked: [Int] = []
        let forms: [[String]] = [["CCO", "CCN"], ["OCC", "NCC"], ["C(C)O", "C(N)C"]]
        let (_, history) = try Trainer.train(try model(), train: corpus, validation: corpus, options: o, checkpointFolder: nil) { epoch, accepts in
            asked.append(epoch)
            XCTAssertTrue(accepts("CCO"))
            XCTAssertFalse(accepts("CCS"), "S is not in the vocabulary")
            return forms[epoch]
        }
        XCTAssertEqual(asked, [0, 1, 2])
        // 2 texts, batch 4: one step an epoch (the corpus of 8 would take two).
        XCTAssertEqual(history.epochs.map(\.steps), [1, 2, 3])
    }

    /// Validation texts, when given, are asked for once and replace the validation set: the losses equal a run
    /// validated on those texts directly, and the run records that its validation was enumerated.
    func testValidationTextsReplaceTheValidationSet() throws {
        var o = options()
        o.epochs = 2
        nonisolated(unsafe) var calls = 0
        let forms = ["C(C)O", "c1ccccc1", "C(=O)(C)N"]
        let (_, given) = try Trainer.train(try model(), train: corpus, validation: ["CCO"], options: o, checkpointFolder: nil,
                                           validationTexts: { accepts in
                                               calls += 1
                                               XCTAssertFalse(accepts("CCS"), "S is not in the vocabulary")
                                               return forms
                                           })
        let (_, direct) = try Trainer.train(try model(), train: corpus, validation: forms, options: o, checkpointFolder: nil)
        let (_, canonical) = try Trainer.train(try model(), train: corpus, validation: ["CCO"], options: o, checkpointFolder: nil)
        XCTAssertEqual(calls, 1)
        XCTAssertEqual(given.epochs.compactMap(\.validationLoss), direct.epochs.compactMap(\.validationLoss))
        XCTAssertNotEqual(given.epochs.compactMap(\.validationLoss), canonical.epochs.compactMap(\.validationLoss))
        var resumed = o
        resumed.enumeratedValidation = true
        XCTAssertNotNil(resumed.resumeMismatch(with: o), "a checkpoint validated on the texts as given does not resume enumerated")
    }

    /// afterEpoch sees each epoch's weights in order; the model returned is the one seen at the best epoch.
    func testAfterEpochSeesEveryEpochsWeights() throws {
        var o = options()
        o.epochs = 4
        nonisolated(unsafe) var seen: [Int: [Float]] = [:]
        let (best, history) = try Trainer.train(try model(), train: corpus, validation: ["CCO", "c1ccccc1"], options: o, checkpointFolder: nil,
                                                afterEpoch: { epoch, model in seen[epoch] = model.parameters.values })
        XCTAssertEqual(seen.keys.sorted(), [1, 2, 3, 4])
        XCTAssertNotEqual(seen[1], seen[2], "the weights move")
        XCTAssertEqual(seen[try XCTUnwrap(history.bestEpoch)], best.parameters.values)
    }

    func testTrainingLearnsTheCorpusAndSamplesIt() throws {
        var o = options()
        o.epochs = 60
        let (trained, history) = try Trainer.train(try model(), train: corpus, validation: corpus, options: o, checkpointFolder: nil)
        XCTAssertLessThan(history.epochs.last!.trainLoss, 0.6 * history.epochs.first!.trainLoss)
        let samples = try trained.sample(SamplingOptions(count: 200, seed: 5, batchSize: 32, maxLength: 30))
        XCTAssertEqual(samples.count, 200)
        let known = samples.filter { corpus.contains($0.smiles) }.count
        XCTAssertGreaterThan(known, 120, "a model fitted to 8 molecules mostly samples them")
        // Each sample's NLL is the model's own −log p of it.
        let finished = samples.filter(\.finished).prefix(20)
        let ll = try trained.logLikelihoods(finished.map(\.smiles))
        for (s, l) in zip(finished, ll) { XCTAssertEqual(s.nll, -l, accuracy: 1e-3 * max(1, s.nll)) }
        // Same seed, same samples.
        XCTAssertEqual(try trained.sample(SamplingOptions(count: 50, seed: 5, batchSize: 32)),
                       try trained.sample(SamplingOptions(count: 50, seed: 5, batchSize: 32)))
    }

    /// Length-bucketed batches must not tilt the model toward short molecules. Half the corpus is "C", half
    /// "CCCCCCCCCC"; batches of one length each. Weighing every batch alike (its loss divided by its own token
    /// count) counts each token of "C" 11/2 times as much as one of the long molecule, and the model learns
    /// p("C") = (1/2) / (1/2 + 1/11) ≈ 0.85; weighing tokens alike gives the corpus's 0.5.
    func testBucketedBatchesWeighEveryTokenAlike() throws {
        let short = "C", long = String(repeating: "C", count: 10)
        let train = Array(repeating: short, count: 32) + Array(repeating: long, count: 32)
        let v = try Vocabulary.build(from: train, tokenizer: SMILESTokenizer())
        var o = options()
        o.batchSize = 8
        o.epochs = 150
        o.learningRate = 1e-2
        o.bucketPool = 8   // the whole corpus sorted by length: every batch all short or all long
        XCTAssertTrue(Trainer.batchPlan(lengths: train.map { $0.count + 2 }, options: o, generator: RandomGenerator(seed: 1))
            .allSatisfy { batch in Set(batch.map { train[$0] }).count == 1 })
        let start = LanguageModel(config: ModelConfig(vocabulary: v, embeddingSize: 8, hiddenSize: 16, layers: 1, dropout: 0), seed: 1)
        let (trained, _) = try Trainer.train(start, train: train, validation: [], options: o, checkpointFolder: nil)
        let p = try trained.logLikelihoods([short, long]).map { exp($0) }
        XCTAssertEqual(p[0], 0.5, accuracy: 0.08, "p(\(short))")
        XCTAssertEqual(p[1], 0.5, accuracy: 0.08, "p(\(long))")
    }

    func testPeptideModelsTrainAndSampleLetters() throws {
        let peptides = ["GLFDIIKKIAESF", "KWKLFKKIGAVLKVL", "FLPLIGRVLSGIL", "GIGKFLHSAKKFGKAFVGEIMNS"]
        let v = try Vocabulary.build(from: peptides, tokenizer: PeptideTokenizer())
        let m = LanguageModel(config: ModelConfig(tokenizer: "peptide", vocabulary: v, embeddingSize: 8, hiddenSize: 16, layers: 1, dropout: 0), seed: 1)
        var o = options()
        o.epochs = 3
        let (trained, _) = try Trainer.train(m, train: peptides, validation: [], options: o, checkpointFolder: nil)
        let letters = Set(v.tokens.dropFirst(3).joined())
        for s in try trained.sample(SamplingOptions(count: 20, seed: 1, maxLength: 30)) {
            XCTAssertTrue(s.smiles.allSatisfy { letters.contains($0) }, s.smiles)
        }
    }

    func testTopKOneIsGreedyAndLowTemperatureIsDeterministic() throws {
        let m = try model()
        let greedy = try m.sample(SamplingOptions(count: 5, topK: 1, seed: 1, maxLength: 10))
        XCTAssertEqual(Set(greedy.map(\.smiles)).count, 1)
        XCTAssertEqual(try m.sample(SamplingOptions(count: 5, topK: 1, seed: 2, maxLength: 10)), greedy)
    }

    func testResumingAfterAnInterruptionGivesTheSameWeights() throws {
        var o = options()
        o.epochs = 3
        o.checkpointEvery = 2
        o.maxSteps = 0
        let straight = try Trainer.train(try model(dropout: 0.2), train: corpus, validation: [], options: o, checkpointFolder: temporaryFolder())

        let folder = temporaryFolder()
        var first = o
        first.maxSteps = 3   // stops mid-epoch 2; the checkpoint holds step 2
        _ = try Trainer.train(try model(dropout: 0.2), train: corpus, validation: [], options: first, checkpointFolder: folder)
        var second = o
        second.resume = true
        let resumed = try Trainer.train(try model(dropout: 0.2), train: corpus, validation: [], options: second, checkpointFolder: folder)
        XCTAssertEqual(resumed.model.parameters, straight.model.parameters)
        XCTAssertEqual(resumed.history.epochs.map(\.trainLoss), straight.history.epochs.map(\.trainLoss))
        XCTAssertEqual(try LanguageModel.load(from: folder).parameters, straight.model.parameters)
    }

    func testEarlyStoppingStopsAfterPatienceEpochsWithoutImprovement() throws {
        var o = options()
        o.learningRate = 0
        o.epochs = 10
        o.patience = 2
        let (_, history) = try Trainer.train(try model(), train: corpus, validation: ["CCO"], options: o, checkpointFolder: nil)
        XCTAssertTrue(history.stoppedEarly)
        XCTAssertEqual(history.epochs.count, 3)
        XCTAssertEqual(history.bestEpoch, 1)
    }

    func testNonFiniteLossStopsWithAClearMessageAndKeepsTheCheckpoint() throws {
        var m = try model()
        var o = options()
        o.epochs = 2
        o.checkpointEvery = 1
        let folder = temporaryFolder()
        _ = try Trainer.train(m, train: corpus, validation: [], options: o, checkpointFolder: folder)
        m.parameters.values[m.parameters.spec(named: "head.bias")!.offset] = .nan
        o.resume = false
        XCTAssertThrowsError(try Trainer.train(m, train: corpus, validation: [], options: o, checkpointFolder: folder)) {
            XCTAssertTrue("\($0)".contains("NaN or infinite at step 1"), "\($0)")
            XCTAssertTrue("\($0)".contains("last good checkpoint is kept"), "\($0)")
        }
        XCTAssertNoThrow(try LanguageModel.load(from: folder.appendingPathComponent("checkpoint")))
    }

    func testBatchesAreBucketedByLengthAndCoverEveryMoleculeOnce() {
        let lengths = (0..<100).map { $0 % 17 + 3 }
        var o = TrainingOptions()
        o.batchSize = 10
        o.bucketPool = 10
        let plan = Trainer.batchPlan(lengths: lengths, options: o, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(plan.flatMap { $0 }.sorted(), Array(0..<100))
        for b in plan { XCTAssertLessThanOrEqual(b.map { lengths[$0] }.max()! - b.map { lengths[$0] }.min()!, 2) }
        XCTAssertEqual(plan, Trainer.batchPlan(lengths: lengths, options: o, generator: RandomGenerator(seed: 1)))
    }

    func testCosineScheduleWarmsUpAndDecaysToItsFloor() {
        var o = TrainingOptions()
        o.learningRate = 1
        o.schedule = .cosine
        o.warmupSteps = 10
        o.minLearningRateFactor = 0.1
        XCTAssertEqual(o.learningRate(step: 0, totalSteps: 110), 0.1, accuracy: 1e-12)
        XCTAssertEqual(o.learningRate(step: 10, totalSteps: 110), 1, accuracy: 1e-12)
        XCTAssertEqual(o.learningRate(step: 60, totalSteps: 110), 0.55, accuracy: 1e-12)
        XCTAssertEqual(o.learningRate(step: 110, totalSteps: 110), 0.1, accuracy: 1e-12)
    }
}
