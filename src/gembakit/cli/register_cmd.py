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
from gembakit.cli.db_cmd import DbOption

register_app = typer.Typer(help="The register of issued certificates, in the programme "
                                "database.", no_args_is_help=True)
IdArgument = Annotated[str, typer.Argument(help="The certificate's serial.")]
ReasonOption = Annotated[str | None, typer.Option(help="Why (kept in the history).")]
ByOption = Annotated[str | None, typer.Option(help="Who decided.")]


@register_app.command("list")
def list_(search: Annotated[str | None, typer.Option(
              "--organisation", "--search",
              help="Words of the organisation's name, in any case, with or without "
                   "diacritics.")] = None,
          tax_code: Annotated[str | None, typer.Option(help="Tax code.")] = None,
          province: Annotated[str | None, typer.Option(help="Province.")] = None,
          checklist: Annotated[str | None, typer.Option(help="Checklist id.")] = None,
          tier: Annotated[str | None, typer.Option(help="self, consultant or state.")] = None,
          status: Annotated[str | None, typer.Option(help="active, suspended, withdrawn…")]
          = None,
          year: Annotated[int | None, typer.Option(help="Issued in this year.")] = None,
          db: DbOption = None, lang: LangOption = None, json: JsonOption = False) -> None:
    """List or search certificates by organisation, tax code, province, checklist, tier,
    status, year (read a page at a time: any size in flat memory)."""
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database

    try:
        with open_database(db) as database:
            rows = Register(database).search(search=search, tax_code=tax_code,
                                             province=province, checklist=checklist, tier=tier,
                                             status=status, year=year)
            if json:
                from gembakit.cli.records_cmd import _stream_json

                _stream_json({k: v for k, v in r._asdict().items() if k != "certificate"}
                             for r in rows)
                return
            for r in rows:
                sys.stdout.write(f"{r.id}  {r.status:<9}  {r.tier:<10}  {r.checklist} "
                                 f"{r.version}  {tr(state.lang, 'level')} {r.level}  "
                                 f"{r.issued} → {r.expires}  {r.organisation}"
                                 + (f" ({r.tax_code})" if r.tax_code else "") + "\n")
    except GembakitError as exc:
        raise fail(exc, state.lang) from None


def _decide(db: str | None, cert_id: str, status: str, reason: str | None, by: str | None,
            on: dt.datetime | None) -> None:
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database

    try:
        with open_database(db) as database:
            entry = Register(database).set_status(cert_id, status, reason=reason, by=by,
                                                  on=on.date() if on else None)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    say("{id} is now {status} (since {since})", id=entry.id,
        status=word(CERTIFICATE_STATUS_WORDS, entry.status), since=entry.since)


@register_app.command()
def suspend(cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
            on: DateOption = None, db: DbOption = None, lang: LangOption = None) -> None:
    """Suspend a certificate (it can be restored)."""
    _decide(db, cert_id, "suspended", reason, by, on)


@register_app.command()
def withdraw(cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
             on: DateOption = None, db: DbOption = None, lang: LangOption = None) -> None:
    """Withdraw a certificate for good."""
    _decide(db, cert_id, "withdrawn", reason, by, on)


@register_app.command()
def restore(cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
            on: DateOption = None, db: DbOption = None, lang: LangOption = None) -> None:
    """Restore a suspended certificate."""
    _decide(db, cert_id, "active", reason, by, on)


@register_app.command()
def cancel(cert_id: IdArgument, reason: ReasonOption = None, by: ByOption = None,
           on: DateOption = None, db: DbOption = None, lang: LangOption = None) -> None:
    """Cancel a certificate issued in error."""
    _decide(db, cert_id, "cancelled", reason, by, on)


@register_app.command()
def expire(on: DateOption = None, db: DbOption = None, lang: LangOption = None) -> None:
    """Mark every certificate past its expiry date as expired."""
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database

    try:
        with open_database(db) as database:
            done = Register(database).expire_due(on.date() if on else None)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    say("{n} certificates expired", n=len(done))


@register_app.command("show")
def show(cert_id: IdArgument, db: DbOption = None, lang: LangOption = None,
         json: JsonOption = False) -> None:
    """One certificate with the history of decisions about it."""
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database

    try:
        with open_database(db) as database:
            book = Register(database)
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
def export_revoked(output: Annotated[Path, typer.Option("--output", "-o")],
                   key: Annotated[Path | None, typer.Option(
                       help="The key folder that signs the list.")] = None,
                   pkcs11: SignModule = None,
                   token: SignToken = None,
                   key_label: SignKeyLabel = None,
                   pin_env: PinEnv = None,
                   trust: TrustOption = Path("trust-list.json"),
                   root: RootOption = Path("root.jwk.json"),
                   passphrase_env: PassphraseOption = None,
                   db: DbOption = None,
                   lang: LangOption = None) -> None:
    """Write the signed revocation list that ``gembakit verify --revoked`` reads."""
    from gembakit.certificates.keys import Signer, load_key
    from gembakit.registry.certificates import Register
    from gembakit.registry.db import open_database

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
        with open_database(db) as database:
            Register(database).export_revoked(output, signing)
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    finally:
        if opened is not None:
            opened.close()
    say("wrote {file}, signed by {signer}", file=str(output), signer=signing.name)
