"""Loopback helpers and browser settings shared by the tests and scripts/.

No assertions here: those live with the tests (`taipei_trip/tests/assertions.py`).
"""

import os
import socket
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The project's own small catalogue in the open-data format (12 real ids, own texts).
DEMO_DATA = PROJECT / "fixtures" / "demo-attractions.json"


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
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
