"""Scoring: the rules engine, scoring models, maturity gates and the frozen result."""

from gembakit.scoring.engine import score
from gembakit.scoring.explain import EXPLAINERS, explain
from gembakit.scoring.gates import GATES, GateCheck, GateFacts
from gembakit.scoring.models import SCORING_MODELS, ModelOutput, ScoringModel
from gembakit.scoring.result import Counts, Figure, Gap, GateOutcome, Result, SectionResult

__all__ = [
    "EXPLAINERS",
    "GATES",
    "SCORING_MODELS",
    "Counts",
    "Figure",
    "Gap",
    "GateCheck",
    "GateFacts",
    "GateOutcome",
    "ModelOutput",
    "Result",
    "ScoringModel",
    "SectionResult",
    "explain",
    "score",
]
