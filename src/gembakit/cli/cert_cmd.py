"""``gembakit keys``, ``certify``, ``verify`` and ``verifier``: recognition at three tiers."""

from __future__ import annotations

import datetime as dt
import json as jsonlib
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gembakit.base.errors import GembakitError, refuse
from gembakit.base.messages import tr
from gembakit.base.safe_io import write_atomic
from gembakit.certificates.keys import Alg
from gembakit.cli.common import JsonOption, LangOption, fail, say, state

keys_app = typer.Typer(help="Issuer keys, the programme's root key and signed trust lists.",
                       no_args_is_help=True)

PassphraseOption = Annotated[str | None, typer.Option(
    "--passphrase-env", help="Name of the environment variable holding the key's passphrase.")]
DateOption = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD")]
TrustOption = Annotated[Path, typer.Option(
    envvar="GEMBAKIT_TRUST", help="The signed trust list (default: GEMBAKIT_TRUST).")]
RootOption = Annotated[Path, typer.Option(
    envvar="GEMBAKIT_ROOT", help="The programme's root key file, root.jwk.json (default: "
    "GEMBAKIT_ROOT): the trust list is trusted only through it.")]


def passphrase_from_env(variable: str | None) -> bytes | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if not value:
        raise refuse("env.empty", "environment variable {name} is empty or unset", name=variable)
    return value.encode("utf-8")


class TierName(StrEnum):
    self_ = "self"
    consultant = "consultant"
    state = "state"


class AlgName(StrEnum):
    es256 = "ES256"
    eddsa = "EdDSA"


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@keys_app.command("new")
def keys_new(
    issuer: Annotated[str, typer.Option(help="The organisation the key signs for.")],
    tier: Annotated[list[TierName], typer.Option(help="A tier the key may sign (repeatable).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the key.")],
    alg: Annotated[AlgName, typer.Option(help="ES256 (ECDSA P-256, default) or EdDSA.")]
    = AlgName.es256,
    valid_from: DateOption = None,
    valid_until: DateOption = None,
    verifier_url: Annotated[str | None, typer.Option(
        help="The verifier page this issuer's QR codes open (else the programme's).")] = None,
    passphrase_env: PassphraseOption = None,
    lang: LangOption = None,
) -> None:
    """Make an issuer key: private-key.pem (owner-only), issuer.json (its trust-list entry) and
    certificate.pem (a self-signed X.509 certificate for PDF signatures)."""
    from gembakit.certificates.keys import new_key

    try:
        algorithm: Alg = "EdDSA" if alg is AlgName.eddsa else "ES256"
        entry = new_key(output, issuer, [t.value for t in dict.fromkeys(tier)], alg=algorithm,
                        passphrase=passphrase_from_env(passphrase_env),
                        valid_from=_date(valid_from), valid_until=_date(valid_until),
                        verifier_url=verifier_url)
    except GembakitError as exc:
        raise fail(exc) from None
    say("wrote {folder}: key {kid} of {name} for {tiers}", folder=str(output), kid=entry["kid"],
        name=entry["name"], tiers=", ".join(entry["tiers"]))


@keys_app.command("root")
def keys_root(
    name: Annotated[str, typer.Option(help="The programme (or agency) the root key belongs to.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the key.")],
    passphrase_env: PassphraseOption = None,
    lang: LangOption = None,
) -> None:
    """Make the programme's root key, which signs trust lists; give root.jwk.json to verifiers."""
    from gembakit.certificates.keys import new_root

    try:
        root = new_root(output, name, passphrase=passphrase_from_env(passphrase_env))
    except GembakitError as exc:
        raise fail(exc) from None
    say("wrote {folder}: root key {kid} of {name}; verifiers pin {file}", folder=str(output),
        kid=root["kid"], name=name, file=str(output / "root.jwk.json"))


