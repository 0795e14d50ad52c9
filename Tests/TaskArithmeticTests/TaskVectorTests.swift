import Foundation
import XCTest
import Model
@testable import TaskArithmetic

final class TaskVectorTests: XCTestCase {
    func testVectorIsTheExactDifference() throws {
        let tau = Fixture.vector()
        XCTAssertEqual(tau.deltas.names, Fixture.base.names)
        for i in 0..<Fixture.base.count {
            XCTAssertEqual(tau.deltas.values[i], Fixture.finetuned.values[i] - Fixture.base.values[i])
        }
    }

    /// θ_base + 1·τ is the fine-tuned model, and negating then re-adding returns the base, bit for bit.
    func testNegationThenReadditionReturnsTheBaseExactly() throws {
        let tau = Fixture.vector()
        let forward = try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: 1, source: "t")])
            .apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)
        XCTAssertEqual(forward, Fixture.finetuned)

        let negated = try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -1, source: "t")])
            .apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)
        for i in 0..<negated.count { XCTAssertEqual(negated.values[i], Fixture.base.values[i] - tau.deltas.values[i]) }
        // The negated model is not the vector's base, so re-adding needs force.
        let back = try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: 1, source: "t")], force: true)
            .apply(to: negated, baseChecksum: "other")
        XCTAssertEqual(back.values.map(\.bitPattern), Fixture.base.values.map(\.bitPattern))

        // −τ and +τ in one edit cancel exactly.
        let both = try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -1, source: "a"), WeightedVector(vector: tau, lambda: 1, source: "b")])
            .apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)
        XCTAssertEqual(both, Fixture.base)
    }

    func testHalfNegationIsExactForRepresentableValues() throws {
        let tau = Fixture.vector()
        let edited = try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -0.5, source: "t")])
            .apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)
        for i in 0..<edited.count { XCTAssertEqual(edited.values[i], Fixture.base.values[i] - 0.5 * tau.deltas.values[i]) }
    }

    func testMismatchedModelsAreRefusedNamingTheFirstDifference() throws {
        var other = try ParameterSet(tensors: [("embedding.weight", [2, 3], [Float](repeating: 0, count: 6)),
                                               ("lstm.weight_ih_l0", [3, 2], [Float](repeating: 0, count: 6))])
        XCTAssertThrowsError(try TaskVector(base: Fixture.base, finetuned: other, info: TaskVectorInfo(label: "x", baseChecksum: "b"))) {
            XCTAssertEqual("\($0)", "base and fine-tuned models differ: tensor count differs (5 vs 2)")
        }
        other = Fixture.parameters { _ in 0 }
        var renamed = ParameterSet()
        for spec in other.specs {
            try renamed.append(name: spec.name == "lstm.bias_ih_l0" ? "lstm.bias_hh_l0" : spec.name, shape: spec.shape, values: other.tensor(spec.name)!)
        }
        XCTAssertThrowsError(try TaskVector(base: Fixture.base, finetuned: renamed, info: TaskVectorInfo(label: "x", baseChecksum: "b"))) {
            XCTAssertEqual("\($0)", "base and fine-tuned models differ: tensor 'lstm.bias_ih_l0' vs 'lstm.bias_hh_l0' at the same position")
        }
        // A vector does not fit a base with a different layout either.
        let small = TaskVector(deltas: Fixture.single([1, 2]), info: TaskVectorInfo(label: "tiny", baseChecksum: Fixture.baseChecksum))
        XCTAssertThrowsError(try ModelEdit(vectors: [WeightedVector(vector: small, lambda: -1, source: "tiny.safetensors")])
            .apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)) {
            XCTAssertEqual("\($0)", "task vector 'tiny' (tiny.safetensors) does not fit the base: tensor count differs (5 vs 1)")
        }
    }

    func testNonFiniteFineTunedWeightsAreRefused() throws {
        var bad = Fixture.finetuned
        bad.values[8] = .nan
        XCTAssertThrowsError(try TaskVector(base: Fixture.base, finetuned: bad, info: TaskVectorInfo(label: "x", baseChecksum: "b"))) {
            XCTAssertEqual("\($0)", "tensor 'lstm.weight_ih_l0' holds a non-finite value at element 2")
        }
    }

    func testVectorFromAnotherBaseIsRefusedUnlessForced() throws {
        let tau = Fixture.vector()
        let edit = ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -1, source: "t")])
        let otherChecksum = "0ther" + String(repeating: "1", count: 59)
        XCTAssertThrowsError(try edit.apply(to: Fixture.base, baseChecksum: otherChecksum)) {
            XCTAssertEqual("\($0)", "task vector 'rings-none' was taken from base b4se00000000 but the base given is 0ther1111111; use the base it came from, or force the edit")
        }
        var forced = edit
        forced.force = true
        XCTAssertNoThrow(try forced.apply(to: Fixture.base, baseChecksum: otherChecksum))
        XCTAssertThrowsError(try ModelEdit(vectors: []).apply(to: Fixture.base, baseChecksum: "x")) {
            XCTAssertEqual("\($0)", "no task vector given")
        }
    }

    func testVectorFileRoundTripKeepsValuesAndMetadata() throws {
        var tau = Fixture.vector()
        tau.info = TaskVectorInfo(label: "logp-low", baseChecksum: Fixture.baseChecksum, finetunedChecksum: "f1ne",
                                  dataChecksum: "da7a", dataSize: 1234, training: "{\"epochs\":\"3\"}", modelConfig: "{\"hidden\":8}")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-tau-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try tau.write(to: url)
        let back = try TaskVector.read(url)
        XCTAssertEqual(back, tau)
        let (_, metadata) = try SafeTensors.read(url)
        XCTAssertEqual(metadata["antipode_format"], "antipode-task-vector/1")
        XCTAssertEqual(metadata["data_size"], "1234")
        XCTAssertEqual(metadata["base_checksum"], Fixture.baseChecksum)
    }

    func testFilesThatAreNotVectorsAreRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-notvec-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(Fixture.base, metadata: ["label": "x"], to: url)
        XCTAssertThrowsError(try TaskVector.read(url)) {
            XCTAssertEqual("\($0)", "\(url.path) is not a usable task vector: no 'antipode_format' metadata (was it written by antipode vector?)")
        }
        try SafeTensors.write(Fixture.base, metadata: ["antipode_format": "antipode-task-vector/1", "label": "x", "base_checksum": "b", "data_size": "many"], to: url)
        XCTAssertThrowsError(try TaskVector.read(url)) {
            XCTAssertEqual("\($0)", "\(url.path) is not a usable task vector: data_size 'many' is not a count")
        }
        XCTAssertThrowsError(try TaskVector.read(URL(fileURLWithPath: "/nonexistent/tau.safetensors"))) {
            XCTAssertEqual("\($0)", "cannot read /nonexistent/tau.safetensors: no such file or not readable")
        }
    }

    func testEditMetadataRecordsBaseVectorsAndMethod() throws {
        let edit = ModelEdit(vectors: [WeightedVector(vector: Fixture.vector(), lambda: -0.5, source: "tau.safetensors")],
                             scales: [try ScaleRule(parsing: "lstm.*=x0.5")], method: TIESMerge(density: 0.2))
        let m = edit.metadata(baseChecksum: Fixture.baseChecksum)
        XCTAssertEqual(m["edit_base_checksum"], Fixture.baseChecksum)
        XCTAssertEqual(m["edit_method"], "ties")
        XCTAssertEqual(m["edit_method_settings"], "{\"density\":\"0.2\"}")
        XCTAssertEqual(m["edit_lambdas"], "-0.5")
        XCTAssertEqual(m["edit_scales"], "[\"lstm.*=x0.5\"]")
        XCTAssertEqual(m["edit_vectors"], "[{\"base_checksum\":\"\(Fixture.baseChecksum)\",\"label\":\"rings-none\",\"lambda\":-0.5,\"source\":\"tau.safetensors\"}]")
    }
}

