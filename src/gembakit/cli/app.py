"""The typer application: one small module per command, wired together here.

typer builds every command's parameters before it runs one, and each command module imports what
its command needs (cryptography for certificates, openpyxl for workbooks). :func:`app_for`
therefore imports and builds only the command or group asked for — a measured 60 ms of the
start-up of ``gembakit score`` otherwise — and the whole application for help and for anything it
does not recognise.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Annotated, Any

import typer

from gembakit.base.messages import N_

HELP = N_("Self-assessment, scoring and recognition of improvement work: 5S, Kaizen, ISO 9001, "
          "ISO 56001 and the National Quality Award.")

# Each command by its name: the module (in gembakit.cli) and the function.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("assess_cmd", "new"),
    "validate": ("assess_cmd", "validate"),
    "score": ("assess_cmd", "score"),
    "report": ("report_cmd", "report"),
    "compare": ("compare_cmd", "compare"),
    "portfolio": ("portfolio_cmd", "portfolio"),
    "trend": ("trend_cmd", "trend"),
    "certify": ("cert_cmd", "certify"),
    "verify": ("cert_cmd", "verify"),
    "verifier": ("cert_cmd", "verifier"),
    "demo": ("demo_cmd", "demo"),
    "submit": ("workflow_cmd", "submit"),
    "review": ("workflow_cmd", "review"),
    "approve": ("workflow_cmd", "approve"),
    "reject": ("workflow_cmd", "reject"),
    "publish": ("programme_cmd", "publish"),
    "honours": ("programme_cmd", "honours"),
}
# Each group of commands: the module and its typer application.
GROUPS: dict[str, tuple[str, str]] = {
    "checklists": ("checklists_cmd", "app"),
    "keys": ("cert_cmd", "keys_app"),
    "register": ("register_cmd", "register_app"),
    "export": ("forms_cmd", "export_app"),
    "import": ("forms_cmd", "import_app"),
    "evidence": ("workflow_cmd", "evidence_app"),
    "db": ("db_cmd", "db_app"),
    "experts": ("records_cmd", "experts_app"),
    "organisations": ("records_cmd", "organisations_app"),
    "models": ("records_cmd", "models_app"),
    "staff": ("records_cmd", "staff_app"),
    "programme": ("programme_cmd", "programme_app"),
}


def _load(where: tuple[str, str]) -> Any:
    module, name = where
    return getattr(import_module(f"gembakit.cli.{module}"), name)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"gembakit {version('gembakit')}")
        raise typer.Exit(0)


def _root() -> typer.Typer:
    root = typer.Typer(name="gembakit", help=HELP, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)

    @root.callback()
    def _group(version: Annotated[bool, typer.Option(
            "--version", help="Show the version and exit.", callback=_version,
            is_eager=True)] = False) -> None:
        """Keeps commands as subcommands even when only one is registered."""

    return root


def app_for(argv: Sequence[str]) -> typer.Typer:
    first = argv[0] if argv else ""
    root = _root()
    if first in COMMANDS:
        root.command(first)(_load(COMMANDS[first]))
    elif first in GROUPS:
        root.add_typer(_load(GROUPS[first]), name=first)
    else:
        for name, where in COMMANDS.items():
            root.command(name)(_load(where))
        for name, where in GROUPS.items():
            root.add_typer(_load(where), name=name)
    return root

