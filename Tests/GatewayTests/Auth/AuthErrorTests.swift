import Testing

@testable import Gateway

struct AuthErrorTests {
    @Test func codesAreWellFormedAndUnique() {
        #expect(AuthErrorCode.all.count == 13)
        #expect(Set(AuthErrorCode.all).count == AuthErrorCode.all.count)
        for code in AuthErrorCode.all {
            #expect(code.wholeMatch(of: /gateway\.token_[a-z_]+/) != nil, "\(code)")
        }
        #expect(AuthErrorCode.tokenMissing == "gateway.token_missing")
        #expect(AuthErrorCode.tokenExpired == "gateway.token_expired")
    }

    @Test func challengesFollowRFC6750() {
        #expect(
            AuthError(AuthErrorCode.tokenMissing, "request has no bearer token").wwwAuthenticate
                == #"Bearer realm="maestro""#)
        #expect(
            AuthError(AuthErrorCode.tokenExpired, "token expired at 1700000000").wwwAuthenticate
                == #"Bearer realm="maestro", error="invalid_token", error_description="token expired at 1700000000""#)
        // error_description allows %x20-21 / %x23-5B / %x5D-7E only.
        let hostile = AuthError(AuthErrorCode.tokenUnknownKey, "key `a\"b\\c\u{7}d\u{e9}` is not configured")
        #expect(
            hostile.wwwAuthenticate
                == #"Bearer realm="maestro", error="invalid_token", error_description="key `a?b?c?d?` is not configured""#
        )
        #expect(AuthError(AuthErrorCode.tokenMalformed, "x").httpStatus == 401)
    }

    @Test func errorsCompareByCode() {
        #expect(AuthError(AuthErrorCode.tokenExpired, "a") == AuthError(AuthErrorCode.tokenExpired, "b"))
        #expect(AuthError(AuthErrorCode.tokenExpired, "a") != AuthError(AuthErrorCode.tokenMalformed, "a"))
        #expect("\(AuthError(AuthErrorCode.tokenExpired, "m"))" == "gateway.token_expired: m")
    }

    @Test func quotesHeaderValuesSafelyAndBriefly() {
        #expect(AuthError.quoted("HS256") == "`HS256`")
        #expect(AuthError.quoted("a\nb\u{e9}") == "`a?b?`")
        #expect(
            AuthError.quoted(String(repeating: "x", count: 100)) == "`" + String(repeating: "x", count: 64) + "...`")
    }

    @Test func messagesNeverQuoteTheToken() throws {
        let verifier = try TestTokens.hs256Verifier()
        let secretish = TestTokens.hs256(payload: #"{"sub":"u","exp":1}"#, secret: [UInt8](repeating: 5, count: 32))
        for token in [secretish, secretish + "x", TestTokens.hs256(payload: #"{"sub":"u","exp":1}"#)] {
            let error = #expect(throws: AuthError.self) { try verifier.verify(token, now: 10) }
            let signature = String(token.split(separator: ".").last!)
            #expect(error?.message.contains(signature) == false)
            #expect(error?.message.first?.isLowercase == true)
            #expect(error?.message.hasSuffix(".") == false)
        }
    }
}
