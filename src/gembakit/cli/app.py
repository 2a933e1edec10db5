"""The typer application: one small module per command, wired together here."""

from __future__ import annotations

import typer

from gembakit.cli import assess_cmd, cert_cmd, checklists_cmd, demo_cmd, register_cmd, report_cmd

app = typer.Typer(
    name="gembakit",
    help="Self-assessment, scoring and recognition of 5S, Kaizen, ISO 9001 and ISO 56001 work. "
         "Đánh giá, chấm điểm và công nhận hoạt động cải tiến.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(checklists_cmd.app, name="checklists")
app.command()(assess_cmd.new)
app.command()(assess_cmd.validate)
app.command()(assess_cmd.score)
app.command()(report_cmd.report)
app.command()(cert_cmd.certify)
app.command()(cert_cmd.verify)
app.add_typer(cert_cmd.keys_app, name="keys")
app.add_typer(register_cmd.register_app, name="register")
app.command()(demo_cmd.demo)
