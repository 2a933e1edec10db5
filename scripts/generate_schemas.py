"""Regenerate the shipped JSON Schemas from the pydantic models (a test checks they are current)."""

from __future__ import annotations

from gembakit.assessments.model import Assessment
from gembakit.checklists.model import Checklist
from gembakit.checklists.schema import dumps, generate, shipped_path

TARGETS = [
    (Checklist, "gembakit.checklists", "checklist-v1.schema.json", "gembakit checklist v1"),
    (Assessment, "gembakit.assessments", "assessment-v1.schema.json", "gembakit assessment v1"),
]


def main() -> None:
    for model, package, name, title in TARGETS:
        path = shipped_path(package, name)
        path.parent.mkdir(exist_ok=True)
        path.write_text(dumps(generate(model, name, title)), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
