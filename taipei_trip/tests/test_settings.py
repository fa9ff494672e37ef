import ast
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


ENV_READERS = {"env", "env_bool", "env_int", "env_list", "required"}
APPS = ("accounts", "attractions", "bookings", "orders", "mail", "sitepages")
APPS += ("backoffice", "devtools", "taipei_trip", "scripts")


def variables_read_by_settings() -> set[str]:
    tree = ast.parse((PROJECT / "taipei_trip" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ENV_READERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_variable_the_settings_read_is_listed_in_env_example():
    listed = {
        line.split("=", 1)[0]
        for line in (PROJECT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }

    assert "DJANGO_AVATAR_SIZE" in variables_read_by_settings()
    assert variables_read_by_settings() - listed == set()


def test_no_module_restates_a_setting_s_default_with_getattr():
    restated = [
        f"{path.relative_to(PROJECT)}:{node.lineno}"
        for app in APPS
        for path in sorted((PROJECT / app).rglob("*.py"))
        if "tests" not in path.relative_to(PROJECT).parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) == 3
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "settings"
    ]

    assert restated == []
