"""``gembakit demo``: score the bundled example and write everything that exists into a folder."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from gembakit._io import write_atomic
from gembakit.assessments.files import check_file
from gembakit.cli.common import LangOption, fail, state, t
from gembakit.cli.show_result import format_result
from gembakit.errors import GembakitError
from gembakit.scoring.engine import score

EXAMPLE = "5s-example.yaml"


def example_path() -> Path:
    return Path(str(resources.files("gembakit.examples") / EXAMPLE))


def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")]
    = Path("gembakit-demo"),
    lang: LangOption = None,
) -> None:
    """Score the bundled example 5S assessment and write the assessment, result and summaries."""
    lang_ = state.lang
    try:
        source = example_path()
        loaded, checklist, _ = check_file(source)
        result = score(loaded.assessment, checklist)
        written = {"assessment.yaml": source.read_text(encoding="utf-8"),
                   "result.json": result.to_json() + "\n"}
        for language in ("vi", "en"):
            written[f"summary-{language}.txt"] = format_result(result, checklist, language)
        for name, text in written.items():
            write_atomic(output / name, text)
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    print(format_result(result, checklist, lang_))
    for name in written:
        print(t(lang_, f"wrote {output / name}", f"đã ghi {output / name}"))
