import Cryptography
import TestSupport
import Testing

@testable import Gateway

/// The Wycheproof JWS subset (`shared/vectors/jwt/wycheproof_jws_hs256_subset.json`), run against
/// the signature layer of ``TokenVerifier``: these are JWS tests, and most payloads are not JWTs.
struct JWTWycheproofTests {
    static let file = "wycheproof_jws_hs256_subset.json"

    /// One test, with its group's key.
    struct Case: Sendable {
        var tcId: Int
        var comment: String
        var jws: String
        var isLabelledValid: Bool
        var group: String
        var kid: String
        var secret: [UInt8]
    }

    /// Upstream label problems listed in the vectors' README, each of which this test inverts: the
    /// verdict asserted is the opposite of the file's `result`.
    /// - 367 and 370 are byte-identical to the valid tcId 357 yet labelled `invalid` (C2SP/wycheproof#236).
    /// - 372 and 373 insert `?` into the header or payload segment yet are labelled `valid`: `?` is
    ///   not base64url, and the MAC is not over the exact signing input, so RFC 7515 rejects them.
    static let mislabelled: [Int: String] = [
        367: "byte-identical to the valid tcId 357 but labelled invalid (C2SP/wycheproof#236)",
        370: "byte-identical to the valid tcId 357 but labelled invalid (C2SP/wycheproof#236)",
        372: "`?` in the header segment is not base64url, but labelled valid",
        373: "`?` in the payload segment is not base64url, but labelled valid",
    ]

    /// Why each invalid case is refused (the mislabelled 372 and 373 included).
    static let expectedCodes: [Int: String] = [
        2: AuthErrorCode.tokenSignatureInvalid,  // modified MAC
        3: AuthErrorCode.tokenSignatureInvalid,  // empty MAC
        4: AuthErrorCode.tokenMalformed,  // two segments
        5: AuthErrorCode.tokenSignatureInvalid,  // modified payload
        6: AuthErrorCode.tokenSignatureInvalid,  // empty payload
        7: AuthErrorCode.tokenMalformed,
        8: AuthErrorCode.tokenUnknownKey,  // the modified header names kid `Xid-aes-sign`
        9: AuthErrorCode.tokenMalformed,  // empty header
        10: AuthErrorCode.tokenMalformed,
        11: AuthErrorCode.tokenMalformed,
        12: AuthErrorCode.tokenMalformed,
        13: AuthErrorCode.tokenMalformed,  // empty string
        14: AuthErrorCode.tokenMalformed,  // four segments
        15: AuthErrorCode.tokenMalformed,
        16: AuthErrorCode.tokenAlgorithmRejected,  // alg none
        17: AuthErrorCode.tokenMalformed,  // JSON serialization
        341: AuthErrorCode.tokenAlgorithmRejected,
        342: AuthErrorCode.tokenAlgorithmRejected,  // alg NONE
        343: AuthErrorCode.tokenAlgorithmRejected,
        344: AuthErrorCode.tokenAlgorithmRejected,
        360: AuthErrorCode.tokenMalformed,  // spaces in the MAC segment
        361: AuthErrorCode.tokenMalformed,
        362: AuthErrorCode.tokenMalformed,
        363: AuthErrorCode.tokenMalformed,
        364: AuthErrorCode.tokenMalformed,
        365: AuthErrorCode.tokenMalformed,
        366: AuthErrorCode.tokenMalformed,
        368: AuthErrorCode.tokenMalformed,
        369: AuthErrorCode.tokenMalformed,
        371: AuthErrorCode.tokenMalformed,
        372: AuthErrorCode.tokenMalformed,
        373: AuthErrorCode.tokenMalformed,
        374: AuthErrorCode.tokenMalformed,  // non-zero unused bits in `AB`
        375: AuthErrorCode.tokenMalformed,
    ]

    static let cases: [Case] = (try? load()) ?? []