/// Vectors of tangent-space (linearized) fine-tuning live in another model: never merged with ordinary ones.
final class LinearizedVectorTests: XCTestCase {
    func linearized(_ label: String) -> TaskVector {
        var v = Fixture.vector(label: label)
        v.info.linearized = true
        return v
    }

    func testTheFlagRoundTripsThroughTheFileMetadata() throws {
        let v = linearized("chains")
        XCTAssertEqual(v.info.metadata["linearized"], "true")
        XCTAssertTrue(try TaskVectorInfo(metadata: v.info.metadata, source: "v").linearized)
        XCTAssertFalse(try TaskVectorInfo(metadata: Fixture.vector().info.metadata, source: "v").linearized)
    }

    func testMixingLinearizedAndOrdinaryVectorsIsRefusedByName() throws {
        let edit = ModelEdit(vectors: [WeightedVector(vector: Fixture.vector(label: "plain"), lambda: -1, source: "a"),
                                       WeightedVector(vector: linearized("tangent"), lambda: -1, source: "b")])
        XCTAssertThrowsError(try edit.apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)) {
            XCTAssertTrue("\($0)".contains("'tangent' is linearized"), "\($0)")
            XCTAssertTrue("\($0)".contains("'plain' is not"), "\($0)")
        }
    }

    func testAnEditOfLinearizedVectorsRecordsItsExpansionPoint() throws {
        let edit = ModelEdit(vectors: [WeightedVector(vector: linearized("tangent"), lambda: -1, source: "b")])
        _ = try edit.apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)
        XCTAssertEqual(edit.metadata(baseChecksum: Fixture.baseChecksum)[LanguageModel.linearizedKey], Fixture.baseChecksum)
        let plain = ModelEdit(vectors: [WeightedVector(vector: Fixture.vector(), lambda: -1, source: "a")])
        XCTAssertNil(plain.metadata(baseChecksum: Fixture.baseChecksum)[LanguageModel.linearizedKey])
    }
}
