"""``gembakit register …``: the register of issued certificates."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError, refuse
from gembakit.base.messages import tr
from gembakit.base.vocabulary import CERTIFICATE_STATUS_WORDS, word
from gembakit.cli.cert_cmd import (
    DateOption,
    PassphraseOption,
    PinEnv,
    RootOption,
    SignKeyLabel,
    SignModule,
    SignToken,
    TrustOption,
    passphrase_from_env,
    pin,
)
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, say, state

register_app = typer.Typer(help="The register of issued certificates (SQLite).",
                           no_args_is_help=True)
DbArgument = Annotated[Path, typer.Argument(help="The register (an SQLite file).")]
IdArgument = Annotated[str, typer.Argument(help="The certificate's serial.")]
ReasonOption = Annotated[str | None, typer.Option(help="Why (kept in the history).")]
ByOption = Annotated[str | None, typer.Option(help="Who decided.")]


@register_app.command("list")
def list_(db: DbArgument,
          organisation: Annotated[str | None, typer.Option(help="Part of the name.")] = None,
          tax_code: Annotated[str | None, typer.Option()] = None,
          province: Annotated[str | None, typer.Option()] = None,
          checklist: Annotated[str | None, typer.Option()] = None,
          tier: Annotated[str | None, typer.Option()] = None,
          status: Annotated[str | None, typer.Option()] = None,
          lang: LangOption = None, json: JsonOption = False) -> None:
    """List or search certificates by organisation, tax code, province, checklist, tier, status."""
    from gembakit.certificates.register import Register

    with Register(db) as book:
        rows = book.search(organisation=organisation, tax_code=tax_code, province=province,
                           checklist=checklist, tier=tier, status=status)
    if json:
        emit_json([{k: v for k, v in r._asdict().items() if k != 'certificate'} for r in rows])
        return
    for r in rows:
        sys.stdout.write(f"{r.id}  {r.status:<9}  {r.tier:<10}  {r.checklist} {r.version}  "
                         f"{tr(state.lang, 'level')} {r.level}  {r.issued} → "
                         f"{r.expires}  {r.organisation}"
                         + (f" ({r.tax_code})" if r.tax_code else "") + "\n")


def _decide(db: Path, cert_id: str, status: str, reason: str | None, by: str | None,
            on: dt.datetime | None) -> None:
    from gembakit.certificates.register import Register

    try:
        with Register(db) as book:
            entry = book.set_status(cert_id, status, reason=reason, by=by,
                                    on=on.date() if on else None)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    say("{id} is now {status} (since {since})", id=entry.id,
        status=word(CERTIFICATE_STATUS_WORDS, entry.status), since=entry.since)


@register_app.command()
def suspend(db: DbArgument, cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
            on: DateOption = None, lang: LangOption = None) -> None:
    """Suspend a certificate (it can be restored)."""
    _decide(db, cert_id, "suspended", reason, by, on)


@register_app.command()
def withdraw(db: DbArgument, cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
             on: DateOption = None, lang: LangOption = None) -> None:
    """Withdraw a certificate for good."""
    _decide(db, cert_id, "withdrawn", reason, by, on)


@register_app.command()
def restore(db: DbArgument, cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
            on: DateOption = None, lang: LangOption = None) -> None:
    """Restore a suspended certificate."""
    _decide(db, cert_id, "active", reason, by, on)


@register_app.command()
def cancel(db: DbArgument, cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
           on: DateOption = None, lang: LangOption = None) -> None:
    """Cancel a certificate issued in error."""
    _decide(db, cert_id, "cancelled", reason, by, on)


@register_app.command()
def expire(db: DbArgument, on: DateOption = None, lang: LangOption = None) -> None:
    """Mark every certificate past its expiry date as expired."""
    from gembakit.certificates.register import Register

    with Register(db) as book:
        done = book.expire_due(on.date() if on else None)
    say("{n} certificates expired", n=len(done))


@register_app.command("show")
def show(db: DbArgument, cert_id: IdArgument, lang: LangOption = None,
         json: JsonOption = False) -> None:
    """One certificate with the history of decisions about it."""
    from gembakit.certificates.register import Register

    try:
        with Register(db) as book:
            entry, history = book.get(cert_id), book.history(cert_id)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    if json:
        emit_json({**entry._asdict(), "history": [
            {"at": h[0], "status": h[1], "reason": h[2], "by": h[3]} for h in history]})
        return
    sys.stdout.write(f"{entry.id} {entry.status} {entry.organisation}\n")
    for at, status, reason, by in history:
        sys.stdout.write(f"  {at}  {status}" + (f"  {reason}" if reason else "")
                         + (f"  ({by})" if by else "") + "\n")


@register_app.command("export-revoked")
def export_revoked(db: DbArgument,
                   output: Annotated[Path, typer.Option("--output", "-o")],
                   key: Annotated[Path | None, typer.Option(
                       help="The key folder that signs the list.")] = None,
                   pkcs11: SignModule = None,
                   token: SignToken = None,
                   key_label: SignKeyLabel = None,
                   pin_env: PinEnv = None,
                   trust: TrustOption = Path("trust-list.json"),
                   root: RootOption = Path("root.jwk.json"),
                   passphrase_env: PassphraseOption = None,
                   lang: LangOption = None) -> None:
    """Write the signed revocation list that ``gembakit verify --revoked`` reads."""
    from gembakit.certificates.keys import Signer, load_key
    from gembakit.certificates.register import Register

    opened = None
    try:
        signing: Signer
        if pkcs11 or token or key_label:
            if not (pkcs11 and token and key_label):
                raise refuse("certify.token_options", "a token needs all three of --pkcs11, "
                             "--token and --key-label")
            from gembakit.certificates.trust import load_root, load_trust
            from gembakit.cli.certify_flow import Token, open_named_token

            trusted = load_trust(trust, load_root(root))
            signing = opened = open_named_token(Token(pkcs11, token, key_label, pin(pin_env)),
                                                trusted)
        elif key is not None:
            signing = load_key(key, passphrase_from_env(passphrase_env))
        else:
            raise refuse("certify.no_key", "name the issuer's key: --key FOLDER, or a token with "
                         "--pkcs11 MODULE --token LABEL --key-label LABEL")
        with Register(db) as book:
            book.export_revoked(output, signing)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    finally:
        if opened is not None:
            opened.close()
    say("wrote {file}, signed by {signer}", file=str(output), signer=signing.name)
