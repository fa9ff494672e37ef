"""Every text the site shows has its English and Japanese translation.

`make messages` (Django's makemessages) is run on a copy of the project, so the test sees
what the source asks for today, not what the committed catalogues remember; every entry it
leaves must be translated and none fuzzy (a fuzzy entry is msgmerge's guess, never shown).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "ja")
# What `make messages` passes (Makefile, MESSAGES_FLAGS and LOCALE_FLAGS).
FLAGS = ["--no-obsolete", "--add-location=file", "--ignore=.venv"]
FLAGS += ["--ignore=node_modules", "--ignore=staticfiles", "--ignore=static/vendor"]
NOT_SOURCE = {".git", ".venv", "node_modules", "media", "staticfiles", "screenshots"}
NOT_SOURCE |= {"var", "__pycache__", ".pytest_cache", ".ruff_cache"}


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory) -> Path:
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing: scripts/system-packages.sh installs it")
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    for domain in ("django", "djangojs"):
        command = [sys.executable, "manage.py", "makemessages", "--domain", domain]
        command += [f"--locale={language}" for language in LANGUAGES]
        subprocess.run(command + FLAGS, cwd=copy, check=True, capture_output=True)  # noqa: S603
    return copy / "locale"


def entries(catalogue: Path, *selection: str) -> list[str]:
    """The msgids msgattrib selects (`--untranslated`, `--only-fuzzy`) in a catalogue."""
    printed = subprocess.run(  # noqa: S603
        [
            shutil.which("msgattrib"),
            *selection,
            "--no-obsolete",
            "--no-wrap",
            str(catalogue),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        line.removeprefix("msgid ")
        for line in printed.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated_and_none_is_fuzzy(catalogues, language, domain):
    catalogue = catalogues / language / "LC_MESSAGES" / f"{domain}.po"
    # Both domains have text (templates and Python; static/js through gettext()), so a
    # missing catalogue means makemessages found nothing: a broken marking, not a pass.
    assert catalogue.exists(), f"makemessages wrote no {domain} catalogue"

    assert entries(catalogue, "--untranslated") == []
    assert entries(catalogue, "--only-fuzzy") == []
