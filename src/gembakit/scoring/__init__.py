"""Scoring: the rules engine, scoring models, maturity gates and the frozen result."""

from gembakit.scoring.engine import count, decide_level, score
from gembakit.scoring.gates import GATES, Gate, GateFacts
from gembakit.scoring.models import SCORING_MODELS, ModelOutput, ScoringModel
from gembakit.scoring.result import (
    AreaResult,
    Counts,
    Figure,
    Gap,
    GateOutcome,
    Nonconformity,
    Result,
    SectionResult,
)

__all__ = [
    "GATES",
    "SCORING_MODELS",
    "AreaResult",
    "Counts",
    "Figure",
    "Gap",
    "Gate",
    "GateFacts",
    "GateOutcome",
    "ModelOutput",
    "Nonconformity",
    "Result",
    "ScoringModel",
    "SectionResult",
    "count",
    "decide_level",
    "score",
]
