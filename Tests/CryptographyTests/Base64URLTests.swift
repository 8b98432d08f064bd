import Testing

@testable import Cryptography

struct Base64URLTests {
    @Test func matchesEveryRFC4648ExampleWithoutPadding() throws {
        for (text, padded) in Base64Tests.rfc4648Examples {
            let encoded = String(padded.filter { $0 != "=" })
            #expect(Base64URL.encode(Array(text.utf8)) == encoded, "\(text)")
            #expect(try Base64URL.decode(encoded) == Array(text.utf8), "\(text)")
        }
    }

    @Test func usesMinusAndUnderscore() throws {
        #expect(Base64URL.encode([0xfb, 0xff] as [UInt8]) == "-_8")
        #expect(try Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(Base64URL.encode([0xfb, 0xef, 0xff] as [UInt8]) == "--__")
    }

    @Test(arguments: [
        "Z", "Zm9vY", "Zm9vYmFyZ",  // length ≡ 1 (mod 4)
        "Zg==", "Zm8=", "Zg=", "=",  // padding
        "Zh", "Zm9", "-_9",  // non-zero unused bits
        "+/8", "Zm/v",  // standard alphabet
        "Zm9v\n", "Zm 9v", " Zg",  // whitespace
    ])
    func rejectsNonCanonicalText(text: String) {
        #expect(throws: CryptographyError(.invalidBase64, "")) { try Base64URL.decode(text) }
    }
}
