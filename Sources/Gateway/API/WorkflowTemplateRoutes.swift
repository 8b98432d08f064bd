import JSON
import Orchestrator

/// The definition schema, and the templates a designer starts from.
enum WorkflowTemplateRoutes {
    static func add(to router: inout Router, service: WorkflowService) {
        // The JSON Schema (2020-12) of a workflow definition: public, like any API contract.
        router.get("/api/schemas/workflow", authenticated: false) { _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "application/schema+json"],
                body: .bytes(Array(WorkflowSchema.text.utf8)))
        }
        router.get("/api/workflow-templates") { _ in
            .json(
                .object([
                    "items": .array(
                        WorkflowTemplates.all.map { template in
                            .object([
                                "id": .string(template.id), "name": .string(template.name),
                                "description": .string(template.description),
                            ])
                        })
                ]))
        }
        router.post("/api/workflow-templates/:id/create") { context in
            try await service.idempotent(context) {
                let id = try context.parameter("id")
                guard let template = WorkflowTemplates.all.first(where: { $0.id == id }) else {
                    throw APIError(
                        status: 404, code: WorkflowError.Code.notFound.rawValue, detail: "there is no template `\(id)`")
                }
                let definition = try JSONValue.parse(Array(template.definition.utf8))
                return try await WorkflowRoutes.create(definition, context, service)
            }
        }
    }
}
