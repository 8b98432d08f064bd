import JSON
import PolicyEngine

/// `set`: `{"outputs": {"<name>": "<expression>", …}}` succeeds with an object of each
/// expression's value over the step's `context`, in Cedar's JSON value form.
///
/// Expressions are the policy language's, as in conditions. In `context`, members that are
/// `null` or fractions are left out (Cedar has neither), so reading one is `policy.attribute_missing`.
/// A failed expression fails the step with the policy error's code; it is not retryable, since
/// the same context gives the same error.
struct SetHandler: StepHandler {
    func run(_ invocation: StepInvocation) async -> StepOutcome {
        let outputs: [(name: String, value: String)]
        do throws(WorkflowError) {
            let config = try StepConfigReader(invocation.config, allowed: ["outputs"])
            guard config.members["outputs"] != nil else {
                throw StepConfigReader.invalid("`config.outputs` is required")
            }
            outputs = try config.stringPairs("outputs")
        } catch {
            return .failure(error, retryable: false)
        }
        var dropped: [String] = []
        guard
            case .record(let context)? = ExpressionContext.value(invocation.context, path: "context", dropped: &dropped)
        else {
            return .failed(
                code: PolicyError.Code.invalidRequest.rawValue,
                message: "`context` must be an object, not \(invocation.context.typeName)", retryable: false, logs: nil)
        }
        var result: [String: JSONValue] = [:]
        for (name, text) in outputs {
            do throws(PolicyError) {
                let evaluator = try ExpressionEvaluator(parsing: text, source: "config.outputs.\(name)")
                result[name] = try evaluator.evaluate(context: context).json
            } catch {
                var message = "`config.outputs.\(name)`: \(error.message)"
                if error.code == .attributeMissing, let note = ExpressionContext.droppedNote(dropped) {
                    message += " (\(note))"
                }
                return .failed(code: error.code.rawValue, message: message, retryable: false, logs: nil)
            }
        }
        return .succeeded(output: .object(result), logs: nil)
    }
}
