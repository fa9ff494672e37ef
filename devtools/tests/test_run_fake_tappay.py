"""`manage.py run_fake_tappay`, the fake gateway `make run` starts."""

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.core.management import CommandError, call_command

from devtools.fake_tappay import PAY_BY_PRIME_PATH, SANDBOX_TEST_PRIME

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def test_the_command_serves_the_fake_until_terminated():
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own manage.py
        [
            sys.executable,
            str(MANAGE),
            "run_fake_tappay",
            "--port",
            "0",
            "--partner-key",
            "partner_cli_key",
            "--merchant-id",
            "merchant_cli",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith("Fake TapPay listening on http://127.0.0.1:")
        base_url = first_line.rsplit(" ", 1)[1].strip()
        answer = requests.post(
            base_url + PAY_BY_PRIME_PATH,
            headers={"x-api-key": "partner_cli_key"},
            json={
                "prime": SANDBOX_TEST_PRIME,
                "partner_key": "partner_cli_key",
                "merchant_id": "merchant_cli",
                "amount": 2000,
                "details": "台北101 上半天",
                "cardholder": {
                    "phone_number": "0912345678",
                    "name": "小明",
                    "email": "m@example.com",
                },
            },
            timeout=5,
        )
        assert answer.json()["status"] == 0
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=10)

    assert process.returncode == 0
    assert "Fake TapPay stopped" in output


def test_a_busy_port_is_a_command_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]

        with pytest.raises(CommandError, match="cannot listen"):
            call_command("run_fake_tappay", "--port", str(port))


def test_a_port_out_of_range_is_a_command_error():
    with pytest.raises(CommandError, match="--port"):
        call_command("run_fake_tappay", "--port", "70000")
