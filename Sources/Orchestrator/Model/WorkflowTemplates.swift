/// Workflow definitions to start from: an approval flow, a routing flow and an ETL flow.
///
/// Each definition is the text of the sample of the same id in `samples/workflows/` (a test checks
/// they are equal byte for byte), and each compiles with no error and no lint.
public enum WorkflowTemplates {
    /// The templates, in the order a designer is shown them: `approval`, `routing`, `etl`.
    public static let all: [(id: String, name: String, description: String, definition: String)] = [
        (
            id: "approval", name: "Purchase request approval",
            description:
                "A request is checked and risk-scored; a manager approves it when the amount or the risk is high, "
                + "then the order is placed or the requester is told why not.",
            definition: #"""
            {
              "name": "Purchase request approval",
              "description": "Checks a purchase request and scores its risk, asks a manager when the amount or the risk is high, then places the order or tells the requester why not.",
              "tags": ["procurement", "approval"],
              "labels": { "sensitivity": "internal", "data_classes": ["financial", "personal"], "owner": "procurement" },
              "inputs": {
                "type": "object",
                "required": ["requestId", "amount", "currency", "requester"],
                "properties": {
                  "requestId": { "type": "string" },
                  "amount": { "type": "integer", "minimum": 1, "description": "In minor units, such as cents." },
                  "currency": { "type": "string", "pattern": "^[A-Z]{3}$" },
                  "requester": { "type": "string", "format": "email" },
                  "costCenter": { "type": "string" }
                }
              },
              "triggers": [
                { "type": "webhook", "name": "purchase-requests" },
                { "type": "event", "name": "procurement.request.submitted" }
              ],
              "steps": [
                {
                  "id": "validateRequest", "kind": "task", "handler": "procurement.validate_request", "timeout": "30s",
                  "config": { "rejectDuplicatesWithin": "7d" },
                  "retry": { "maxAttempts": 3, "initialBackoff": "1s", "maxBackoff": "10s", "nonRetryable": ["procurement.invalid_request"] },
                  "resources": { "cpu": 0.25, "memory": 128 }
                },
                {
                  "id": "scoreRisk", "kind": "task", "handler": "risk.score_purchase", "needs": ["validateRequest"], "timeout": "1m",
                  "secrets": ["vault://kv/procurement/risk-api#token"],
                  "retry": { "maxAttempts": 4, "initialBackoff": "2s", "maxBackoff": "30s", "multiplier": 2, "jitter": 0.2 },
                  "resources": { "cpu": 0.5, "memory": 256, "quota": { "risk_api_calls": 1 } }
                },
                {
                  "id": "needsApproval", "kind": "condition", "needs": ["scoreRisk"],
                  "expression": "context.input.amount > 500000 || context.steps.scoreRisk.output.score >= 70",
                  "then": ["managerApproval"], "else": ["autoApprove"]
                },
                {
                  "id": "managerApproval", "kind": "human", "assignees": ["role:cost-center-manager", "group:finance-approvers"],
                  "form": {
                    "type": "object",
                    "required": ["approved"],
                    "properties": { "approved": { "type": "boolean" }, "comment": { "type": "string", "maxLength": 2000 } }
                  },
                  "dueIn": "2d", "escalateTo": ["role:finance-director"], "timeout": "5d"
                },
                {
                  "id": "autoApprove", "kind": "task", "handler": "procurement.record_approval", "timeout": "15s",
                  "config": { "approver": "policy:auto-approval" },
                  "retry": { "maxAttempts": 3, "initialBackoff": "1s", "maxBackoff": "5s" }
                },
                {
                  "id": "approved", "kind": "condition", "needs": ["managerApproval"],
                  "expression": "context.steps.managerApproval.output.approved == true",
                  "then": "placeOrder", "else": "notifyRejection"
                },
                {
                  "id": "placeOrder", "kind": "subprocess", "workflowId": "purchase-order-placement", "version": "^2.1.0",
                  "timeout": "4h"
                },
                {
                  "id": "notifyRejection", "kind": "task", "handler": "mail.send", "timeout": "30s",
                  "config": { "template": "purchase-request-rejected", "to": "requester" },
                  "secrets": ["vault://kv/mail/smtp#password"],
                  "retry": { "maxAttempts": 5, "initialBackoff": "5s", "maxBackoff": "5m", "multiplier": 3 }
                }
              ],
              "outputs": {
                "approved": "steps.managerApproval.output.approved",
                "autoApproval": "steps.autoApprove.output.approvalId",
                "order": "steps.placeOrder.output.orderId",
                "rejectionNotice": "steps.notifyRejection.output.messageId"
              }
            }

            """#
        ),
        (
            id: "routing", name: "Support ticket routing",
            description:
                "A new ticket is classified; urgent ones page the on-call engineer and the rest go to a queue; the "
                + "account's watchers are told, and tickets still open after the response window are escalated.",
            definition: #"""
            {
              "name": "Support ticket routing",
              "description": "Classifies a new ticket and looks up the customer, pages the on-call engineer for urgent tickets and queues the rest, tells the account's watchers, and escalates tickets still open after the first-response window.",
              "tags": ["support", "routing"],
              "labels": { "sensitivity": "restricted", "data_classes": ["personal", "customer_communications"], "owner": "support" },
              "inputs": {
                "type": "object",
                "required": ["ticketId", "subject", "customerId"],
                "properties": {
                  "ticketId": { "type": "string" },
                  "subject": { "type": "string", "maxLength": 500 },
                  "body": { "type": "string" },
                  "customerId": { "type": "string" },
                  "customerTier": { "enum": ["free", "pro", "enterprise"] },
                  "language": { "type": "string", "default": "en" }
                }
              },
              "triggers": [
                { "type": "event", "name": "support.ticket.created" },
                { "type": "webhook", "name": "helpdesk-tickets" }
              ],
              "steps": [
                {
                  "id": "classify", "kind": "task", "handler": "nlp.classify_ticket", "timeout": "20s",
                  "config": { "labels": ["billing", "outage", "bug", "how-to"], "model": "ticket-classifier-v3" },
                  "secrets": ["vault://kv/support/nlp#api_key"],
                  "retry": { "maxAttempts": 4, "initialBackoff": "500ms", "maxBackoff": "5s", "multiplier": 2, "jitter": 0.3 },
                  "resources": { "cpu": 1, "memory": 512, "quota": { "llm_tokens": 4000 } }
                },
                {
                  "id": "lookupCustomer", "kind": "task", "handler": "crm.lookup_customer", "timeout": "10s",
                  "secrets": ["vault://kv/support/crm#token"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "1s", "maxBackoff": "4s" },
                  "resources": { "quota": { "crm_api_calls": 2 } }
                },
                {
                  "id": "isUrgent", "kind": "condition", "needs": ["classify", "lookupCustomer"],
                  "expression": "context.steps.classify.output.priority == \"p1\" || context.input.customerTier == \"enterprise\"",
                  "then": ["pageOnCall"], "else": ["assignQueue"]
                },
                {
                  "id": "pageOnCall", "kind": "task", "handler": "pager.page", "timeout": "15s",
                  "config": { "rota": "support-primary", "severity": "high" },
                  "secrets": ["vault://kv/support/pager#routing_key"],
                  "retry": { "maxAttempts": 5, "initialBackoff": "1s", "maxBackoff": "10s", "nonRetryable": ["pager.unknown_rota"] }
                },
                {
                  "id": "onCallTriage", "kind": "human", "needs": ["pageOnCall"], "assignees": ["rota:support-primary"],
                  "form": {
                    "type": "object",
                    "required": ["resolution"],
                    "properties": {
                      "resolution": { "enum": ["fixed", "workaround", "handed-to-engineering"] },
                      "notes": { "type": "string" }
                    }
                  },
                  "dueIn": "30m", "escalateTo": ["role:support-lead"], "timeout": "4h"
                },
                {
                  "id": "assignQueue", "kind": "task", "handler": "helpdesk.assign_queue", "timeout": "10s",
                  "config": { "queues": { "billing": "finance-support", "bug": "tier-2", "how-to": "tier-1" }, "fallback": "tier-1" },
                  "secrets": ["vault://kv/support/helpdesk#token"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "1s", "maxBackoff": "8s" }
                },
                {
                  "id": "notifyWatchers", "kind": "loop", "needs": ["lookupCustomer"],
                  "forEach": "context.steps.lookupCustomer.output.watchers", "concurrency": 5, "body": ["notifyWatcher"]
                },
                {
                  "id": "notifyWatcher", "kind": "task", "handler": "mail.send", "timeout": "30s",
                  "config": { "template": "ticket-opened-for-account" },
                  "secrets": ["vault://kv/mail/smtp#password"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "2s", "maxBackoff": "20s" }
                },
                { "id": "firstResponseWindow", "kind": "delay", "needs": ["assignQueue"], "duration": "4h" },
                {
                  "id": "checkStatus", "kind": "task", "handler": "helpdesk.ticket_status", "needs": ["firstResponseWindow"],
                  "timeout": "10s", "secrets": ["vault://kv/support/helpdesk#token"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "1s", "maxBackoff": "8s" }
                },
                {
                  "id": "stillOpen", "kind": "condition", "needs": ["checkStatus"],
                  "expression": "context.steps.checkStatus.output.state != \"resolved\"", "then": ["escalate"]
                },
                { "id": "escalate", "kind": "subprocess", "workflowId": "support-escalation", "version": "^3.0.0", "timeout": "1d" }
              ],
              "outputs": {
                "triage": "steps.onCallTriage.output.resolution",
                "queue": "steps.assignQueue.output.queue",
                "watchersNotified": "steps.notifyWatcher.output.messageId",
                "escalation": "steps.escalate.output.caseId"
              }
            }

            """#
        ),
        (
            id: "etl", name: "Nightly orders ETL",
            description:
                "Partitions are extracted in parallel on a schedule, transformed, and loaded behind a data-quality "
                + "gate (or quarantined); reports refresh once the replicas catch up.",
            definition: #"""
            {
              "name": "Nightly orders ETL",
              "description": "Extracts yesterday's order partitions in parallel, transforms them, and loads them into the warehouse when the rejected rows stay under 0.1%; otherwise quarantines the batch. Refreshes the reports once the replicas have caught up.",
              "tags": ["etl", "warehouse", "orders"],
              "labels": { "sensitivity": "internal", "data_classes": ["financial"], "owner": "data-platform", "cost_center": "dp-101" },
              "inputs": {
                "type": "object",
                "properties": {
                  "date": { "type": "string", "format": "date", "description": "The day to load; yesterday (UTC) when absent." },
                  "fullRefresh": { "type": "boolean", "default": false }
                }
              },
              "triggers": [
                { "type": "schedule", "cron": "30 2 * * *", "timezone": "Europe/Berlin" },
                { "type": "event", "name": "warehouse.backfill.requested" }
              ],
              "steps": [
                {
                  "id": "listPartitions", "kind": "task", "handler": "warehouse.list_partitions", "timeout": "2m",
                  "config": { "source": "orders", "partitionBy": "region" },
                  "secrets": ["vault://database/creds/orders-readonly#password"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "5s", "maxBackoff": "1m" }
                },
                {
                  "id": "extractEach", "kind": "loop", "needs": ["listPartitions"],
                  "forEach": "context.steps.listPartitions.output.partitions", "concurrency": 8, "body": ["extractPartition"]
                },
                {
                  "id": "extractPartition", "kind": "task", "handler": "etl.extract_partition", "timeout": "15m",
                  "config": { "format": "parquet", "compression": "zstd" },
                  "secrets": ["vault://database/creds/orders-readonly#password", "vault://kv/etl/object-store#secret_key"],
                  "retry": {
                    "maxAttempts": 5, "initialBackoff": "5s", "maxBackoff": "2m", "multiplier": 3, "jitter": 0.25,
                    "nonRetryable": ["etl.schema_mismatch"]
                  },
                  "resources": { "cpu": 2, "memory": 2048, "quota": { "warehouse_read_slots": 1 } }
                },
                {
                  "id": "transform", "kind": "task", "handler": "etl.transform_orders", "needs": ["extractPartition"], "timeout": "30m",
                  "config": { "dedupeKeys": ["order_id"], "currency": "EUR", "dropColumns": ["card_number"] },
                  "retry": { "maxAttempts": 2, "initialBackoff": "30s", "maxBackoff": "30s" },
                  "resources": { "cpu": 4, "memory": 8192 }
                },
                {
                  "id": "qualityGate", "kind": "condition", "needs": ["transform"],
                  "expression": "context.steps.transform.output.rejectedRows * 1000 <= context.steps.transform.output.totalRows",
                  "then": ["load"], "else": ["quarantine"]
                },
                {
                  "id": "load", "kind": "task", "handler": "warehouse.load", "timeout": "20m",
                  "config": { "table": "analytics.orders", "mode": "merge" },
                  "secrets": ["vault://database/creds/warehouse-writer#password"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "10s", "maxBackoff": "2m", "nonRetryable": ["warehouse.constraint_violation"] },
                  "resources": { "cpu": 1, "memory": 1024, "quota": { "warehouse_write_slots": 1 } }
                },
                {
                  "id": "quarantine", "kind": "task", "handler": "etl.quarantine_batch", "timeout": "5m",
                  "config": { "bucket": "etl-quarantine", "notify": "group:data-platform-oncall" },
                  "secrets": ["vault://kv/etl/object-store#secret_key"],
                  "retry": { "maxAttempts": 3, "initialBackoff": "5s", "maxBackoff": "30s" }
                },
                { "id": "replicaCatchUp", "kind": "delay", "needs": ["load"], "duration": "10m" },
                {
                  "id": "refreshReports", "kind": "subprocess", "needs": ["replicaCatchUp"], "workflowId": "reporting-refresh",
                  "version": "^1.4.0", "timeout": "1h"
                }
              ],
              "outputs": {
                "loadedRows": "steps.load.output.rowCount",
                "quarantinedAt": "steps.quarantine.output.location",
                "reportRun": "steps.refreshReports.output.executionId"
              }
            }

            """#
        ),
    ]
}
