"""Start a throw-away copy of the site for screenshots and Lighthouse.

Each run gets a temporary SQLite database with the real open data imported, a free
port and its own process, so nothing touches db.sqlite3 or a running `make run`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One definition of the browser and its flags for the tests and these scripts.
from taipei_trip.testing import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402, F401

PYTHON = sys.executable
OPEN_DATA = Path(
    os.environ.get(
        "TAIPEI_ATTRACTIONS_JSON",
        ROOT.parent / "shared" / "data" / "taipei-attractions.json",
    )
)
FAKE_SDK = ROOT / "static" / "js" / "tappay-fake-sdk.js"


def site_env(workdir: Path, *, production: bool) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DB_", "TAPPAY_", "STORAGE_", "REDIS_"))
    }
    env.update(
        DB_ENGINE="sqlite",
        DB_NAME=str(workdir / "site.sqlite3"),
        STORAGE_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    if FAKE_SDK.exists():
        env["TAPPAY_SDK_URL"] = "/static/js/tappay-fake-sdk.js"
    if production:
        # Production settings (hashed, compressed static files served by whitenoise,
        # no autorefresh) minus the HTTPS redirect, as the loopback has no TLS.
        env.update(
            DJANGO_ENV="production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_PUBLIC_BASE_URL="https://localhost",
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_STATIC_MANIFEST="true",
        )
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare(env: dict[str, str]) -> None:
    if not OPEN_DATA.exists():
        sys.exit(f"open data not found at {OPEN_DATA}; set TAIPEI_ATTRACTIONS_JSON")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("createcachetable", env=env)
    manage("import_attractions", str(OPEN_DATA), "-v0", env=env)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"the server did not answer at {url}")


@contextlib.contextmanager
def running_site(*, production: bool = False) -> Iterator[tuple[str, dict[str, str]]]:
    """Yields the base URL and environment of a fresh site, stopped afterwards.

    production=True serves through gunicorn with hashed, compressed static files from
    whitenoise, as a deploy does; otherwise Django's development server.
    """
    with tempfile.TemporaryDirectory(prefix="taipei-trip-") as tmp:
        workdir = Path(tmp)
        env = site_env(workdir, production=production)
        prepare(env)
        port = free_port()
        if production:
            manage("collectstatic", "--noinput", "-v0", env=env)
            command = [
                PYTHON, "-m", "gunicorn", "taipei_trip.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "2",
                "--log-level", "warning",
            ]  # fmt: skip
        else:
            command = [
                PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}",
                "--noreload", "--skip-checks",
            ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + "/", process)
            yield base, env
        finally:
            process.terminate()
            process.wait(timeout=10)
