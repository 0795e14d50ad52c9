import XCTest
@testable import Tokens

final class TokenizerTests: XCTestCase {
    func testSMILESTokensKeepBracketAtomsHalogensAndRingClosuresWhole() throws {
        let t = SMILESTokenizer()
        XCTAssertEqual(try t.tokenize("c1cc[nH]c1Br"), ["c", "1", "c", "c", "[nH]", "c", "1", "Br"])
        XCTAssertEqual(try t.tokenize("C[C@@H](Cl)C%12CC%12[O-]"),
                       ["C", "[C@@H]", "(", "Cl", ")", "C", "%12", "C", "C", "%12", "[O-]"])
        XCTAssertEqual(try t.tokenize("CC(=O)N"), ["C", "C", "(", "=", "O", ")", "N"])
        // B alone, C alone, then their two-letter forms
        XCTAssertEqual(try t.tokenize("BCBrCl"), ["B", "C", "Br", "Cl"])
        XCTAssertEqual(try t.tokenize(""), [])
    }

    func testMalformedSMILESIsAnErrorNamingThePlace() {
        XCTAssertThrowsError(try SMILESTokenizer().tokenize("C[nH")) {
            XCTAssertEqual("\($0)", "cannot tokenize 'C[nH': '[' at position 2 is never closed")
        }
        XCTAssertThrowsError(try SMILESTokenizer().tokenize("C%1C")) {
            XCTAssertTrue("\($0)".contains("not followed by two digits"))
        }
    }

    func testPeptideTokensAreLetters() throws {
        XCTAssertEqual(try PeptideTokenizer().tokenize("GLFK"), ["G", "L", "F", "K"])
        XCTAssertThrowsError(try PeptideTokenizer().tokenize("GL1"))
        XCTAssertEqual(try Tokenizers.named("peptide").kind, "peptide")
        XCTAssertThrowsError(try Tokenizers.named("selfies")) { XCTAssertTrue("\($0)".contains("smiles, peptide")) }
    }

    func testVocabularyIsSpecialsThenSortedTokensAndRoundTrips() throws {
        let v = try Vocabulary.build(from: ["CCO", "c1ccccc1Cl"], tokenizer: SMILESTokenizer())
        XCTAssertEqual(v.tokens, ["<pad>", "<bos>", "<eos>", "1", "C", "Cl", "O", "c"])
        let ids = try v.encode("CCl", tokenizer: SMILESTokenizer())
        XCTAssertEqual(ids, [1, 4, 5, 2])
        XCTAssertEqual(v.decode(ids), "CCl")
        let json = try JSONEncoder().encode(v)
        XCTAssertEqual(try JSONDecoder().decode(Vocabulary.self, from: json), v)
    }

    func testUnseenTokenNamesTokenAndMoleculeOrIsSkippedAndCounted() throws {
        let v = try Vocabulary.build(from: ["CCO"], tokenizer: SMILESTokenizer())
        XCTAssertThrowsError(try v.encode("CCBr", tokenizer: SMILESTokenizer())) {
            XCTAssertEqual("\($0)", "token 'Br' in 'CCBr' is not in the model's vocabulary")
        }
        let r = try encodeAll(["CC", "CBr", "OC", "C[nH"], vocabulary: v, tokenizer: SMILESTokenizer(), skipUnknown: true)
        XCTAssertEqual(r.skipped, 2)
        XCTAssertEqual(r.kept, [0, 2])
        XCTAssertThrowsError(try encodeAll(["CBr"], vocabulary: v, tokenizer: SMILESTokenizer(), skipUnknown: false)) {
            XCTAssertEqual("\($0)", "token 'Br' in 'CBr' is not in the model's vocabulary")
        }
        // A first line that is a column title is named as one.
        XCTAssertThrowsError(try encodeAll(["canonical_smiles", "CCO"], vocabulary: v, tokenizer: SMILESTokenizer(), skipUnknown: false)) {
            XCTAssertTrue("\($0)".hasPrefix("the first line 'canonical_smiles' looks like a header, not a molecule (token "), "\($0)")
        }
        XCTAssertThrowsError(try encodeAll(["CCO", "Molecule"], vocabulary: v, tokenizer: SMILESTokenizer(), skipUnknown: false)) {
            XCTAssertTrue("\($0)".hasPrefix("token "), "only the first line can be a header: \($0)")
        }
    }
}
