"""Loopback helpers and browser settings shared by the tests and scripts/.

No assertions here: those live with the tests (`taipei_trip/tests/assertions.py`).
"""

import email
import importlib
import os
import random
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The project's own small catalogue in the open-data format (12 real ids, own texts).
DEMO_DATA = PROJECT / "fixtures" / "demo-attractions.json"
# Its English and Japanese texts (`import_attractions --language <code>`).
DEMO_TRANSLATIONS = {
    code: PROJECT / "fixtures" / f"demo-attractions.{code}.json"
    for code in ("en", "ja")
}
# The path that fails on purpose under scripts/measure_urls.py, so the checks of the 500
# page (e2e, make lighthouse, make screenshots) see it as a visitor does.
SERVER_ERROR_PATH = "/measure/server-error"
# The data migrations that write the trust pages, in order, with their functions.
TRUST_PAGE_SEEDS = (
    ("0002_seed_pages", "seed"),
    ("0005_seed_pages_en_ja", "seed"),
    ("0006_privacy_language_cookie", "correct"),
)


def seed_trust_pages() -> None:
    """The trust pages as the migrations leave them. A transactional test's flush
    empties every table, and the tests after it would find no page; each step only
    adds what is missing, so on a migrated database this changes nothing."""
    from django.apps import apps

    for module, function in TRUST_PAGE_SEEDS:
        migration = importlib.import_module(f"sitepages.migrations.{module}")
        getattr(migration, function)(apps, None)


def open_data_file() -> Path:
    """Where the real open-data file is looked for: TAIPEI_ATTRACTIONS_JSON or ../shared."""
    default = PROJECT.parent / "shared" / "data" / "taipei-attractions.json"
    return Path(os.environ.get("TAIPEI_ATTRACTIONS_JSON") or default)


# Debian's Chromium (playwright install cannot download here) with the flags that keep it
# off the network: the closed network refuses its background connections.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    TAIPEI_TRIP_PORTS=9200-9299 keeps it in that range (several sessions sharing one
    machine each take their own); without it, any port the system hands out.
    """
    first, _, last = os.environ.get("TAIPEI_TRIP_PORTS", "").partition("-")
    candidates = range(int(first), int(last) + 1) if first and last else [0]
    if first and last:
        candidates = random.sample(candidates, len(candidates))  # noqa: S311
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in TAIPEI_TRIP_PORTS={first}-{last}")


def wait_for_port(port: int, timeout: float = 30, process=None) -> None:
    """Return once something accepts on 127.0.0.1:port; fail if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class RedisServer:
    """A private redis-server on 127.0.0.1: no persistence, or an append-only file in
    `data_dir` (so queued tasks survive a restart)."""

    def __init__(
        self,
        port: int | None = None,
        *,
        data_dir: Path | None = None,
        maxmemory: str | None = None,
    ):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.data_dir = data_dir
        # With a limit, evicting as the deploy's Redis does (launcher.Stack.start_redis).
        self.memory = (
            ["--maxmemory", maxmemory, "--maxmemory-policy", "allkeys-lru"]
            if maxmemory
            else []
        )
        self.process = None

    def start(self) -> "RedisServer":
        persistence = ["--save", "", "--appendonly", "no"]
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            persistence = [
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.data_dir),
            ]
        # Debian's redis-server (scripts/system-packages.sh), fixed arguments.
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]  # noqa: S607
            + persistence
            + self.memory,
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 OK"

    def start(self) -> "SmtpServer":
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def start_worker(
    *, broker_url: str, env: dict[str, str], log_path: Path
) -> subprocess.Popen:
    """A real Celery worker process for this project, logging to `log_path`."""
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [sys.executable, "-m", "celery", "-A", "taipei_trip", "worker"]
        + ["--pool", "solo", "--without-gossip", "--without-mingle"]
        + ["--without-heartbeat", "--loglevel", "INFO"],
        env={**os.environ, **env, "CELERY_BROKER_URL": broker_url},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    return process


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()  # a warm shutdown: the current task finishes first
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(
    condition, *, timeout: float = 30, interval: float = 0.2, what: str = ""
):
    """Poll `condition()` until it returns something true; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
