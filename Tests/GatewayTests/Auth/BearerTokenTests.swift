import Testing

@testable import Gateway

struct BearerTokenTests {
    @Test func extractsTheTokenWithTheSchemeInAnyCase() throws {
        for header in ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", "bEaReR abc.def.ghi"] {
            #expect(try BearerToken.extract(authorization: header) == "abc.def.ghi", "\(header)")
        }
        // The whole b64token alphabet, trailing `=` included.
        #expect(try BearerToken.extract(authorization: "Bearer aZ09-._~+/==") == "aZ09-._~+/==")
    }

    @Test func reportsAMissingTokenWithoutAnErrorCode() {
        for header: String? in [nil, "", "Basic dXNlcjpwYXNz", "Bearerabc", "Token abc", "Bearer\tabc"] {
            let error = #expect(throws: AuthError.self, "\(String(describing: header))") {
                try BearerToken.extract(authorization: header)
            }
            #expect(error?.code == AuthErrorCode.tokenMissing, "\(String(describing: header))")
            #expect(error?.wwwAuthenticate == #"Bearer realm="maestro""#)
        }
    }

    @Test func rejectsBearerCredentialsOutsideTheGrammar() {
        let malformed = [
            "Bearer", "Bearer ", "Bearer  abc", "Bearer abc ", "Bearer abc def", "Bearer =abc", "Bearer a=b",
            "Bearer a,b",
            "Bearer \"abc\"", "Bearer abc\u{00e9}", "Bearer abc\n",
            "Bearer " + String(repeating: "a", count: JWS.maximumByteCount + 1),
        ]
        for header in malformed {
            #expect(throws: AuthError(AuthErrorCode.tokenMalformed, ""), "\(header.prefix(40))") {
                try BearerToken.extract(authorization: header)
            }
        }
        #expect(throws: Never.self) {
            try BearerToken.extract(authorization: "Bearer " + String(repeating: "a", count: JWS.maximumByteCount))
        }
    }
}
