#!/usr/bin/env python3
"""Writes docs/error-codes.md from the code constants and their `///` comments in Sources/*/…Error.swift.

The catalog test (Tests/MaestroTests/ErrorCodeCatalogTests.swift) fails when the document and the
sources disagree; run this script (`make error-codes`) to bring the document up to date.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = ["JSON", "Cryptography", "PolicyEngine", "Ledger", "Orchestrator", "Postgres", "Gateway"]
CONSTANT = re.compile(r'static let \w+ = (?:Code\(|Self\()?"([a-z]+\.[a-z0-9_.]+)"')

lines = [
    "# Error codes",
    "",
    "Every stable `code` Maestro reports, by module (ADR 0003). Codes are never renamed or reused.",
    "Generated from the sources by `scripts/error-codes.py`; a test keeps this file and the code in step.",
    "",
]
for module in MODULES:
    rows = []
    paths = list((ROOT / "Sources" / module).rglob("*Error.swift")) + list((ROOT / "Sources" / module).rglob("*ErrorCode.swift"))
    for path in sorted(paths):
        comment = []
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith("///"):
                comment.append(stripped[3:].strip())
                continue
            match = CONSTANT.search(stripped)
            if match:
                rows.append((match.group(1), " ".join(comment)))
            comment = []
    if not rows:
        continue
    lines += [f"## {module}", "", "| code | meaning |", "|---|---|"]
    for code, meaning in rows:
        escaped = meaning.replace("|", "\\|")
        lines.append(f"| `{code}` | {escaped} |")
    lines.append("")
(ROOT / "docs" / "error-codes.md").write_text("\n".join(lines))
