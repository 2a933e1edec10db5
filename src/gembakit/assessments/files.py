"""An assessment file checked against its checklist, with every problem placed at a line."""

from __future__ import annotations

from pathlib import Path

from gembakit.assessments.io import LoadedAssessment, open_assessment
from gembakit.assessments.validate import validate
from gembakit.base.errors import InputError, Problem, refuse
from gembakit.checklists.catalogue import resolve_checklist
from gembakit.checklists.model import Checklist

SUFFIXES = frozenset({".yaml", ".yml", ".json"})


def assessment_files(folder: Path) -> list[Path]:
    """The assessment files in ``folder`` and below, in a stable order: YAML and JSON files,
    skipping hidden files and folders and evidence folders (``*-evidence``)."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if (path.suffix.lower() in SUFFIXES and path.is_file()
                and not any(p.startswith(".") for p in parts)
                and not any(p.endswith("-evidence") for p in parts[:-1])):
            found.append(path)
    return sorted(found)


def check_file(path: Path | str, checklist: Checklist | str | Path | None = None
               ) -> tuple[LoadedAssessment, Checklist, list[Problem]]:
    """Open ``path``, find its checklist (the bundled one it names unless given) and validate.

    Raises :class:`InputError` when the file itself cannot be read; problems against the
    checklist are returned (errors first, then warnings) so callers decide what is fatal.
    """
    loaded = open_assessment(path)
    named = loaded.assessment.checklist
    ref: Checklist | str | Path = (checklist if checklist is not None
                                   else _source(loaded) or named.id)
    if isinstance(ref, Checklist):
        found = ref
    else:
        try:
            found = resolve_checklist(ref)
        except InputError as exc:
            if checklist is not None:
                raise
            where = ("checklist", "source" if named.source else "id")
            raise InputError(tuple(
                p.located(file=loaded.source, prefix=where, line=loaded.line_of(where))
                if p.file is None else p for p in exc.problems)) from None
    base = loaded.path.parent if loaded.path is not None else None
    if checklist is None and named.source and found.id != named.id:
        where = ("checklist", "source")
        raise refuse("assessment.source_mismatch", "{source} is checklist '{found}', not "
                     "'{named}'", file=loaded.source, path=where, line=loaded.line_of(where),
                     source=named.source, found=found.id, named=named.id)
    problems = [p.located(file=loaded.source, line=loaded.line_of(p.path))
                for p in validate(loaded.assessment, found, base_dir=base)]
    return loaded, found, problems


def _source(loaded: LoadedAssessment) -> Path | None:
    """The checklist file an assessment names, relative to the assessment's own folder."""
    source = loaded.assessment.checklist.source
    if source is None:
        return None
    base = loaded.path.parent if loaded.path is not None else Path()
    return base / source
