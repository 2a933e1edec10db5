"""Shared building blocks of every file format: strict models and bilingual text."""

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from gembakit.errors import Lang


class Strict(BaseModel):
    """Frozen, and unknown keys are errors: a typo in a checklist must never pass silently.

    Validators are built on first use (``defer_build``) so that commands which never read a
    given model do not pay for it at start-up.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)

    def __getstate__(self) -> dict[Any, Any]:
        """Pickle the fields only: values cached on the instance (``cached_property``) are
        derived, may hold functions, and are rebuilt on demand."""
        state: dict[Any, Any] = super().__getstate__()
        fields = type(self).model_fields
        state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k in fields}
        return state


def _nfc(value: str) -> str:
    """One spelling for Vietnamese: text typed on some systems arrives decomposed (NFD), and
    "Đồng Nai" must compare equal to itself on a certificate and in a register."""
    return unicodedata.normalize("NFC", value)


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                     AfterValidator(_nfc)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
SemVer = Annotated[
    str, StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")
]


class Text(Strict):
    """Every text a person reads exists in Vietnamese and English."""

    vi: NonEmpty
    en: NonEmpty

    def get(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en


def semver_tuple(version: str) -> tuple[int, int, int]:
    major, minor, patch = version.split("-", 1)[0].split(".")
    return int(major), int(minor), int(patch)