    static func load() throws -> [Case] {
        let root = try JWTVectorFile.object(file)
        let hs256Key: [String: Any] =
            try root.member("testGroups", as: [[String: Any]].self)
            .first { ($0["comment"] as? String) == "hs256" }.map { try $0.member("private") } ?? [:]
        var cases: [Case] = []
        for group in try root.member("testGroups", as: [[String: Any]].self) {
            let name: String = try group.member("comment")
            var jwk: [String: Any] = try group.member("private")
            let kid: String = try jwk.member("kid")
            // The ps512 group's key is RSA, which we do not support; its four `alg: none` tests must
            // fail before any key is used, so they run against the hs256 group's secret under the
            // ps512 group's kid.
            if (jwk["kty"] as? String) != "oct" { jwk = hs256Key }
            let secret = try JWTVectorFile.jwkBytes(jwk, "k")
            for test in try group.member("tests", as: [[String: Any]].self) {
                let result: String = try test.member("result")
                cases.append(
                    Case(
                        tcId: try test.member("tcId"), comment: try test.member("comment"), jws: try test.member("jws"),
                        isLabelledValid: result == "valid", group: name, kid: kid, secret: secret))
            }
        }
        return cases
    }

    static let enabled = Vectors.shouldRun("jwt")
    static let skip = Comment(rawValue: Vectors.skipMessage("jwt"))

    @Test(.enabled(if: enabled, skip))
    func coversEveryTestInTheFile() throws {
        let root = try JWTVectorFile.object(Self.file)
        #expect(Self.cases.count == (try root.member("numberOfTests", as: Int.self)))
        #expect(Self.cases.count == 44)
        #expect(Set(Self.cases.map(\.tcId)).count == 44, "tcIds are unique")
        #expect(Self.cases.filter(\.isLabelledValid).count == 10)
        // Every mislabelled case is present and labelled as the README says.
        for (tcId, _) in Self.mislabelled {
            let test = try #require(Self.cases.first { $0.tcId == tcId })
            #expect(test.isLabelledValid == (tcId == 372 || tcId == 373), "tcId \(tcId)")
        }
        // With the four inverted, 10 cases are valid and 34 invalid, each with an expected code.
        let valid = Self.cases.filter { Self.isValid($0) }
        #expect(valid.map(\.tcId).sorted() == [1, 348, 352, 357, 358, 359, 367, 370, 376, 377])
        #expect(Set(Self.cases.filter { !Self.isValid($0) }.map(\.tcId)) == Set(Self.expectedCodes.keys))
    }

    @Test(.enabled(if: enabled, skip))
    func mislabelledValidCopiesAreByteIdenticalToTcId357() throws {
        let reference = try #require(Self.cases.first { $0.tcId == 357 })
        for tcId in [367, 370] {
            #expect(try #require(Self.cases.first { $0.tcId == tcId }).jws == reference.jws, "tcId \(tcId)")
        }
    }

    /// The verdict asserted: the file's label, inverted for the four mislabelled cases.
    static func isValid(_ test: Case) -> Bool {
        mislabelled[test.tcId] == nil ? test.isLabelledValid : !test.isLabelledValid
    }

    @Test(.enabled(if: enabled, skip), arguments: cases.map(\.tcId))
    func agreesWithTheCase(tcId: Int) throws {
        let test = try #require(Self.cases.first { $0.tcId == tcId })
        let verifier = TokenVerifier(
            keys: [try VerificationKey(kid: test.kid, .hs256(secret: test.secret))], issuer: nil, audience: nil)
        let note =
            "tcId \(tcId) (\(test.group)): \(test.comment)" + (Self.mislabelled[tcId].map { "; inverted: \($0)" } ?? "")
        let failure = TestTokens.error { () throws(AuthError) in try verifier.verifySignature(test.jws) }
        if Self.isValid(test) {
            #expect(failure == nil, "\(note): \(failure.map(String.init(describing:)) ?? "")")
        } else {
            #expect(failure?.code == Self.expectedCodes[tcId], "\(note)")
        }
    }
}
