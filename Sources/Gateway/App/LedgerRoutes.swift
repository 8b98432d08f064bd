import Ledger

/// The ledger's public trust anchors: anyone may fetch them, so a client or auditor can check
/// proofs and evidence without an account.
enum LedgerRoutes {
    static func add(to router: inout Router, ledger: FileLedger) {
        // The verifier key (C2SP vkey) that signs every checkpoint.
        router.get("/api/ledger/key", authenticated: false) { _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: .bytes(Array((ledger.verifier.verifierKey + "\n").utf8)))
        }
        // The latest signed checkpoint (C2SP signed note).
        router.get("/api/ledger/checkpoint", authenticated: false) { _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
                body: .bytes(Array(ledger.checkpoint.note.utf8)))
        }
    }
}
