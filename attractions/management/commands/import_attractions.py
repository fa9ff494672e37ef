"""Import (or re-import) the Taipei open-data attractions from a file path or URL.

    python manage.py import_attractions ../shared/data/taipei-attractions.json
    python manage.py import_attractions https://example.org/taipei-attractions.json
    python manage.py import_attractions --language en fixtures/demo-attractions.en.json

`--language` reads a file of the same format written in English or Japanese and fills
only that language's texts of the attractions already imported (matched by `_id`).

The whole import is one transaction: a bad or truncated source changes nothing.
"""

import json
from pathlib import Path

import requests
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from attractions.models import Attraction
from attractions.services import (
    ImportDataError,
    clean_text,
    import_attractions,
    import_translations,
    parse_records,
)
from taipei_trip.translated import TRANSLATED_LANGUAGES, column

DOWNLOAD_TIMEOUT = 30


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = "Import the Taipei open-data attractions JSON from a path or an http(s) URL."

    def add_arguments(self, parser):
        parser.add_argument("source", help="path or http(s) URL of the open-data JSON")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, then roll back"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the catalogue already has attractions (first run); "
            "with --language, when some attraction already has a name in it",
        )
        parser.add_argument(
            "--language",
            choices=TRANSLATED_LANGUAGES,
            help="the file is a translation: fill only this language's texts",
        )

    def handle(self, *args, source: str, dry_run: bool, verbosity: int, **options):
        language = options["language"]
        if options["if_empty"] and already_there(language):
            if verbosity >= 1:
                self.stdout.write(
                    "The catalogue already has attractions: nothing imported."
                    if language is None
                    else f"The catalogue already has {language} names: nothing imported."
                )
            return
        try:
            label = clean_text if language else None
            payload = json.loads(read_source(source))
            records = (
                parse_records(payload, label=label) if label else parse_records(payload)
            )
        except ImportDataError as exc:
            raise CommandError(f"{source}: {exc}") from None
        except ValueError as exc:
            raise CommandError(f"{source}: not valid JSON ({exc})") from None

        def progress(number, total, item, outcome):
            if verbosity >= 2:
                self.stdout.write(
                    f"[{number}/{total}] {item.id} {item.name}: {outcome}"
                )
            elif verbosity == 1 and (number % 10 == 0 or number == total):
                self.stdout.write(f"{number}/{total} attractions processed")

        try:
            with transaction.atomic():
                if language:
                    summary = import_translations(
                        records=records, language=language, progress=progress
                    )
                else:
                    summary = import_attractions(records=records, progress=progress)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write("Dry run: nothing was saved.")
        if verbosity >= 1 and language:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{summary.total + summary.missing} {language} records: "
                    f"{summary.updated} updated, {summary.unchanged} unchanged, "
                    f"{summary.missing} not in the catalogue."
                )
            )
        elif verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{summary.total} attractions: {summary.created} created, "
                    f"{summary.updated} updated, {summary.unchanged} unchanged; "
                    f"{summary.categories} categories, {summary.stations} MRT stations, "
                    f"{summary.images} images."
                )
            )


def already_there(language: str | None) -> bool:
    """Whether `--if-empty` finds the catalogue (or this language's names) filled."""
    if language is None:
        return Attraction.objects.exists()
    return Attraction.objects.exclude(**{column("name", language): ""}).exists()


def read_source(source: str) -> bytes:
    """The raw bytes of a local file or an http(s) URL, or a one-line CommandError."""
    if source.lower().startswith(("http://", "https://")):
        try:
            response = requests.get(source, timeout=DOWNLOAD_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as exc:
            raise CommandError(f"{source}: download failed ({exc})") from None
        return response.content
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise CommandError(f"{source}: cannot read ({exc.strerror or exc})") from None