@keys_app.command("trust")
def keys_trust(
    issuers: Annotated[list[Path], typer.Argument(help="issuer.json files or key folders.")],
    root: Annotated[Path, typer.Option(help="The root key folder that signs the list.")],
    programme: Annotated[str, typer.Option(help="The programme the list is for.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The trust list to write.")],
    version: Annotated[int, typer.Option(help="The list's version (raise it on each change).")]
    = 1,
    verifier_url: Annotated[str | None, typer.Option(
        help="The programme's verifier page, opened by QR codes.")] = None,
    issued: DateOption = None,
    passphrase_env: PassphraseOption = None,
    lang: LangOption = None,
) -> None:
    """Sign a trust list of issuer keys with the programme's root key."""
    from gembakit.base.safe_io import parse_json, read_text
    from gembakit.certificates.keys import ISSUER_FILE, load_root_key
    from gembakit.certificates.trust import make_trust

    try:
        signer = load_root_key(root, passphrase_from_env(passphrase_env))
        entries = []
        for path in issuers:
            file = path / ISSUER_FILE if path.is_dir() else path
            entries.append(parse_json(read_text(file), str(file)))
        document = make_trust(entries, signer, programme=programme, version=version,
                              issued=_date(issued), verifier_url=verifier_url)
        write_atomic(output, jsonlib.dumps(document, ensure_ascii=False, indent=2) + "\n")
    except GembakitError as exc:
        raise fail(exc) from None
    say("wrote {file}: {n} issuers, signed by {root}", file=str(output), n=len(entries),
        root=signer.name)


def pin(pin_env: str | None) -> str:
    """The token's PIN: from the environment variable named, else asked for (never echoed)."""
    if pin_env is not None:
        value = os.environ.get(pin_env)
        if not value:
            raise refuse("env.empty", "environment variable {name} is empty or unset",
                         name=pin_env)
        return value
    return str(typer.prompt(tr(state.lang, "PIN of the token"), hide_input=True))


TokenModule = Annotated[str, typer.Option(
    "--pkcs11", help="The token's PKCS#11 module (a .so or .dll file).")]
TokenLabel = Annotated[str, typer.Option("--token", help="The token's label.")]
KeyLabel = Annotated[str, typer.Option(help="The key's label on the token.")]
CertLabel = Annotated[str | None, typer.Option(
    help="The label of the key's X.509 certificate on the token (default: the key's).")]
SignModule = Annotated[str | None, typer.Option(
    "--pkcs11", help="Sign with a key on a token: its PKCS#11 module (a .so or .dll file).")]
SignToken = Annotated[str | None, typer.Option("--token", help="The token's label.")]
SignKeyLabel = Annotated[str | None, typer.Option(help="The key's label on the token.")]
PinEnv = Annotated[str | None, typer.Option(
    help="Name of the environment variable holding the token's PIN (else it is asked).")]


