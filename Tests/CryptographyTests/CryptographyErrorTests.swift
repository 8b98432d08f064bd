import Testing

@testable import Cryptography

struct CryptographyErrorTests {
    @Test func everyCodeIsUniqueAndWellFormed() throws {
        let pattern = try Regex("^cryptography\\.[a-z0-9_]+$")
        let codes = CryptographyError.Code.all.map(\.rawValue)
        #expect(Set(codes).count == codes.count, "duplicate codes in \(codes)")
        for code in codes {
            #expect(code.wholeMatch(of: pattern) != nil, "malformed code \(code)")
        }
    }

    @Test func errorsCompareByCodeOnly() {
        let a = CryptographyError(.invalidHex, "non-hex character at offset 1")
        let b = CryptographyError(.invalidHex, "hex text has an odd length of 3 bytes")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != CryptographyError(.invalidBase64, "non-hex character at offset 1"))
    }

    @Test func descriptionShowsCodeThenMessage() {
        let error = CryptographyError(.keyFileExists, "key file `k.pem` already exists")
        #expect(error.description == "cryptography.key_file_exists: key file `k.pem` already exists")
    }
}
