"""Peak memory of one avatar decode, for the worst images the limits allow and refuse.

The images are made by one process and each is decoded by a fresh one, which reports
how far its peak resident set (VmHWM in /proc/self/status: ru_maxrss would carry the
parent's peak over fork and exec) rose during `render_avatar`, once and then by four
threads at once (as four uploads reaching one gthread worker). Used by accounts/tests/test_avatar_memory.py and for the numbers in
docs/reliability.md:

    .venv/bin/python scripts/avatar_memory.py [--project DIR] [--json]

`--project` measures another checkout's accounts/avatars.py (e.g. before a change).
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess  # noqa: S404
import sys
import tempfile
import zlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

MEASURE = """
import io, os, sys, threading, time
def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taipei_trip.settings")
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from accounts.avatars import render_avatar
from accounts.errors import AccountError
data = open(sys.argv[1], "rb").read()
outcomes = []
def decode():
    upload = SimpleUploadedFile("a", data, content_type="application/octet-stream")
    try:
        render_avatar(upload)
        outcomes.append("accepted")
    except AccountError as exc:
        outcomes.append("refused: " + exc.message)
threads = [threading.Thread(target=decode) for _ in range(int(sys.argv[2]))]
before = peak_kb()
started = time.monotonic()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seconds = time.monotonic() - started
outcome = ", ".join(sorted(set(outcomes)))
after = peak_kb()
print(before // 1024, after // 1024, round(seconds, 2), outcome, sep="\\t")
"""


def zero_png(width: int, height: int) -> bytes:
    """An 8-bit RGBA PNG of zero rows, streamed (a hand-made bomb: tiny, huge)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 4 * width)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int, *, progressive: bool) -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (width, height), (61, 122, 137)).save(
        output, "JPEG", quality=80, progressive=progressive
    )
    return output.getvalue()


CASES = {
    "PNG 6300 x 6300 RGBA (the issue's attack)": lambda: zero_png(6300, 6300),
    "PNG 4000 x 3000 RGBA (largest PNG allowed)": lambda: zero_png(4000, 3000),
    "JPEG 7000 x 5700 baseline (largest photo allowed)": lambda: jpeg(
        7000, 5700, progressive=False
    ),
    "JPEG 4000 x 3000 progressive": lambda: jpeg(4000, 3000, progressive=True),
    "JPEG 6000 x 6000 progressive": lambda: jpeg(6000, 6000, progressive=True),
}


def measure(project: Path, path: Path, threads: int = 1) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DB_"))}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE, str(path), str(threads)],
        cwd=project,
        env={**env, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    before, after, seconds, outcome = result.stdout.strip().splitlines()[-1].split("\t")
    return {
        "bytes": path.stat().st_size,
        "rss_before_mb": int(before),
        "peak_rss_mb": int(after),
        "rise_mb": int(after) - int(before),
        "seconds": float(seconds),
        "outcome": outcome,
    }


def make_images(folder: Path) -> None:
    for number, make in enumerate(CASES.values()):
        (folder / f"case-{number}").write_bytes(make())


def run(project: Path = PROJECT, only: set[str] | None = None) -> dict:
    """Measure every case (or those named in `only`) against project's code."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="avatar-memory-") as folder:
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--make", folder], check=True, timeout=300
        )
        for number, name in enumerate(CASES):
            if only is not None and name not in only:
                continue
            path = Path(folder) / f"case-{number}"
            results[name] = measure(project, path)
            results[f"{name}, 4 at once"] = measure(project, path, threads=4)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=PROJECT)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_images(args.make)
        return 0
    results = run(args.project)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for name, row in results.items():
            print(
                f"{name}: {row['bytes'] // 1024} kB, peak RSS +{row['rise_mb']} MB "
                f"({row['rss_before_mb']} → {row['peak_rss_mb']} MB), "
                f"{row['seconds']} s, {row['outcome']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
