"""Lighthouse scores of the home, an attraction and a trust page, into docs/benchmarks.md.

Usage: `make lighthouse`. Serves a fresh copy of the site through gunicorn with production
settings (hashed, compressed static files from whitenoise), runs npm's lighthouse with
Debian's Chromium three times per page and records the median of each category between
the lighthouse markers of docs/benchmarks.md, leaving the rest of that file alone.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from launcher import CHROMIUM, CHROMIUM_ARGS, PROJECT, running_site

RUNS = 3
PAGES = {
    "首頁 /": "/",
    "景點頁 /attraction/1": "/attraction/1",
    "隱私權政策 /help/privacy": "/help/privacy",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
DOC = PROJECT / "docs" / "benchmarks.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"


def command(url: str, output: Path, program: Path = LIGHTHOUSE) -> list[str]:
    return [
        str(program),
        url,
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]


def run_once(url: str, output: Path, attempts: int = 3) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(1, attempts + 1):
        # Headless Chromium now and then loses its DevTools connection; a failed run
        # is repeated rather than counted.
        done = subprocess.run(command(url, output), env=env, check=False)  # noqa: S603
        if done.returncode == 0:
            break
        print(f"lighthouse exited {done.returncode} (attempt {attempt}/{attempts})")
    else:
        sys.exit(f"lighthouse failed {attempts} times on {url}")
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    FAILED_AUDITS.update(failed_audits(report))
    return scores


FAILED_AUDITS: set[str] = set()


def failed_audits(report: dict) -> set[str]:
    """Audits that cost points, so the document says where the missing points went."""
    failed = set()
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failed.add(f"{name}: {audit['id']} ({audit['title']})")
    return failed


def measure(base: str) -> dict[str, dict[str, float]]:
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in PAGES.items():
            runs = [
                run_once(base + path, Path(tmp) / f"run{number}.json")
                for number in range(RUNS)
            ]
            medians[label] = {
                name: statistics.median(run[name] for run in runs)
                for name in CATEGORIES
            }
            print(label, runs, "median", medians[label])
    return medians


def version() -> str:
    answer = subprocess.run(  # noqa: S603
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    )
    return answer.stdout.strip()


def block(medians: dict[str, dict[str, float]]) -> str:
    example = " ".join(
        f'"{part}"' if " " in part else part
        for part in command(
            "http://127.0.0.1:PORT/", Path("lh.json"), LIGHTHOUSE.relative_to(PROJECT)
        )
    )
    rows = [
        f"| {label} | " + " | ".join(f"{scores[name]:g}" for name in CATEGORIES) + " |"
        for label, scores in medians.items()
    ]
    return "\n".join(
        [
            START,
            "## Lighthouse",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make lighthouse`"
            f" (scripts/lighthouse.py): lighthouse {version()}, Debian Chromium,"
            " default mobile emulation with simulated throttling, against gunicorn"
            " serving production settings (whitenoise, hashed and compressed static"
            " files) with the 58 real attractions on SQLite. Median of"
            f" {RUNS} runs per page. Offline, so the remote attraction photos fail and"
            " the placeholder is shown instead; those failed requests are the console errors"
            " best practices counts.",
            "",
            "| Page | Performance | Accessibility | Best practices | SEO |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            "Audits that cost points: "
            + ("; ".join(sorted(FAILED_AUDITS)) or "none")
            + ".",
            "",
            "Each run (PORT is the free port the script picked):",
            "",
            "```sh",
            f"CHROME_PATH={CHROMIUM} {example}",
            "```",
            END,
        ]
    )


def write(text: str) -> None:
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in current and END in current:
        before = current.split(START, 1)[0]
        after = current.split(END, 1)[1]
        DOC.write_text(before + text + after, encoding="utf-8")
    else:
        DOC.write_text(current.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def main() -> None:
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is not installed: run `make install` (npm ci)")
    with running_site(production=True) as (base, _env):
        medians = measure(base)
    write(block(medians))
    print(f"written to {DOC.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
