import JSON

/// The JSON Schema (draft 2020-12) of a workflow definition, as `GET /api/schemas/workflow` serves it
/// and `docs/workflow.schema.json` holds it, byte for byte.
///
/// It accepts exactly the documents ``WorkflowDefinition/parse(_:)`` accepts, with four exceptions
/// a schema cannot express or that are not worth a pattern:
/// - a cron range whose start is after its end (`30-10`): the schema accepts it, the parser does not;
/// - a retry `maxBackoff` below its `initialBackoff` (defaults 1s and 300s): the same;
/// - string lengths: the schema counts Unicode scalars, the parser counts characters (grapheme
///   clusters), so a name of 200 characters written with combining marks passes only the parser;
/// - cron month and day names are matched in ASCII upper and lower case; the parser upper-cases with
///   Unicode rules, so it also takes `ſun` (long s) for `SUN`.
///
/// Where the parser accepts a member and ignores it (a top-level `version`, a step's `name` and
/// `description`, a member of another step kind or trigger type, a task's `config` of any type), the
/// schema declares it and accepts any value, so that both close the same objects to unknown members.
///
/// The compiler then checks what no schema sees: unique step ids, known `needs`, `then`, `else` and
/// `body` targets, cycles, outputs that name real steps, a subprocess that is the workflow itself,
/// and the Cedar expressions.
///
/// The `duration` pattern encodes the parser's limit of 366 days in each unit, and the `cron` pattern
/// the ranges of each field (see `CronCheck`); tests compare both with the parser on many strings.
public enum WorkflowSchema {
    /// The schema's `$id`.
    public static let id = "urn:maestro:schema:workflow:v1"

