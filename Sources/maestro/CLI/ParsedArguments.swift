/// The options and positionals of one command line, checked against a ``CommandSpec``.
struct ParsedArguments: Sendable {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// `-h` or `--help` appeared.
    private(set) var wantsHelp = false

    /// Parses `arguments` (without the command path) for `spec`.
    /// - Throws: `UsageError` for unknown options, a missing or superfluous value, a repeated
    ///   single-value option, or too many or too few positionals.
    init(_ arguments: [String], for spec: CommandSpec) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                wantsHelp = true
                continue
            }
            guard argument.hasPrefix("--") else { throw UsageError("unknown option `\(argument)`") }
            let body = argument.dropFirst(2)
            let name: String
            var inlineValue: String? = nil
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option `--\(name)`")
            }
            switch option.kind {
            case .flag:
                guard inlineValue == nil else { throw UsageError("option `--\(name)` takes no value") }
                flags.insert(name)
            case .value, .repeatable:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("option `--\(name)` needs a value") }
                    value = arguments[index]
                    index += 1
                }
                if case .value = option.kind, values[name] != nil {
                    throw UsageError("option `--\(name)` is given more than once")
                }
                values[name, default: []].append(value)
            }
        }
        if wantsHelp { return }
        for option in spec.options where option.isRequired && values[option.name] == nil {
            throw UsageError("missing required option `--\(option.name)`")
        }
        let required = spec.positionals.filter(\.isRequired).count
        if positionals.count < required {
            throw UsageError("missing argument `\(spec.positionals[positionals.count].name)`")
        }
        if positionals.count > spec.positionals.count {
            throw UsageError("unexpected argument `\(positionals[spec.positionals.count])`")
        }
    }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a single-value option, if given.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in order.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The positional at `index`, if given.
    func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }

    /// An integer option within `range`, or `defaultValue` when absent.
    /// - Throws: `UsageError` when the value is not an integer in range.
    func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws(UsageError) -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                "option `--\(name)` must be an integer in \(range.lowerBound)...\(range.upperBound), not `\(text)`")
        }
        return number
    }
}
