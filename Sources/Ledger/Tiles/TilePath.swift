/// Paths of the C2SP tlog-tiles layout, relative to the log's root.
///
/// - Hash tile at tile level `L`, index `N`: `tile/<L>/<N>`; a partial one of width `W`:
///   `tile/<L>/<N>.p/<W>`.
/// - Entry bundle `N`: `tile/entries/<N>` or `tile/entries/<N>.p/<W>`.
/// - `<N>` is written in groups of three decimal digits, every group but the last prefixed with
///   `x`: 1234067 is `x001/x234/067`, so no directory holds more than 1,000 names.
public enum TilePath {
    /// Hashes (or entries) per full tile: 2^8.
    public static let width = 256
    /// Tree levels per tile level.
    public static let height = 8

    /// `<N>` in the three-digit path form.
    public static func encode(index: UInt64) -> String {
        var groups: [String] = []
        var rest = index
        repeat {
            let group = String(rest % 1000)
            groups.append(String(repeating: "0", count: 3 - group.count) + group)
            rest /= 1000
        } while rest > 0
        return groups.reversed().enumerated().map { $0.offset == groups.count - 1 ? $0.element : "x" + $0.element }
            .joined(separator: "/")
    }

    /// The path of a hash tile. Requires `0 < width <= 256`; 256 is a full tile.
    public static func hashTile(level: Int, index: UInt64, width: Int = TilePath.width) -> String {
        "tile/\(level)/" + encode(index: index) + partialSuffix(width)
    }

    /// The path of an entry bundle. Requires `0 < width <= 256`; 256 is a full bundle.
    public static func entryBundle(index: UInt64, width: Int = TilePath.width) -> String {
        "tile/entries/" + encode(index: index) + partialSuffix(width)
    }

    private static func partialSuffix(_ width: Int) -> String {
        precondition((1...TilePath.width).contains(width), "a tile holds 1...256 items, not \(width)")
        return width == TilePath.width ? "" : ".p/\(width)"
    }
}
