import Cryptography

/// Takes PEM text apart and puts it back together, to craft malformed keys in tests.
enum PEMText {
    /// The DER bytes inside the first PEM block.
    static func der(_ pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try Base64.decode(body)
    }

    /// A PEM block with the given label around some DER bytes, in 64-character lines.
    static func make(label: String, der: [UInt8]) -> String {
        let body = Array(Base64.encode(der))
        let lines = stride(from: 0, to: body.count, by: 64).map { String(body[$0..<min($0 + 64, body.count)]) }
        return "-----BEGIN \(label)-----\n" + lines.map { $0 + "\n" }.joined() + "-----END \(label)-----\n"
    }
}
