import COpenSSL

/// The few helpers every OpenSSL call site shares: reading and clearing the thread's error queue.
///
/// OpenSSL keeps a per-thread queue of errors. Each failure path here drains it, so that a later,
/// unrelated failure on the same thread never reports a stale reason.
enum LibCrypto {
    /// Empties the calling thread's OpenSSL error queue and returns its first entry as text.
    ///
    /// - Returns: OpenSSL's description of the oldest queued error, or `no reason given` if none.
    static func takeErrorDescription() -> String {
        let first = ERR_get_error()
        ERR_clear_error()
        guard first != 0 else { return "no reason given" }
        // 256 bytes is the size ERR_error_string documents as always sufficient.
        var buffer = [CChar](repeating: 0, count: 256)
        let text = buffer.withUnsafeMutableBufferPointer { chars -> String in
            ERR_error_string_n(first, chars.baseAddress, chars.count)
            return String(cString: chars.baseAddress!)
        }
        return text
    }

    /// Makes a `library_failure` error for a failed OpenSSL call, draining the error queue.
    ///
    /// - Parameter operation: The OpenSSL function that failed, such as `EVP_DigestSign`.
    /// - Returns: An error whose message names the operation and OpenSSL's reason, never key material.
    static func failure(_ operation: String) -> CryptographyError {
        CryptographyError(.libraryFailure, "\(operation) failed: \(takeErrorDescription())")
    }

    /// Discards whatever the calling thread's error queue holds (after an expected failure).
    static func clearErrors() {
        ERR_clear_error()
    }

    /// Traps unless an OpenSSL call that cannot fail on valid arguments returned 1.
    ///
    /// Used only where failure means memory exhaustion or a broken OpenSSL installation, from
    /// which no caller could recover (a valid context always accepts a digest update, for example).
    static func require(_ status: Int32, _ operation: StaticString) {
        if status != 1 {
            preconditionFailure("\(operation) failed unexpectedly: \(takeErrorDescription())")
        }
    }

    /// Traps on a `nil` result from an OpenSSL allocation, which only memory exhaustion causes.
    static func allocated<T>(_ pointer: T?, _ operation: StaticString) -> T {
        guard let pointer else {
            preconditionFailure("\(operation) could not allocate: \(takeErrorDescription())")
        }
        return pointer
    }
}

extension LibCrypto {
    /// Overwrites a secret with zeros in a way the optimiser cannot remove (`OPENSSL_cleanse`).
    static func cleanse(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
        }
    }
}
