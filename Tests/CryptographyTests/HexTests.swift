import Testing

@testable import Cryptography

struct HexTests {
    @Test func encodesLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0x00, 0xff, 0x10, 0xab] as [UInt8]) == "00ff10ab")
        #expect(Hex.encode((0..<3).lazy.map { UInt8($0) }) == "000102")
    }

    @Test func decodesEitherCase() throws {
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("00ff10ab") == [0x00, 0xff, 0x10, 0xab])
        #expect(try Hex.decode("00FF10AB") == [0x00, 0xff, 0x10, 0xab])
        #expect(try Hex.decode("aBcD") == [0xab, 0xcd])
    }

    @Test(arguments: [
        ("abc", "odd"),
        ("0g", "offset 1"),
        ("g0", "offset 0"),
        ("00 1", "offset 2"),
        ("0x00", "offset 1"),
        (" 0", "offset 0"),
        ("00\n", "odd"),
        ("ffé00", "offset 2"),
    ])
    func rejectsMalformedText(text: String, messageFragment: String) {
        #expect(throws: CryptographyError(.invalidHex, "")) { try Hex.decode(text) }
        do {
            _ = try Hex.decode(text)
        } catch {
            #expect(error.message.contains(messageFragment), "\(error.message)")
        }
    }
}
