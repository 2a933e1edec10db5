"""Assessment records: the model, file I/O and validation against a checklist."""

from gembakit.assessments.files import check_file
from gembakit.assessments.io import (
    LoadedAssessment,
    dumps_assessment,
    load_assessment,
    open_assessment,
    parse_assessment,
    save_assessment,
)
from gembakit.assessments.model import Answer, Assessment, Evidence, Finding, facts_of
from gembakit.assessments.validate import validate


def __getattr__(name: str) -> object:
    """``blank_assessment`` is loaded on first use: only ``gembakit new`` needs it."""
    if name == "blank_assessment":
        from gembakit.assessments.blank import blank_assessment

        return blank_assessment
    raise AttributeError(name)


__all__ = [
    "Answer",
    "Assessment",
    "Evidence",
    "Finding",
    "LoadedAssessment",
    "blank_assessment",
    "check_file",
    "dumps_assessment",
    "facts_of",
    "load_assessment",
    "open_assessment",
    "parse_assessment",
    "save_assessment",
    "validate",
]
