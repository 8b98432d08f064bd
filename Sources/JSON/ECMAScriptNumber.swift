/// ECMAScript `Number.prototype.toString` for finite doubles: the number form of RFC 8785 §3.2.2.3.
///
/// Swift's `description` already yields the shortest digit string that round-trips and, among
/// those, the one closest to the value — the digits ECMA-262 §6.1.6.1.20 asks for. This type only
/// re-lays those digits out by the ECMAScript rules.
enum ECMAScriptNumber {
    /// Formats a finite double; `-0` is written `0`.
    static func format(_ value: Double) -> String {
        precondition(value.isFinite, "JSON numbers are finite")
        if value == 0 { return "0" }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ECMAScript form of a finite, non-zero-or-zero double to `out`.
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let (digits, n) = shortestDigits(of: value.magnitude)
        let k = digits.count
        // ECMA-262: value = 0.d1…dk × 10^n, i.e. digits × 10^(n−k).
        if k <= n && n <= 21 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: digits[0..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: digits)
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            let exponent = n - 1
            out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            out.append(contentsOf: String(exponent.magnitude).utf8)
        }
    }

    /// The shortest round-tripping significant digits of a positive finite double (no leading or
    /// trailing zeros) and the exponent `n` with value = 0.digits × 10^n.
    static func shortestDigits(of value: Double) -> (digits: [UInt8], n: Int) {
        // `description` is "1234.5", "0.001", "1e-07" or "1.2345e+20": digits, an optional point,
        // an optional exponent.
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointIndex: Int? = nil
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in value.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                }
            case UInt8(ascii: "."): pointIndex = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break  // "+"
            }
        }
        // Digits before the point count toward the exponent: "123.4" is 0.1234 × 10^3.
        var n = (pointIndex ?? digits.count) + exponentSign * exponent
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == UInt8(ascii: "0") { leading += 1 }
        n -= leading
        var end = digits.count
        while end > leading + 1 && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        return (Array(digits[leading..<end]), n)
    }
}
