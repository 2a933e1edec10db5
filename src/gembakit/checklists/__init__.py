"""Checklists: the format, safe loading, cross-checks and the bundled catalogue."""

from gembakit.base.models import Text
from gembakit.checklists.catalogue import bundled_ids, load_bundled, resolve_checklist
from gembakit.checklists.loader import checklist_from_data, load_checklist_file
from gembakit.checklists.model import Checklist, Item, Placed, Scale, Section

__all__ = [
    "Checklist",
    "Item",
    "Placed",
    "Scale",
    "Section",
    "Text",
    "bundled_ids",
    "checklist_from_data",
    "load_bundled",
    "load_checklist_file",
    "resolve_checklist",
]
