import Testing

@testable import Cryptography

struct Base64Tests {
    // RFC 4648 §10.
    static let rfc4648Examples: [(text: String, encoded: String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func matchesEveryRFC4648Example() throws {
        for (text, encoded) in Self.rfc4648Examples {
            #expect(Base64.encode(Array(text.utf8)) == encoded, "\(text)")
            #expect(try Base64.decode(encoded) == Array(text.utf8), "\(text)")
        }
    }

    @Test func usesPlusAndSlash() throws {
        #expect(Base64.encode([0xfb, 0xff] as [UInt8]) == "+/8=")
        #expect(try Base64.decode("+/8=") == [0xfb, 0xff])
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9vY", "Z===", "====", "Zg==Zg==", "Zm=v", "=Zm9",  // length and padding
        "Zh==", "Zm9=", "Zg9=",  // non-zero unused bits: canonical forms are Zg==, Zm8=, Zg8=
        "Zm9v\n", "Zm 9v", " Zm9v", "Zm9v\r\n", "Zm9\t",  // whitespace
        "-_8=", "Zm9*", "Zm9vé===",  // outside the standard alphabet
    ])
    func rejectsNonCanonicalText(text: String) {
        #expect(throws: CryptographyError(.invalidBase64, "")) { try Base64.decode(text) }
    }

    @Test func namesTheOffendingOffset() {
        do {
            _ = try Base64.decode("Zm9vY*Fy")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.message == "invalid base64 character at offset 5")
        }
    }
}
