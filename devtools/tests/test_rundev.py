"""`manage.py rundev`, what `make run` serves: runserver, with the fake TapPay if needed."""

import os
import signal
import socket
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest
import redis
import requests
from celery import Celery
from django.core.management import CommandError, call_command

from devtools.fake_tappay import FAKE_SDK_URL, PAY_BY_PRIME_PATH
from devtools.management.commands import rundev
from taipei_trip.testing import free_port, wait_until

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runserver(monkeypatch):
    """Stands in for the runserver child: records its command, env and the fake's answer."""
    seen = {}

    class Server:
        """Stands in for runserver's process: records, asks the fake, exits at once."""

        def __init__(self, args, env):
            seen.update(args=args, env=env)
            if "TAPPAY_BASE_URL" in env:
                answer = requests.post(
                    env["TAPPAY_BASE_URL"] + PAY_BY_PRIME_PATH,
                    json={},
                    headers={"x-api-key": env["TAPPAY_PARTNER_KEY"]},
                    timeout=5,
                )
                seen["fake_answer"] = answer.json()

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(rundev, "start_runserver", Server)
    return seen


def test_without_keys_runserver_pays_through_a_running_fake(settings, runserver):
    settings.TAPPAY_PARTNER_KEY = ""
    port = free_port()

    call_command(
        "rundev", "127.0.0.1:9", "--fake-tappay-port", str(port), "--no-worker"
    )

    env = runserver["env"]
    assert runserver["args"][-2:] == ["runserver", "127.0.0.1:9"]
    assert env["TAPPAY_BASE_URL"] == f"http://127.0.0.1:{port}"
    assert env["TAPPAY_SDK_URL"] == FAKE_SDK_URL
    assert env["DJANGO_DEBUG"] == "true"
    # 3-D Secure and both wallets, returning to this site on loopback.
    assert env["TAPPAY_THREE_DOMAIN_SECURE"] == "true"
    assert env["DJANGO_SITE_URL"] == "http://127.0.0.1:9"
    assert env["TAPPAY_LINE_PAY_MERCHANT_ID"] and env["TAPPAY_JKO_PAY_MERCHANT_ID"]
    assert runserver["fake_answer"]["status"] != 0  # the fake checked the empty body
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 1):
        pass  # stopped with runserver


def test_with_real_keys_runserver_keeps_them(settings, runserver, monkeypatch):
    settings.TAPPAY_PARTNER_KEY = "partner_real"
    monkeypatch.delenv("TAPPAY_BASE_URL", raising=False)

    call_command("rundev", "--no-worker")

    assert "TAPPAY_BASE_URL" not in runserver["env"]
    assert runserver["args"][-2:] == ["runserver", "127.0.0.1:8000"]


def test_a_busy_fake_port_is_a_clear_error(settings, runserver):
    settings.TAPPAY_PARTNER_KEY = ""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        with pytest.raises(CommandError, match="FAKE_TAPPAY_PORT"):
            call_command("rundev", "--fake-tappay-port", str(port), "--no-worker")

    assert runserver == {}


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_a_private_redis_runs_beside_runserver(
    settings, monkeypatch, tmp_path
):
    """The worker takes tasks from the private Redis while runserver runs."""
    from django.db import connection

    settings.TAPPAY_PARTNER_KEY = "partner_real"
    settings.BASE_DIR = tmp_path  # var/redis and the beat schedule go here
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setenv("DB_NAME", str(connection.settings_dict["NAME"]))
    seen = {}

    class Server:
        """Stands in for runserver's process: waits for the worker to take a task."""

        def __init__(self, args, env):
            seen.update(env=env)

        def wait(self, timeout=None):
            broker = seen["env"]["CELERY_BROKER_URL"]
            client = redis.Redis.from_url(broker)
            Celery(broker=broker).send_task("mail.tasks.requeue_stalled_emails")
            wait_until(
                lambda: client.llen("celery") == 0 and not client.hlen("unacked"),
                timeout=180,
                what="the worker to take the task",
            )
            return 0

    monkeypatch.setattr(rundev, "start_runserver", Server)
    port = free_port()

    call_command("rundev", "--redis-port", str(port))

    assert seen["env"]["CELERY_BROKER_URL"] == f"redis://127.0.0.1:{port}/0"
    assert (tmp_path / "var" / "redis").is_dir()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 1):
        pass  # Redis stopped with runserver


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


def test_sigterm_stops_rundev_with_its_redis_worker_and_site(tmp_path):
    """A process manager stops with SIGTERM, not Ctrl-C: nothing may outlive rundev."""
    site, fake, broker = free_port(), free_port(), free_port()
    env = {**os.environ, "TAPPAY_PARTNER_KEY": "", "DB_ENGINE": "sqlite"}
    env["DB_NAME"] = str(tmp_path / "db.sqlite3")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", "rundev", f"127.0.0.1:{site}"]
    command += ["--fake-tappay-port", str(fake), "--redis-port", str(broker)]
    rundev = subprocess.Popen(command, env=env, cwd=PROJECT)  # noqa: S603
    try:
        wait_until(lambda: port_open(site) and port_open(broker), what="rundev up")
        rundev.send_signal(signal.SIGTERM)
        assert rundev.wait(timeout=30) is not None
        wait_until(lambda: not port_open(broker), timeout=10, what="Redis stopped")
        wait_until(lambda: not port_open(site), timeout=10, what="runserver stopped")
    finally:
        rundev.kill()
