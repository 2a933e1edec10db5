"""Feeds mutants of valid files to every reader through the command line, in one process.

    python tests/fuzz_runner.py TARGET N SEED WORKDIR

Prints one JSON line: how many inputs ran, the exit codes seen, the slowest input, the peak
memory, and the first failures (a traceback, an exit code other than 0/1/2, an input over the
time limit). Run by tests/test_fuzz.py in a subprocess, so a crash of the interpreter itself
is caught too.
"""

from __future__ import annotations

import io
import json
import random
import resource
import sys
import time
import traceback
import zipfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

SECONDS = 10.0
TOKENS = [b"9" * 4301, b"!!int zz", b"&a [*a, *a, *a]", b"[" * 3000, b"{" * 3000, b"\x00",
          b"\xff\xfe", b"x" * 200_000, b"NaN", b"1e999", b"-", b"\t", b": :", b"'", b'"',
          b"\\u0000", b"2**60", b"\xe1\xba", b"!!python/object:os.system", b"---\n", b"*a",
          b"18446744073709551616", b"<script>", b"../../etc/passwd", b"\n" * 50, b"na",
          b"0301234567", b"-1", b"101", b"true", b"null", b"[]", b"{}"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four edits: bit flips, deletions, duplications, tokens spliced in."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out += rng.choice(TOKENS)
            continue
        at = rng.randrange(len(out))
        kind = rng.random()
        if kind < 0.3:
            out[at] ^= 1 << rng.randrange(8)
        elif kind < 0.5:
            del out[at:at + rng.randint(1, 64)]
        elif kind < 0.6:
            out[at:at] = out[at:at + rng.randint(1, 256)]
        elif kind < 0.9:
            end = at + rng.randint(0, 16)
            out[at:end] = rng.choice(TOKENS)
        else:
            out = out[:at]
    return bytes(out)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """A workbook with one of its parts mutated (most byte flips of a zip only break the zip)."""
    if rng.random() < 0.3:
        return mutate(data, rng)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            target.writestr(name, mutate(part, rng) if name == victim else part)
    return buffer.getvalue()


def mutate_certificate(text: bytes, rng: random.Random) -> bytes:
    """Edits inside the Base45 text, or in the compressed COSE bytes it carries."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests import rfc_vectors as rfc

    value = text.decode("ascii").strip()
    choice = rng.random()
    try:
        if choice < 0.4:
            return rfc.flip_bit(value, rng.randrange(400), rng.randrange(8)).encode()
        if choice < 0.6:
            return rfc.recode(value, lambda b: mutate(b, rng)).encode()
    except Exception:  # the reference refuses what it cannot decode; mutate the text instead
        pass
    alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    out = bytearray(value.encode())
    for _ in range(rng.randint(1, 3)):
        if out:
            out[rng.randrange(len(out))] = rng.choice(alphabet)
    return bytes(out)


def run(target: str, n: int, seed: int, work: Path) -> dict[str, object]:
    from gembakit.cli import main

    spec = json.loads((work / "targets.json").read_text(encoding="utf-8"))[target]
    seed_bytes = Path(spec["seed"]).read_bytes()
    mutator: Callable[[bytes, random.Random], bytes] = {
        "zip": mutate_zip, "certificate": mutate_certificate}.get(spec.get("kind", ""), mutate)
    rng = random.Random(seed)
    codes: dict[str, int] = {}
    failures: list[dict[str, object]] = []
    slowest = 0.0
    for i in range(n):
        data = mutator(seed_bytes, rng)
        path = work / f"input{spec['suffix']}"
        path.write_bytes(data)
        args = [a.replace("{input}", str(path)).replace("{text}", data.decode("latin-1"))
                for a in spec["args"]]
        sink = io.StringIO()
        start = time.perf_counter()
        try:
            with redirect_stdout(sink), redirect_stderr(sink):
                code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            failures.append({"input": i, "error": traceback.format_exc()[-2000:],
                             "data": data[:300].decode("latin-1")})
            code = -1
        took = time.perf_counter() - start
        slowest = max(slowest, took)
        codes[str(code)] = codes.get(str(code), 0) + 1
        if code not in (0, 1, 2, -1):
            failures.append({"input": i, "error": f"exit code {code}", "output": sink.getvalue()})
        if took > SECONDS:
            failures.append({"input": i, "error": f"took {took:.1f} s"})
        for leftover in work.glob("out*"):
            if leftover.is_file():
                leftover.unlink()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return {"target": target, "inputs": n, "codes": codes, "slowest": round(slowest, 3),
            "peak_mib": peak_mib, "failures": failures[:5], "failed": len(failures)}


if __name__ == "__main__":
    target_name, count, seed_value, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
        Path(sys.argv[4])
    print(json.dumps(run(target_name, count, seed_value, folder)))
