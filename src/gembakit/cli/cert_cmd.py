"""``gembakit keys``, ``certify``, ``verify`` and ``register``: recognition at three tiers."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gembakit.checklists.maturity import Tier
from gembakit.cli.common import JsonOption, LangOption, emit_json, fail, problem_json, state, t
from gembakit.errors import GembakitError, input_error

keys_app = typer.Typer(help="Issuer keys and trust lists.", no_args_is_help=True)

PassphraseOption = Annotated[str | None, typer.Option(
    "--passphrase-env", help="Name of the environment variable holding the key's passphrase.")]
DateOption = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])]


def passphrase_from_env(variable: str | None) -> bytes | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if not value:
        raise input_error(f"environment variable {variable} is empty or unset",
                          f"biến môi trường {variable} trống hoặc chưa đặt")
    return value.encode("utf-8")


class TierName(StrEnum):
    self_ = "self"
    consultant = "consultant"
    state = "state"


@keys_app.command("new")
def keys_new(
    issuer: Annotated[str, typer.Option(help="The organisation the key signs for.")],
    tier: Annotated[list[TierName], typer.Option(help="A tier the key may sign (repeatable).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the key.")],
    passphrase_env: PassphraseOption = None,
    lang: LangOption = None,
) -> None:
    """Make an Ed25519 key pair: private-key.pem (owner-only) and issuer.yaml (for trust lists)."""
    from gembakit.certificates.keys import new_key

    try:
        tiers: tuple[Tier, ...] = tuple(dict.fromkeys(
            "self" if x is TierName.self_ else "consultant" if x is TierName.consultant
            else "state" for x in tier))
        entry = new_key(output, issuer, tiers, passphrase_from_env(passphrase_env))
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    print(t(state.lang,
            f"wrote {output}: key {entry.key_id} of {entry.name} for {', '.join(entry.tiers)}",
            f"đã ghi {output}: khóa {entry.key_id} của {entry.name} cho {', '.join(entry.tiers)}"))


@keys_app.command("trust")
def keys_trust(
    issuers: Annotated[list[Path], typer.Argument(help="issuer.yaml files (or key folders).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The trust list to write.")],
    lang: LangOption = None,
) -> None:
    """Combine issuer descriptions into a trust list for ``gembakit verify``."""
    from gembakit._io import dump_yaml, load_yaml, write_atomic
    from gembakit.certificates.keys import ISSUER_FILE, TRUST_SCHEMA, Issuer

    entries = []
    try:
        for path in issuers:
            doc = load_yaml(path / ISSUER_FILE if path.is_dir() else path)
            entries.append(Issuer.model_validate(doc.data).model_dump(mode="json",
                                                                      exclude_none=True))
    except GembakitError as exc:
        raise fail(exc, state.lang) from None
    except ValueError:
        raise fail(input_error("not an issuer description", "không phải mô tả đơn vị cấp",
                               file=str(path)), state.lang) from None
    write_atomic(output, dump_yaml({"schema": TRUST_SCHEMA, "issuers": entries}))
    print(t(state.lang, f"wrote {output}: {len(entries)} issuer(s)",
            f"đã ghi {output}: {len(entries)} đơn vị cấp"))


def certify(
    assessment: Annotated[Path, typer.Argument(help="The assessment to recognise.")],
    key: Annotated[Path, typer.Option(help="The issuer's key folder.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Certificate PDF (default: beside the assessment).")] = None,
    consultant: Annotated[Path | None, typer.Option(
        help="For the state tier: the consultant assessment it confirms.")] = None,
    register: Annotated[Path | None, typer.Option(
        help="Record the certificate in this register (SQLite file).")] = None,
    passphrase_env: PassphraseOption = None,
    issued: DateOption = None,
    lang: LangOption = None,
) -> None:
    """Issue a signed certificate for an eligible assessment (A4 PDF with QR code)."""
    from gembakit._io import write_atomic
    from gembakit.certificates.issue import assessed_file
    from gembakit.certificates.issue import certify as issue
    from gembakit.certificates.keys import load_key
    from gembakit.certificates.register import Register
    from gembakit.render.certificate import certificate_pdf

    lang_ = state.lang
    try:
        signing = load_key(key, passphrase_from_env(passphrase_env))
        assessed, checklist, raw = assessed_file(assessment)
        other = assessed_file(consultant)[0] if consultant else None
        cert = issue(assessed, checklist, signing, assessment_bytes=raw, consultant=other,
                     issued=issued.date() if issued else None)
        pdf = certificate_pdf(cert, lang=lang_)
        target = output or assessment.with_suffix(".certificate.pdf")
        if register:
            with Register(register) as book:
                book.add(cert, by=signing.issuer.name)
        write_atomic(target, pdf)
        write_atomic(target.with_suffix(".gk1.txt"), cert.text + "\n")
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    print(t(lang_, f"wrote {target}: certificate {cert.payload.id}, {cert.payload.tier}, "
            f"level {cert.payload.level}, valid until {cert.payload.expires}",
            f"đã ghi {target}: chứng nhận {cert.payload.id}, {cert.payload.tier}, cấp độ "
            f"{cert.payload.level}, hiệu lực đến {cert.payload.expires}"))


def verify(
    certificate: Annotated[Path | None, typer.Argument(
        help="A certificate PDF, or its payload file.")] = None,
    trust: Annotated[Path, typer.Option(help="The trust list (YAML).")] = Path("trust.yaml"),
    qr: Annotated[str | None, typer.Option(help="The text read from the QR code.")] = None,
    revoked: Annotated[list[Path] | None, typer.Option(
        help="A signed revocation list (repeatable: the state agency's, each consultant's).")]
    = None,
    at: DateOption = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Check a certificate: signature, tier authority, dates, revocation, unaltered page."""
    from gembakit.certificates.keys import load_trust
    from gembakit.certificates.revocation import load_revoked, merge
    from gembakit.certificates.verify import check, check_file

    lang_ = state.lang
    try:
        if (certificate is None) == (qr is None):
            raise input_error("give a certificate file or --qr TEXT (one of them)",
                              "hãy đưa tệp chứng nhận hoặc --qr NỘI_DUNG (một trong hai)")
        trusted = load_trust(trust)
        lists = [load_revoked(path, trusted) for path in revoked or ()]
        revocations = merge(lists)
        day = at.date() if at else None
        verdict = (check(qr, trusted, revoked=revocations, at=day, source="QR") if qr is not None
                   else check_file(certificate, trusted, revoked=revocations, at=day))  # type: ignore[arg-type]
    except GembakitError as exc:
        raise fail(exc, lang_) from None
    p = verdict.payload
    if json:
        emit_json({"valid": verdict.valid,
                   "reasons": [problem_json(r) for r in verdict.reasons],
                   "certificate": p.model_dump(mode="json") if p else None,
                   "revocation_lists": [{"signer": x.signer, "generated": x.generated}
                                        for x in lists]})
    else:
        head = t(lang_, "VALID", "HỢP LỆ") if verdict.valid else t(lang_, "NOT VALID",
                                                                     "KHÔNG HỢP LỆ")
        lines = [head]
        if p is not None:
            lines.append(f"{p.id} · {p.tier} · {p.organisation.name} · {p.checklist.id} "
                         f"{p.checklist.version} · {t(lang_, 'level', 'cấp độ')} {p.level} "
                         f"{p.level_name.get(lang_)} · {p.issued} → {p.expires} · "
                         f"{p.issuer.name}")
        lines += [f"  ✗ {r.message(lang_)}" for r in verdict.reasons]
        lines += [t(lang_, f"  revocations checked: list of {x.generated} by {x.signer}",
                    f"  đã đối chiếu danh sách thu hồi ngày {x.generated} của {x.signer}")
                  for x in lists]
        sys.stdout.write("\n".join(lines) + "\n")
    if not verdict.valid:
        raise typer.Exit(1)
