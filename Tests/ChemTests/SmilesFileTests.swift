import XCTest
@testable import Chem

final class SmilesFileTests: XCTestCase {
    func testSmiLinesKeepEveryLineAndSplitNames() throws {
        let f = try SmilesFile.parse("CCO ethanol\n\nc1ccccc1\tbenzene ring\nC1CC\r\n", format: .smi)
        XCTAssertEqual(f.entries, [
            .init(smiles: "CCO", name: "ethanol"), .init(smiles: "", name: ""),
            .init(smiles: "c1ccccc1", name: "benzene ring"), .init(smiles: "C1CC", name: ""),
        ])
    }

    func testCSVFindsTheSmilesColumnInAnyCase() throws {
        let f = try SmilesFile.parse("ID,Smiles,pIC50\nm1,\"CC,O\",5\nm2,CCN,6\nm3\n", format: .csv)
        XCTAssertEqual(f.entries, [.init(smiles: "CC,O", name: "m1"), .init(smiles: "CCN", name: "m2"), .init(smiles: "", name: "m3")])
        XCTAssertThrowsError(try SmilesFile.parse("a,b\n1,2\n", format: .csv, source: "x.csv")) {
            XCTAssertEqual("\($0)", "x.csv: no 'smiles' column in the CSV header (a, b)")
        }
        XCTAssertEqual(try SmilesFile.parse("mol,structure\nx,CC\n", format: .csv, smilesColumn: "Structure").entries,
                       [.init(smiles: "CC", name: "")])
    }

    func testCSVQuotingRoundTrips() {
        for s in ["plain", "a,b", "say \"hi\"", " padded ", "line\nbreak", ""] {
            XCTAssertEqual(CSV.fields(CSV.quote(s) + ",next"), [s, "next"], s)
        }
        XCTAssertEqual(CSV.fields("\"c:1:c\"     ,\"<regId=x>\""), ["c:1:c", "<regId=x>"])
    }
}
