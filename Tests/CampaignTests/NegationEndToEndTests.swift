import Chem
import Evaluation
import XCTest
import Model
import Tokens
import TaskArithmetic
import Sweep
@testable import Campaign

/// The whole negation path on a tiny model: pre-train on molecules with and without rings,
/// fine-tune on the acyclic ones, take τ, negate it (λ = 0.5), and sample. Moving away from "no rings"
/// must give samples with more rings than the base model's.
final class NegationEndToEndTests: XCTestCase {
    static let acyclic = [
        "CCO", "CCN", "CCCO", "CCCN", "CC(C)O", "CC(C)N", "CCOC", "CCNC", "CC(=O)O", "CC(=O)N", "CCC(=O)O", "NCCO",
        "OCCO", "CCCC", "CC(C)C", "CCOCC", "CCNCC", "CC(=O)OC", "CCC(N)=O", "NCC(=O)O", "CCCCO", "CCCCN", "CC(O)CO", "COC",
    ]
    static let cyclic = [
        "c1ccccc1", "Cc1ccccc1", "Oc1ccccc1", "Nc1ccccc1", "C1CCCCC1", "OC1CCCCC1", "C1CCOC1", "C1CCNC1", "c1ccncc1",
        "Cc1ccncc1", "C1CCC1", "OC1CCC1", "c1ccoc1", "c1ccsc1", "C1CCNCC1", "C1COCCN1", "Clc1ccccc1", "CC1CCCCC1",
        "c1ccc2ccccc2c1", "O=C1CCCC1", "NC1CCCCC1", "c1cnccn1", "OCc1ccccc1", "CCc1ccccc1",
    ]

    func meanRings(_ smiles: [String]) -> (mean: Double, valid: Int) {
        let ringCount = Descriptor.named("RingCount")!
        let rings = smiles.compactMap { try? Molecule(smiles: $0) }.map { $0.value(of: ringCount) }
        return (rings.reduce(0, +) / Double(max(rings.count, 1)), rings.count)
    }

    func testNegatingANoRingsVectorRaisesTheRingCount() throws {
        let corpus = Self.acyclic + Self.cyclic
        let vocabulary = try Vocabulary.build(from: corpus, tokenizer: SMILESTokenizer())
        let initial = LanguageModel(config: ModelConfig(vocabulary: vocabulary, embeddingSize: 16, hiddenSize: 32, layers: 1, dropout: 0), seed: 7)
        var options = TrainingOptions()
        options.batchSize = 8
        options.learningRate = 1e-2
        options.quiet = true
        options.patience = 0
        options.seed = 1
        options.epochs = 30
        let base = try Trainer.train(initial, train: corpus, validation: [], options: options, checkpointFolder: nil).model
        options.epochs = 10
        options.learningRate = 3e-3
        let finetuned = try Trainer.train(base, train: Self.acyclic, validation: [], options: options, checkpointFolder: nil).model

        let tau = try TaskVector(base: base, finetuned: finetuned, info: TaskVectorInfo(label: "rings-none", baseChecksum: ""))
        let negated = try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -0.5, source: "tau")]).apply(to: base)

        let sampling = SamplingOptions(count: 400, seed: 3, batchSize: 100, maxLength: 40)
        let b = meanRings(try base.sample(sampling).map(\.smiles))
        let f = meanRings(try finetuned.sample(sampling).map(\.smiles))
        let n = meanRings(try negated.sample(sampling).map(\.smiles))
        print("mean ring count over valid samples: base \(b), fine-tuned \(f), negated \(n)")
        XCTAssertGreaterThan(b.valid, 100)
        XCTAssertGreaterThan(n.valid, 100)
        XCTAssertLessThan(f.mean, b.mean, "fine-tuning on acyclic molecules lowers the ring count")
        XCTAssertGreaterThan(n.mean, b.mean + 0.1, "negating the no-rings vector raises it")

        // The same through the sweep, scored by the design metrics: success = valid, unique, novel
        // and at least one ring. λ = 0 is the base model itself.
        let reference = ReferenceIndex(canonicalSmiles: try corpus.map { try Molecule(smiles: $0).canonicalSmiles })
        let sweep = LambdaSweep(base: base, vectors: [SweepVector(vector: tau, source: "tau")], grid: try LambdaGrid(parsing: "0,0.5"),
                                samplesPerLambda: 400, seed: 3, rule: LambdaChoiceRule(minValidity: 0.3, minNovelty: 0.05))
        var sampling2 = sampling
        sampling2.count = 1
        let result = try sweep.run(reference: reference, predicates: try DescriptorPredicate.parseAll("RingCount>=1"), sampling: sampling2)
        print(SweepTable.text(result.rows, rule: sweep.rule, chosen: try? result.choice.get().lambda))
        XCTAssertEqual(result.rows.map(\.designs), [400, 400])
        XCTAssertEqual(result.rows[1].validity, Double(n.valid) / 400, "λ = 0.5 samples the model edited above, with the same seed")
        XCTAssertGreaterThan(result.rows[1].successRate, result.rows[0].successRate)
        XCTAssertEqual(try result.choice.get().lambda, 0.5)
    }
}