    /// The schema as UTF-8 JSON text, ending in a newline.
    public static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "urn:maestro:schema:workflow:v1",
          "title": "Maestro workflow definition",
          "description": "A DAG of steps with its inputs, triggers, labels and outputs. This schema accepts the documents the server's parser accepts, except where a description says otherwise; lengths count Unicode scalars here and characters (grapheme clusters) on the server. The compiler then checks what no schema can see: unique step ids, known `needs`, `then`, `else` and `body` targets, no cycles, outputs that name real steps, a subprocess that would run the workflow itself, and the Cedar expressions.",
          "type": "object",
          "required": ["name", "steps"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "string", "maxLength": 128, "description": "The workflow's id; the server assigns one to a new draft." },
            "version": { "description": "Accepted and ignored: the server assigns a semantic version when a draft is published." },
            "name": { "type": "string", "minLength": 1, "maxLength": 200, "description": "A human name." },
            "description": { "type": "string", "maxLength": 10000 },
            "tags": { "$ref": "#/$defs/strings" },
            "labels": { "$ref": "#/$defs/labels" },
            "inputs": {
              "type": "object",
              "description": "A JSON Schema (an object schema) for the execution's input, kept as written. Expressions may read only the `context.input` members its `properties` declare."
            },
            "triggers": {
              "type": "array",
              "maxItems": 50,
              "items": { "$ref": "#/$defs/trigger" },
              "description": "How the workflow starts besides an API call."
            },
            "steps": { "type": "array", "minItems": 1, "maxItems": 500, "items": { "$ref": "#/$defs/step" } },
            "outputs": {
              "type": "object",
              "additionalProperties": { "type": "string", "maxLength": 1024 },
              "description": "Named outputs, each a reference such as `steps.load.output.rows`; the step must exist."
            }
          },
          "$defs": {
            "strings": { "type": "array", "items": { "type": "string" } },
            "stepIds": { "type": "array", "items": { "type": "string" }, "description": "Ids of steps in this workflow." },
            "stepIdOrIds": { "anyOf": [{ "type": "string" }, { "$ref": "#/$defs/stepIds" }] },
            "someStepIds": {
              "anyOf": [{ "type": "string" }, { "type": "array", "minItems": 1, "items": { "type": "string" } }]
            },
            "duration": {
              "type": "string",
              "pattern": "^(?=[0-9]{1,9}(?:ms|s|m|h|d)$)0*(?:[0-9]{1,9}ms|(?:[0-9]{1,7}|[12][0-9]{7}|30[0-9]{6}|31[0-5][0-9]{5}|316[01][0-9]{4}|3162[01][0-9]{3}|31622[0-3][0-9]{2}|31622400)s|(?:[0-9]{1,5}|[1-4][0-9]{5}|5[01][0-9]{4}|52[0-6][0-9]{3}|5270[0-3][0-9]|527040)m|(?:[0-9]{1,3}|[1-7][0-9]{3}|8[0-6][0-9]{2}|87[0-7][0-9]|878[0-4])h|(?:[0-9]{1,2}|[12][0-9]{2}|3[0-5][0-9]|36[0-6])d)$",
              "description": "A duration: 1 to 9 digits and a unit `ms`, `s`, `m`, `h` or `d` (such as `500ms`, `90s`, `30m`, `8h`, `7d`), at most 366 days."
            },
            "cron": {
              "type": "string",
              "maxLength": 1024,
              "pattern": "^(?:@(?:hourly|daily|midnight|weekly|monthly|yearly|annually)| *(?:\\*|(?:[0-5]?[0-9]|\\+[0-9])(?:-(?:[0-5]?[0-9]|\\+[0-9]))?)(?:/\\+?0*(?:[1-9]|[1-5][0-9]))?(?:,(?:\\*|(?:[0-5]?[0-9]|\\+[0-9])(?:-(?:[0-5]?[0-9]|\\+[0-9]))?)(?:/\\+?0*(?:[1-9]|[1-5][0-9]))?)* +(?:\\*|(?:[01]?[0-9]|2[0-3]|\\+[0-9])(?:-(?:[01]?[0-9]|2[0-3]|\\+[0-9]))?)(?:/\\+?0*(?:[1-9]|1[0-9]|2[0-3]))?(?:,(?:\\*|(?:[01]?[0-9]|2[0-3]|\\+[0-9])(?:-(?:[01]?[0-9]|2[0-3]|\\+[0-9]))?)(?:/\\+?0*(?:[1-9]|1[0-9]|2[0-3]))?)* +(?:\\*|(?:0?[1-9]|[12][0-9]|3[01]|\\+[1-9])(?:-(?:0?[1-9]|[12][0-9]|3[01]|\\+[1-9]))?)(?:/\\+?0*(?:[1-9]|[12][0-9]|3[01]))?(?:,(?:\\*|(?:0?[1-9]|[12][0-9]|3[01]|\\+[1-9])(?:-(?:0?[1-9]|[12][0-9]|3[01]|\\+[1-9]))?)(?:/\\+?0*(?:[1-9]|[12][0-9]|3[01]))?)* +(?:\\*|(?:0?[1-9]|1[0-2]|\\+[1-9]|[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])(?:-(?:0?[1-9]|1[0-2]|\\+[1-9]|[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc]))?)(?:/\\+?0*(?:[1-9]|1[0-2]))?(?:,(?:\\*|(?:0?[1-9]|1[0-2]|\\+[1-9]|[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])(?:-(?:0?[1-9]|1[0-2]|\\+[1-9]|[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc]))?)(?:/\\+?0*(?:[1-9]|1[0-2]))?)* +(?:\\*|(?:0?[0-7]|\\+[0-7]|[Ss][Uu][Nn]|[Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt])(?:-(?:0?[0-7]|\\+[0-7]|[Ss][Uu][Nn]|[Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]))?)(?:/\\+?0*(?:[1-7]))?(?:,(?:\\*|(?:0?[0-7]|\\+[0-7]|[Ss][Uu][Nn]|[Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt])(?:-(?:0?[0-7]|\\+[0-7]|[Ss][Uu][Nn]|[Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]))?)(?:/\\+?0*(?:[1-7]))?)* *)$",
              "description": "Five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT), each a comma list of `*`, a value or a range `a-b`, optionally `/step`; or a macro `@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly` or `@annually`. The server also rejects a range whose start is after its end (`30-10`), which this pattern does not check."
            },
            "labels": {
              "type": "object",
              "description": "Labels the policies read; any member is allowed. Without `sensitivity` the linter warns.",
              "properties": {
                "sensitivity": { "enum": ["public", "internal", "restricted"] },
                "data_classes": { "$ref": "#/$defs/strings", "description": "Classes of data the workflow handles, such as `pii`." }
              }
            },
            "trigger": {
              "type": "object",
              "required": ["type"],
              "additionalProperties": false,
              "properties": {
                "type": { "enum": ["event", "webhook", "schedule"] },
                "name": { "description": "The event's name, or the webhook's (called at `/hooks/<name>`); ignored on a schedule." },
                "cron": { "description": "A schedule's cron expression; ignored on an event or a webhook." },
                "timezone": { "description": "A schedule's IANA time zone (UTC when absent); ignored on an event or a webhook." }
              },
              "allOf": [
                {
                  "if": { "properties": { "type": { "enum": ["event", "webhook"] } }, "required": ["type"] },
                  "then": { "required": ["name"], "properties": { "name": { "type": "string", "minLength": 1, "maxLength": 1024 } } }
                },
                {
                  "if": { "properties": { "type": { "const": "schedule" } }, "required": ["type"] },
                  "then": {
                    "required": ["cron"],
                    "properties": { "cron": { "$ref": "#/$defs/cron" }, "timezone": { "type": "string", "maxLength": 1024 } }
                  }
                }
              ]
            },
            "step": {
              "type": "object",
              "required": ["id", "kind"],
              "additionalProperties": false,
              "description": "One step. Every step accepts every kind's members; a member that belongs to another kind is ignored.",
              "properties": {
                "id": { "type": "string", "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$", "description": "Unique in the workflow; expressions read `context.steps.<id>`." },
                "kind": { "enum": ["task", "condition", "loop", "human", "subprocess", "delay"] },
                "name": { "description": "Accepted and ignored." },
                "description": { "description": "Accepted and ignored." },
                "needs": { "$ref": "#/$defs/stepIds", "description": "Steps that must finish before this one starts." },
                "timeout": { "$ref": "#/$defs/duration", "description": "The longest one attempt may run; the linter warns when a task, human or subprocess step has none." },
                "retry": { "$ref": "#/$defs/retry" },
                "resources": { "$ref": "#/$defs/resources" },
                "secrets": { "$ref": "#/$defs/strings", "description": "Secret references such as `vault://kv/app#token`; anything else draws a lint." },
                "handler": { "description": "task: the handler to call." },
                "config": { "description": "task: the handler's configuration, any JSON value (an empty object when absent)." },
                "expression": { "description": "condition: a Cedar expression over `context` that produces a boolean." },
                "then": { "description": "condition: the step or steps to run when the expression holds." },
                "else": { "description": "condition: the step or steps to run when it does not." },
                "forEach": { "description": "loop: a Cedar expression over `context` that produces a set." },
                "while": { "description": "loop: a Cedar expression over `context` that produces a boolean." },
                "concurrency": { "description": "loop: iterations that may run at once (1 when absent)." },
                "maxIterations": { "description": "loop: the most iterations; required with `while`." },
                "body": { "description": "loop: the steps each iteration runs." },
                "assignees": { "description": "human: who may complete the task, such as `role:manager`." },
                "form": { "description": "human: a JSON Schema (an object schema) for the answer." },
                "dueIn": { "description": "human: when the task is due." },
                "escalateTo": { "description": "human: who is told when it is overdue." },
                "workflowId": { "description": "subprocess: the workflow to run; not this workflow's own id." },
                "version": { "description": "subprocess: a version range such as `^1.2.0` (`*` when absent)." },
                "duration": { "description": "delay: how long to wait." },
                "until": { "description": "delay: a time (RFC 3339) to wait for." }
              },
              "allOf": [
                { "if": { "required": ["kind"], "properties": { "kind": { "const": "task" } } }, "then": { "$ref": "#/$defs/taskStep" } },
                { "if": { "required": ["kind"], "properties": { "kind": { "const": "condition" } } }, "then": { "$ref": "#/$defs/conditionStep" } },
                { "if": { "required": ["kind"], "properties": { "kind": { "const": "loop" } } }, "then": { "$ref": "#/$defs/loopStep" } },
                { "if": { "required": ["kind"], "properties": { "kind": { "const": "human" } } }, "then": { "$ref": "#/$defs/humanStep" } },
                { "if": { "required": ["kind"], "properties": { "kind": { "const": "subprocess" } } }, "then": { "$ref": "#/$defs/subprocessStep" } },
                { "if": { "required": ["kind"], "properties": { "kind": { "const": "delay" } } }, "then": { "$ref": "#/$defs/delayStep" } }
              ]
            },
            "taskStep": {
              "required": ["handler"],
              "properties": { "handler": { "type": "string", "minLength": 1, "maxLength": 200 } }
            },
            "conditionStep": {
              "required": ["expression"],
              "properties": {
                "expression": { "type": "string", "minLength": 1, "maxLength": 4096 },
                "then": { "$ref": "#/$defs/stepIdOrIds" },
                "else": { "$ref": "#/$defs/stepIdOrIds" }
              },
              "anyOf": [
                { "required": ["then"], "properties": { "then": { "$ref": "#/$defs/someStepIds" } } },
                { "required": ["else"], "properties": { "else": { "$ref": "#/$defs/someStepIds" } } }
              ]
            },
            "loopStep": {
              "required": ["body"],
              "properties": {
                "forEach": { "type": "string", "maxLength": 4096 },
                "while": { "type": "string", "maxLength": 4096 },
                "concurrency": { "type": "integer", "minimum": 1, "maximum": 10000 },
                "maxIterations": { "type": "integer", "minimum": 1, "maximum": 1000000 },
                "body": { "type": "array", "minItems": 1, "items": { "type": "string" } }
              },
              "oneOf": [{ "required": ["forEach"] }, { "required": ["while"] }],
              "if": { "required": ["while"] },
              "then": { "required": ["maxIterations"] }
            },
            "humanStep": {
              "required": ["assignees"],
              "properties": {
                "assignees": { "type": "array", "minItems": 1, "items": { "type": "string" } },
                "form": { "type": "object" },
                "dueIn": { "$ref": "#/$defs/duration" },
                "escalateTo": { "$ref": "#/$defs/strings" }
              }
            },
            "subprocessStep": {
              "required": ["workflowId"],
              "properties": {
                "workflowId": { "type": "string", "minLength": 1, "maxLength": 128 },
                "version": { "type": "string", "maxLength": 64 }
              }
            },
            "delayStep": {
              "properties": { "duration": { "$ref": "#/$defs/duration" }, "until": { "type": "string", "maxLength": 64 } },
              "oneOf": [{ "required": ["duration"] }, { "required": ["until"] }]
            },
            "retry": {
              "type": "object",
              "additionalProperties": false,
              "description": "How a failed attempt is retried. The server also rejects a `maxBackoff` below `initialBackoff` (defaults 1s and 300s), which a schema cannot compare.",
              "properties": {
                "maxAttempts": { "type": "integer", "minimum": 1, "maximum": 1000, "description": "Attempts in all, the first included; the linter warns when absent." },
                "initialBackoff": { "$ref": "#/$defs/duration" },
                "maxBackoff": { "$ref": "#/$defs/duration" },
                "multiplier": { "type": "number", "minimum": 1, "maximum": 10 },
                "jitter": { "type": "number", "minimum": 0, "maximum": 1, "description": "The fraction of each backoff drawn at random." },
                "nonRetryable": { "$ref": "#/$defs/strings", "description": "Error codes that fail the step at once." }
              }
            },
            "resources": {
              "type": "object",
              "additionalProperties": false,
              "description": "Resource hints for scheduling and cost estimates.",
              "properties": {
                "cpu": { "type": "number", "minimum": 0, "maximum": 1024, "description": "Cores; fractions allowed." },
                "memory": { "type": "integer", "minimum": 0, "maximum": 1073741824, "description": "Memory in MiB." },
                "quota": {
                  "type": "object",
                  "additionalProperties": { "type": "integer", "minimum": 0, "maximum": 1000000000 },
                  "description": "Named quota units, such as `api_calls`."
                }
              }
            }
          }
        }

        """#

    /// The schema, parsed once.
    public static let json: JSONValue = {
        do {
            return try JSONValue.parse(text)
        } catch {
            preconditionFailure("the workflow schema is not valid JSON: \(error)")
        }
    }()
}
