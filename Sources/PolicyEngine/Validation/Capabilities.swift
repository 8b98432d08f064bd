/// The attributes known to exist at some point of a condition, because a `has` test guards it:
/// in `e has a && e.a > 1` and `if e has a then e.a else 0`, reading `e.a` is safe.
///
/// Facts flow only through what must have held: from the left of `&&` to its right, from an `if`
/// condition to its `then` branch, and from a `when` clause to the clauses after it.
struct Capabilities: Sendable {
    /// An access path: a variable or entity literal, then attribute names (`principal.manager.level`).
    struct Path: Hashable, Sendable {
        enum Root: Hashable, Sendable {
            case variable(Variable)
            case entity(EntityUID)
        }

        var root: Root
        var attributes: [String]
    }

    private var paths: Set<Path> = []

    /// The access path an expression reads, when it is one (`context.a.b`), else `nil`.
    static func path(of expression: Expression) -> Path? {
        switch expression.kind {
        case .variable(let variable): return Path(root: .variable(variable), attributes: [])
        case .entity(let uid): return Path(root: .entity(uid), attributes: [])
        case .attribute(let receiver, let name):
            guard var path = path(of: receiver) else { return nil }
            path.attributes.append(name)
            return path
        default: return nil
        }
    }

    /// The fact `receiver has name`, or none when the receiver is not an access path.
    static func has(_ receiver: Expression, _ name: String) -> Capabilities {
        var capabilities = Capabilities()
        if var path = path(of: receiver) {
            path.attributes.append(name)
            capabilities.paths.insert(path)
        }
        return capabilities
    }

    /// Whether a `has` test guarantees that `receiver.name` exists.
    func guards(_ receiver: Expression, _ name: String) -> Bool {
        guard var path = Self.path(of: receiver) else { return false }
        path.attributes.append(name)
        return paths.contains(path)
    }

    /// The facts of both.
    func union(_ other: Capabilities) -> Capabilities {
        Capabilities(paths: paths.union(other.paths))
    }
}
