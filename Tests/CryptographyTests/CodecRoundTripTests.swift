import Foundation
import TestSupport
import Testing

@testable import Cryptography

struct CodecRoundTripTests {
    @Test func randomBytesRoundTripThroughEveryCodec() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            for _ in 0..<10 {
                let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }

                let hex = Hex.encode(bytes)
                #expect(hex == TestHex.string(bytes))
                #expect(try Hex.decode(hex) == bytes)
                #expect(try Hex.decode(hex.uppercased()) == bytes)

                // Foundation's encoder is a fine reference; only its decoder is lenient.
                let base64 = Base64.encode(bytes)
                #expect(base64 == Data(bytes).base64EncodedString())
                #expect(try Base64.decode(base64) == bytes)

                let base64URL = Base64URL.encode(bytes)
                let expectedURL = base64.replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                #expect(base64URL == expectedURL)
                #expect(try Base64URL.decode(base64URL) == bytes)
            }
        }
    }
}
