import os
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 20
    + "production-secret-key-with-enough-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "trip.example.com",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DB_"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"),
        ("DJANGO_ALLOWED_HOSTS", "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = manage("check", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_debug():
    result = manage("check", **PRODUCTION, DJANGO_DEBUG="true")

    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_production_installs_no_test_double():
    script = (
        "from django.apps import apps;"
        "from django.contrib.staticfiles import finders;"
        "print(apps.is_installed('devtools'), finders.find('js/tappay-fake-sdk.js'))"
    )

    production = manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    development = manage("shell", "--no-imports", "-c", script)
    commands = manage("help", "--commands", **PRODUCTION)

    assert production.stdout.split() == ["False", "None"], production.stderr
    assert development.stdout.startswith("True "), development.stderr
    assert "run_fake_tappay" not in commands.stdout.split()


def test_production_refuses_3d_secure_with_a_site_url_tappay_cannot_call():
    result = manage("check", **PRODUCTION, DJANGO_SITE_URL="http://trip.example.com")

    assert result.returncode != 0
    assert "DJANGO_SITE_URL" in result.stderr


def test_production_without_3d_secure_or_wallets_needs_no_https_site_url():
    result = manage(
        "check",
        **PRODUCTION,
        DJANGO_SITE_URL="http://trip.example.com",
        TAPPAY_THREE_DOMAIN_SECURE="false",
    )

    assert result.returncode == 0, result.stderr
