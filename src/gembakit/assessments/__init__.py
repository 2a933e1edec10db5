"""Assessment records: the model, file I/O, validation, workflow and evidence."""

from gembakit.assessments.blank import blank_assessment
from gembakit.assessments.files import assessment_files, check_file
from gembakit.assessments.identity import same_organisation
from gembakit.assessments.io import (
    LoadedAssessment,
    dumps_assessment,
    load_assessment,
    open_assessment,
    parse_assessment,
    save_assessment,
)
from gembakit.assessments.model import (
    Answer,
    Area,
    Assessment,
    Evidence,
    Finding,
    Organisation,
    StatusEntry,
    facts_of,
)
from gembakit.assessments.validate import validate
from gembakit.assessments.workflow import move

__all__ = [
    "Answer",
    "Area",
    "Assessment",
    "Evidence",
    "Finding",
    "LoadedAssessment",
    "Organisation",
    "StatusEntry",
    "assessment_files",
    "blank_assessment",
    "check_file",
    "dumps_assessment",
    "facts_of",
    "load_assessment",
    "move",
    "open_assessment",
    "parse_assessment",
    "same_organisation",
    "save_assessment",
    "validate",
]
