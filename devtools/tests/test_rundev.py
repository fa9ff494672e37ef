"""`manage.py rundev`, what `make run` serves: runserver, with the fake TapPay if needed."""

import socket
import subprocess  # noqa: S404

import pytest
import requests
from django.core.management import CommandError, call_command

from devtools.fake_tappay import FAKE_SDK_URL, PAY_BY_PRIME_PATH
from taipei_trip.testing import free_port


@pytest.fixture
def runserver(monkeypatch):
    """Stands in for the runserver child: records its command, env and the fake's answer."""
    seen = {}

    def run(args, *, env, check):
        seen.update(args=args, env=env)
        if "TAPPAY_BASE_URL" in env:
            answer = requests.post(
                env["TAPPAY_BASE_URL"] + PAY_BY_PRIME_PATH,
                json={},
                headers={"x-api-key": env["TAPPAY_PARTNER_KEY"]},
                timeout=5,
            )
            seen["fake_answer"] = answer.json()
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", run)
    return seen


def test_without_keys_runserver_pays_through_a_running_fake(settings, runserver):
    settings.TAPPAY_PARTNER_KEY = ""
    port = free_port()

    call_command("rundev", "127.0.0.1:9", "--fake-tappay-port", str(port))

    env = runserver["env"]
    assert runserver["args"][-2:] == ["runserver", "127.0.0.1:9"]
    assert env["TAPPAY_BASE_URL"] == f"http://127.0.0.1:{port}"
    assert env["TAPPAY_SDK_URL"] == FAKE_SDK_URL
    assert env["DJANGO_DEBUG"] == "true"
    assert runserver["fake_answer"]["status"] != 0  # the fake checked the empty body
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 1):
        pass  # stopped with runserver


def test_with_real_keys_runserver_keeps_them(settings, runserver, monkeypatch):
    settings.TAPPAY_PARTNER_KEY = "partner_real"
    monkeypatch.delenv("TAPPAY_BASE_URL", raising=False)

    call_command("rundev")

    assert "TAPPAY_BASE_URL" not in runserver["env"]
    assert runserver["args"][-2:] == ["runserver", "127.0.0.1:8000"]


def test_a_busy_fake_port_is_a_clear_error(settings, runserver):
    settings.TAPPAY_PARTNER_KEY = ""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        with pytest.raises(CommandError, match="FAKE_TAPPAY_PORT"):
            call_command("rundev", "--fake-tappay-port", str(port))

    assert runserver == {}