@keys_app.command("token")
def keys_token(
    pkcs11: TokenModule,
    token: TokenLabel,
    key_label: KeyLabel,
    issuer: Annotated[str, typer.Option(help="The organisation the key signs for.")],
    tier: Annotated[list[TierName], typer.Option(help="A tier the key may sign (repeatable).")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The trust-list entry to write (issuer.json).")],
    cert_label: CertLabel = None,
    pin_env: PinEnv = None,
    valid_from: DateOption = None,
    valid_until: DateOption = None,
    verifier_url: Annotated[str | None, typer.Option(
        help="The verifier page this issuer's QR codes open (else the programme's).")] = None,
    lang: LangOption = None,
) -> None:
    """Write the trust-list entry of a key kept on a token (a USB token, a smart card, an HSM):
    its public key and the X.509 certificate stored beside it. The key never leaves the token."""
    from gembakit.certificates.keys import issuer_entry
    from gembakit.certificates.token import open_token, token_certificate

    try:
        key = open_token(pkcs11, token, key_label, pin(pin_env))
        try:
            chain = [token_certificate(key, cert_label)]
        finally:
            key.close()
        entry = issuer_entry(issuer, key.public_key(), [t.value for t in dict.fromkeys(tier)],
                             valid_from=_date(valid_from), valid_until=_date(valid_until),
                             verifier_url=verifier_url, chain=chain)
        write_atomic(output, jsonlib.dumps(entry, ensure_ascii=False, indent=2) + "\n")
    except GembakitError as exc:
        raise fail(exc) from None
    say("wrote {file}: key {kid} of {name} for {tiers}", file=str(output), kid=entry["kid"],
        name=entry["name"], tiers=", ".join(entry["tiers"]))


def certify(
    assessment: Annotated[Path, typer.Argument(help="The assessment to recognise.")],
    key: Annotated[Path | None, typer.Option(help="The issuer's key folder.")] = None,
    trust: TrustOption = Path("trust-list.json"),
    root: RootOption = Path("root.jwk.json"),
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Certificate PDF (default: beside the assessment).")] = None,
    consultant: Annotated[Path | None, typer.Option(
        help="For the state tier: the consultant assessment it confirms.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", metavar="FILE|URL",
        help="Record the certificate in the programme database (default: GEMBAKIT_DB if set); "
             "with a database, a consultant certificate needs a registered expert and "
             "organisation.")] = None,
    pkcs11: SignModule = None,
    token: SignToken = None,
    key_label: SignKeyLabel = None,
    cert_label: CertLabel = None,
    pin_env: PinEnv = None,
    tsa: Annotated[str | None, typer.Option(
        help="A timestamp authority's URL: the PDF signature gets an RFC 3161 timestamp.")]
    = None,
    passphrase_env: PassphraseOption = None,
    issued: DateOption = None,
    lang: LangOption = None,
) -> None:
    """Issue a signed certificate for an eligible assessment: an A4 PDF signed as a whole,
    with a QR code that opens the verifier page."""
    from gembakit.cli.certify_flow import Token, issue_certificate

    try:
        hardware = None
        if pkcs11 is not None or token is not None or key_label is not None:
            if not (pkcs11 and token and key_label):
                raise refuse("certify.token_options", "a token needs all three of --pkcs11, "
                             "--token and --key-label")
            hardware = Token(pkcs11, token, key_label, pin(pin_env), cert_label)
        chosen = db or os.environ.get("GEMBAKIT_DB")
        database = None
        if chosen:
            from gembakit.registry.db import open_database

            database = open_database(chosen)
        try:
            target, cert = issue_certificate(
                assessment, key=key, trust=trust, root=root, output=output,
                consultant=consultant, database=database,
                passphrase=passphrase_from_env(passphrase_env), issued=_date(issued),
                lang=state.lang, token=hardware, tsa_url=tsa)
        finally:
            if database is not None:
                database.close()
    except GembakitError as exc:
        raise fail(exc) from None
    say("wrote {file}: certificate {id}, {tier}, level {level}, valid until {expires}",
        file=str(target), id=cert.payload.id, tier=cert.payload.tier, level=cert.payload.level,
        expires=cert.payload.expires.isoformat())


def verify(
    certificate: Annotated[Path | None, typer.Argument(
        help="A certificate PDF, or a file holding the certificate text.")] = None,
    trust: TrustOption = Path("trust-list.json"),
    root: RootOption = Path("root.jwk.json"),
    qr: Annotated[str | None, typer.Option(
        help="What the QR code holds: the verifier URL or the bare GK2: text.")] = None,
    revoked: Annotated[list[Path] | None, typer.Option(
        help="A signed revocation list (repeatable: the state agency's, each consultant's).")]
    = None,
    at: DateOption = None,
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Check a certificate: signature, trust list, tier authority, dates, revocation."""
    from gembakit.cli.verify_flow import run_verify

    code = run_verify(certificate, trust=trust, root=root, qr=qr, revoked=revoked or [],
                      at=_date(at), as_json=json, lang=state.lang)
    if code:
        raise typer.Exit(code)


def verifier(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the site to.")],
    trust: TrustOption = Path("trust-list.json"),
    root: RootOption = Path("root.jwk.json"),
    revoked: Annotated[list[Path] | None, typer.Option(
        help="A signed revocation list to publish beside the page (repeatable).")] = None,
    lang: LangOption = None,
) -> None:
    """Write the verifier page anyone can host: index.html, the signed trust list and
    revocation lists. A phone that scans a certificate's QR code opens it."""
    from gembakit.cli.verify_flow import write_verifier

    try:
        write_verifier(output, trust=trust, root=root, revoked=revoked or [])
    except GembakitError as exc:
        raise fail(exc) from None
    say("wrote {folder}: the verifier page; host it at the trust list's verifier URL",
        folder=str(output))

