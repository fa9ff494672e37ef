"""Which release this process runs: a digest of the files that shape what it answers.

Shared caches keep rendered answers across processes and restarts, so an entry must name
the release that built it: after a deploy (or on a machine still running the old release
during a rolling one) a page rendered by other templates, catalogues or static file names
(hashed by the manifest) is never served. Computed once per process from the files on
disk: Python sources and templates of the project's own packages, compiled catalogues
and the static files manifest.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

SOURCE_SUFFIXES = {".py", ".html", ".txt", ".mo"}
NOT_SHIPPED = {"tests", "migrations", "__pycache__"}


def shipped_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [path for path in base.iterdir() if (path / "__init__.py").is_file()]
    folders += [
        Path(folder) for template in settings.TEMPLATES for folder in template["DIRS"]
    ]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    files = {
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in SOURCE_SUFFIXES
        and path.is_file()
        and not NOT_SHIPPED & set(path.relative_to(folder).parts)
    }
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        files.add(manifest)
    return sorted(files)


@cache
def release_digest() -> str:
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for path in shipped_files():
        name = path.relative_to(base) if path.is_relative_to(base) else path
        digest.update(f"{name}\0".encode("utf-8", "surrogatepass"))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
