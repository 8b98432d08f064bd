extension WorkflowError.Code {
    // Structure: the document does not have the shape of a workflow definition.

    /// A member has the wrong JSON type, such as a string where a list is expected.
    public static let typeMismatch = Self("workflow.type_mismatch")
    /// A required member is missing.
    public static let missingMember = Self("workflow.missing_member")
    /// A member the definition does not know (a typo is likelier than an extension).
    public static let unknownMember = Self("workflow.unknown_member")
    /// A value outside what the member allows (an empty id, a negative timeout, a bad duration).
    public static let invalidValue = Self("workflow.invalid_value")
    /// A step `kind` that is not `task`, `condition`, `loop`, `human`, `subprocess` or `delay`.
    public static let unknownStepKind = Self("workflow.unknown_step_kind")
    /// A trigger `type` that is not `event`, `webhook` or `schedule`.
    public static let unknownTriggerType = Self("workflow.unknown_trigger_type")
    /// A schedule trigger whose cron expression does not parse.
    public static let invalidCron = Self("workflow.invalid_cron")

    // Graph: the steps do not form a runnable DAG.

    /// Two steps share an id.
    public static let duplicateStepId = Self("workflow.duplicate_step_id")
    /// `needs` names a step that does not exist.
    public static let unknownNeed = Self("workflow.unknown_need")
    /// Steps depend on each other in a cycle.
    public static let cycle = Self("workflow.cycle")
    /// A step that can never run: it depends on a step in a cycle or on nothing that starts.
    public static let unreachableStep = Self("workflow.unreachable_step")
    /// A condition's `then` or `else` names a step that does not exist.
    public static let unknownConditionTarget = Self("workflow.unknown_condition_target")
    /// A loop's `body` names a step that does not exist.
    public static let unknownLoopBody = Self("workflow.unknown_loop_body")
    /// An expression that does not parse, or that cannot evaluate to the type it needs.
    public static let expressionInvalid = Self("workflow.expression_invalid")
    /// A subprocess that calls this workflow.
    public static let subprocessCycle = Self("workflow.subprocess_cycle")
    /// An output that refers to a step that does not exist.
    public static let unknownOutputStep = Self("workflow.unknown_output_step")
    /// The definition exceeds a server limit (steps, depth, size).
    public static let tooLarge = Self("workflow.too_large")

    // Lints: warnings that `?strict=true` turns into errors.

    /// A step without a `timeout`: a stuck handler would hold the execution forever.
    public static let missingTimeout = Self("workflow.missing_timeout")
    /// A retry policy without `maxAttempts`.
    public static let unboundedRetry = Self("workflow.unbounded_retry")
    /// A step whose output nothing reads: no later step, condition or workflow output uses it.
    public static let orphanedOutput = Self("workflow.orphaned_output")
    /// A secret that is not a `vault://` reference (a literal secret in a definition leaks).
    public static let secretNotVaultReference = Self("workflow.secret_not_vault_reference")
    /// No `sensitivity` label: the policies cannot classify the workflow.
    public static let missingSensitivityLabel = Self("workflow.missing_sensitivity_label")
    /// A loop whose concurrency, or a step whose fan-out, is above the cap.
    public static let fanOutAboveCap = Self("workflow.fan_out_above_cap")
}

extension WorkflowError.Code {
    // Store and API.

    /// The workflow store could not read or write its journal; the message names the file.
    public static let storeFailed = Self("workflow.store_failed")
    /// No workflow (or version) with this id is visible to the caller.
    public static let notFound = Self("workflow.not_found")
    /// The draft changed since the caller read it: the `If-Match` ETag is stale.
    public static let revisionMismatch = Self("workflow.revision_mismatch")
    /// The request needs an `If-Match` header with the draft's ETag.
    public static let revisionRequired = Self("workflow.revision_required")
    /// The definition has errors; the problem's `errors` lists each with its JSON pointer.
    public static let invalid = Self("workflow.invalid")
    /// The workflow is deleted, or its state does not allow the operation.
    public static let stateConflict = Self("workflow.state_conflict")
    /// An `Idempotency-Key` was reused with a different request body.
    public static let idempotencyKeyReused = Self("workflow.idempotency_key_reused")
    /// The version could not be written to the ledger yet; it will be, and the request may be retried.
    public static let ledgerPending = Self("workflow.ledger_pending")
}

extension WorkflowError.Code {
    // Execution.

    /// An execution event that cannot follow the history before it (corruption, or a bug).
    public static let illegalTransition = Self("workflow.illegal_transition")
}

extension WorkflowError.Code {
    /// A step kind this build cannot run yet.
    public static let stepKindUnsupported = Self("workflow.step_kind_unsupported")
}
