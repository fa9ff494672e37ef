"""The one launcher of scripts/: start the site, its servers and its fakes on loopback.

`running_site()` serves a throw-away copy of the site on SQLite (runserver, or gunicorn
with production settings) for screenshots and Lighthouse. `stack()` runs the production
stack for deploy-check, bench and fault-check: MariaDB databases of their own, gunicorn or
uvicorn app servers, a private Redis, a private nginx rendered from deploy/nginx.conf and
the fake TapPay. Everything started here is stopped here, by its own process id.

Settings defaults live in taipei_trip/settings.py and the fake's keys in
devtools/fake_tappay.py; `setting()` and `fake_tappay_environment()` read them from there.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess  # noqa: S404  (the scripts drive local tools on purpose)
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
# The loopback and browser helpers the tests use too.
from devtools import fake_tappay  # noqa: E402
from taipei_trip.testing import (  # noqa: E402, F401
    CHROMIUM,
    CHROMIUM_ARGS,
    SERVER_ERROR_PATH,
    free_port,
    open_data_file,
    wait_for_port,
)

PYTHON = sys.executable
VENV_BIN = Path(sys.executable).parent
DEPLOY = PROJECT / "deploy"
VAR = PROJECT / "var"  # git-ignored
SECRET_KEY = "local-loopback-only-" + "k" * 48  # never leaves this machine
MICRO_CACHE_SECONDS = 1  # fills @@MICRO_CACHE_SECONDS@@ in deploy/nginx.conf
# Variables a deploy sets; a launched site starts from none of the caller's.
SITE_PREFIXES = (
    "DJANGO_", "DB_", "TAPPAY_", "STORAGE_", "REDIS_", "GUNICORN_", "CATALOGUE_",
)  # fmt: skip


def run(args: list[str], *, env: dict | None = None, quiet: bool = True, **kwargs):
    """Run a command to completion; its output is shown only when it fails."""
    result = subprocess.run(  # noqa: S603
        args, cwd=PROJECT, env=env, capture_output=True, text=True, check=False,
        **kwargs,
    )  # fmt: skip
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({result.returncode})")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result


def manage(env: dict, *args: str, quiet: bool = True):
    return run([PYTHON, "manage.py", *args], env=env, quiet=quiet)


def clean_environment() -> dict[str, str]:
    """This process's environment without any of the site's own variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith(SITE_PREFIXES)}


def setting(name: str, env: dict | None = None) -> str:
    """A setting as the site computes it from env (by default: its own default)."""
    code = f"from taipei_trip import settings; print(settings.{name})"
    return run([PYTHON, "-c", code], env=env or clean_environment()).stdout.strip()


def require_open_data() -> Path:
    path = open_data_file()
    if not path.is_file():
        sys.exit(f"open data not found at {path}; set TAIPEI_ATTRACTIONS_JSON")
    return path


# --- environments -----------------------------------------------------------------------


def sqlite_env(workdir: Path, *, production: bool) -> dict[str, str]:
    """A throw-away site on SQLite in workdir; production=True as a deploy serves it."""
    env = {
        **clean_environment(),
        "DB_ENGINE": "sqlite",
        "DB_NAME": str(workdir / "site.sqlite3"),
        "STORAGE_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    if not production:
        return {**env, "TAPPAY_SDK_URL": fake_tappay.FAKE_SDK_URL}
    # Hashed, compressed static files served by whitenoise, no autorefresh, minus the
    # HTTPS redirect, as the loopback has no TLS.
    return {
        **env,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "true",
        # Offline: the map draws no tiles rather than asking OpenStreetMap's.
        "DJANGO_MAP_TILE_URL": "",
    }


def private_db_env(name: str, port: int) -> dict[str, str]:
    """Database `name` on a Stack.start_private_mariadb() server on port."""
    return {"DB_ENGINE": "mysql", "DB_NAME": name, "DB_HOST": "127.0.0.1",
            "DB_PORT": str(port), "DB_USER": "taipei_trip", "DB_PASSWORD": "private"}  # fmt: skip


def db_env(name: str) -> dict[str, str]:
    """MariaDB database `name`; user and host are the settings' unless DB_* say else."""
    given = {
        key: os.environ[key] for key in ("DB_USER", "DB_HOST") if os.environ.get(key)
    }
    # The password scripts/mariadb-setup.sh gives its user; settings have no default.
    password = os.environ.get("DB_PASSWORD") or "taipei_trip"
    return {"DB_ENGINE": "mysql", "DB_NAME": name, "DB_PASSWORD": password, **given}


def app_env(db_name: str, media_root: Path, **extra: str) -> dict[str, str]:
    """Production settings on MariaDB as a real deploy would set them, on loopback."""
    return {
        **clean_environment(),
        **db_env(db_name),
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "STORAGE_MEDIA_ROOT": str(media_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        # deploy/nginx.conf appends the client to X-Forwarded-For (docs/deployment.md).
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        # Offline: the map draws no tiles rather than asking OpenStreetMap's.
        "DJANGO_MAP_TILE_URL": "",
        **extra,
    }


def fake_tappay_environment(port: int) -> dict[str, str]:
    """The TAPPAY_* variables of a site paying through the fake gateway on port."""
    return fake_tappay.site_environment(f"http://127.0.0.1:{port}")


# --- MariaDB and the Django side --------------------------------------------------------


def ensure_mariadb() -> None:
    run(["bash", "scripts/mariadb-setup.sh"])


def mariadb_sql(sql: str) -> str:
    env = {**clean_environment(), **db_env("")}
    user, host = (
        setting(f"DATABASES['default']['{key}']", env) for key in ("USER", "HOST")
    )
    return run(
        ["mariadb", "-h", host, "-u", user, f"-p{env['DB_PASSWORD']}", "-N", "-e", sql]
    ).stdout


def create_database(name: str) -> None:
    mariadb_sql(
        f"CREATE DATABASE IF NOT EXISTS `{name}` "
        "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
    )


def prepare_site(
    env: dict, *, import_data: bool = True, private_mariadb: bool = False
) -> None:
    """Migrate, create the cache table, import the real data and collect static files
    (private_mariadb: the database is on a Stack.start_private_mariadb() server)."""
    if private_mariadb:
        run(["mariadb", "-h", "127.0.0.1", "-P", env["DB_PORT"], "-u", "root", "-e",
             f"CREATE DATABASE IF NOT EXISTS `{env['DB_NAME']}` CHARACTER SET utf8mb4 "
             "COLLATE utf8mb4_unicode_520_ci"])  # fmt: skip
    elif env["DB_ENGINE"] == "mysql":
        create_database(env["DB_NAME"])
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    # A run starts with no attempt counts (accounts/throttling.py) from the last one:
    # every script client is 127.0.0.1, and the limits would remember earlier runs.
    manage(env, "shell", "-c",
           "from accounts.models import AttemptCounter as A; A.objects.all().delete()")  # fmt: skip
    if import_data:
        manage(env, "import_attractions", str(require_open_data()), "--verbosity", "0")
    if env.get("DJANGO_ENV") == "production":
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")


# --- TLS --------------------------------------------------------------------------------


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A local CA and a 90-day leaf for localhost/127.0.0.1: (ca, cert chain, key)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt = folder / "ca.key", folder / "ca.crt"
    key, csr, crt = folder / "server.key", folder / "server.csr", folder / "server.crt"
    ext = folder / "server.ext"
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run(["openssl", "req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca_crt),
         "-days", "30", "-sha256", "-subj", "/CN=Taipei Day Trip local test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])  # fmt: skip
    run(["openssl", "req", *ec, "-keyout", str(key), "-out", str(csr),
         "-subj", "/CN=localhost"])  # fmt: skip
    ext.write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
    )
    run(["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca_crt),
         "-CAkey", str(ca_key), "-CAcreateserial", "-out", str(crt), "-days", "90",
         "-sha256", "-extfile", str(ext)])  # fmt: skip
    for path in (ca_key, key):
        path.chmod(0o600)
    return ca_crt, crt, key


# --- processes --------------------------------------------------------------------------


class Stack:
    """Processes started by a script; `stop()` ends exactly those, by their own ids."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.nginx_conf: Path | None = None
        self.nginx_started = False

    def start_process(
        self, name: str, args: list[str], env: dict | None, port: int, *, cwd=PROJECT
    ) -> subprocess.Popen:
        """Start a server logging to run_dir/<name>.log; return once port accepts."""
        log = (self.run_dir / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process))
        wait_for_port(port, process=process)
        return process

    def start_gunicorn(
        self, env: dict, port: int, *, name: str, **settings: str
    ) -> subprocess.Popen:
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": "",
            **settings,
        }
        command = [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")]
        return self.start_process(name, command, env, port)

    def start_uvicorn(
        self, env: dict, port: int, *, name: str, workers: int
    ) -> subprocess.Popen:
        command = [str(VENV_BIN / "uvicorn"), "taipei_trip.asgi:application",
                   "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                   "--no-access-log", "--log-level", "warning"]  # fmt: skip
        return self.start_process(name, command, env, port)

    def start_redis(self, port: int) -> str:
        """A private, memory-only Redis for the Django cache; answers its REDIS_URL."""
        command = [shutil.which("redis-server") or "redis-server", "--port", str(port),
                   "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                   "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]  # fmt: skip
        self.start_process("redis", command, None, port, cwd=self.run_dir)
        return f"redis://127.0.0.1:{port}/0"

    def start_small_redis(self, port: int, *, name: str, maxmemory: str) -> str:
        """A private Redis with a small memory limit, evicting as the deploy's does."""
        command = [shutil.which("redis-server") or "redis-server", "--port", str(port),
                   "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                   "--maxmemory", maxmemory, "--maxmemory-policy", "allkeys-lru"]  # fmt: skip
        self.start_process(name, command, None, port, cwd=self.run_dir)
        return f"redis://127.0.0.1:{port}/0"

    def start_private_mariadb(self, port: int, *, name: str = "mariadb") -> int:
        """A mariadbd of this run's own (data, socket and port under run_dir), so a
        fault can be done to it — stopped, frozen — without touching the system one.
        Loopback only and without grant tables: any user name and password connect.
        Returns the server's process id."""
        data = self.run_dir / f"{name}-data"
        if not (data / "mysql").is_dir():
            data.mkdir(parents=True, exist_ok=True)
            run(["mariadb-install-db", "--no-defaults", f"--datadir={data}",
                 "--user=root", "--auth-root-authentication-method=normal",
                 "--skip-test-db"])  # fmt: skip
        command = [
            shutil.which("mariadbd") or "/usr/sbin/mariadbd", "--no-defaults",
            f"--datadir={data}", f"--socket={self.run_dir / (name + '.sock')}",
            f"--pid-file={self.run_dir / (name + '.pid')}", "--user=root",
            "--bind-address=127.0.0.1", f"--port={port}", "--skip-grant-tables",
            "--innodb-buffer-pool-size=64M", "--skip-log-bin",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_520_ci",
        ]  # fmt: skip
        return self.start_process(name, command, None, port, cwd=self.run_dir).pid

    def start_fake_tappay(self, port: int, *, slow_seconds: float) -> dict[str, str]:
        """The fake gateway (a development command); answers the site's TAPPAY_* env."""
        command = [PYTHON, "manage.py", "run_fake_tappay", "--port", str(port),
                   "--slow-seconds", str(slow_seconds)]  # fmt: skip
        self.start_process("fake-tappay", command, clean_environment(), port)
        return fake_tappay_environment(port)

    def start_nginx(self, values: dict[str, str], https_port: int) -> None:
        self.nginx_conf = render_nginx(self.run_dir, values)
        (self.run_dir / "nginx.pid").unlink(missing_ok=True)  # a stale one is not ours
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        where = ["-p", str(self.run_dir), "-c", str(self.nginx_conf),
                 "-e", str(self.run_dir / "error.log")]  # fmt: skip
        run([nginx, "-t", *where])
        run([nginx, *where])
        self.nginx_started = True
        wait_for_port(https_port)

    def stop_process(self, name: str) -> None:
        for entry in [entry for entry in self.processes if entry[0] == name]:
            entry[1].terminate()
            entry[1].wait(timeout=40)
            self.processes.remove(entry)

    def nginx_pid(self) -> int | None:
        try:
            return int((self.run_dir / "nginx.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        pid = self.nginx_pid() if self.nginx_started else None
        self.nginx_started = False
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGQUIT)  # graceful stop of our nginx master only
            wait_gone(pid)
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()  # gunicorn/uvicorn master: graceful shutdown
        for _, process in self.processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()


def wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


@contextlib.contextmanager
def stack(run_dir: Path) -> Iterator[Stack]:
    run_dir.mkdir(parents=True, exist_ok=True)
    started = Stack(run_dir)
    try:
        yield started
    finally:
        started.stop()


@contextlib.contextmanager
def running_site(
    *, production: bool = False, settings_module: str | None = None
) -> Iterator[tuple[str, dict[str, str]]]:
    """Yields the base URL and environment of a fresh site on SQLite, stopped afterwards.

    production=True serves through gunicorn with hashed, compressed static files from
    whitenoise, as a deploy does; otherwise Django's development server. settings_module
    replaces taipei_trip.settings (scripts/measure_settings.py adds a failing URL).
    """
    with tempfile.TemporaryDirectory(prefix="taipei-trip-") as tmp:
        env = sqlite_env(Path(tmp), production=production)
        if settings_module:
            env["DJANGO_SETTINGS_MODULE"] = settings_module
        prepare_site(env)
        port = free_port()
        command = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}",
                   "--noreload", "--skip-checks"]  # fmt: skip
        if production:
            command = [PYTHON, "-m", "gunicorn", "taipei_trip.wsgi:application",
                       "--bind", f"127.0.0.1:{port}", "--workers", "2",
                       "--log-level", "warning"]  # fmt: skip
        with stack(Path(tmp)) as site:
            site.start_process("site", command, env, port)
            yield f"http://127.0.0.1:{port}", env


# --- nginx ------------------------------------------------------------------------------


def render_nginx(run_dir: Path, values: dict[str, str]) -> Path:
    """Write deploy/nginx.conf and its includes into run_dir with the values filled in."""
    for sub in (
        "tmp/body",
        "tmp/proxy",
        "tmp/fastcgi",
        "tmp/uwsgi",
        "tmp/scgi",
        "cache",
    ):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    user_directive = ""
    if os.geteuid() == 0:
        # Workers drop to nobody; they write only the temp and cache folders.
        user_directive = "user nobody nogroup;"
        for path in [run_dir / "tmp", run_dir / "cache", *run_dir.glob("tmp/*")]:
            shutil.chown(path, "nobody", "nogroup")
    values = {
        "USER_DIRECTIVE": user_directive,
        "RUN_DIR": str(run_dir),
        "ACCESS_LOG": f"{run_dir}/access.log main",
        "SERVER_NAME": "localhost 127.0.0.1",
        "MICRO_CACHE_SECONDS": str(MICRO_CACHE_SECONDS),
        **values,
    }
    for name in ("nginx.conf", "security-headers.conf", "proxy-params.conf"):
        text = (DEPLOY / name).read_text()
        for key, value in values.items():
            text = text.replace(f"@@{key}@@", value)
        if left := re.findall(r"@@[A-Z_]+@@", text):
            raise RuntimeError(f"{name}: no value for {left}")
        (run_dir / name).write_text(text)
    return run_dir / "nginx.conf"


def nginx_values(
    *, http_port: int, https_port: int, upstreams: list[int], cert: Path, key: Path,
    media_root: Path,
) -> dict[str, str]:  # fmt: skip
    return {
        "LISTEN_HTTP": f"127.0.0.1:{http_port}",
        "LISTEN_HTTPS": f"127.0.0.1:{https_port}",
        "HTTPS_PORT_SUFFIX": f":{https_port}",
        "UPSTREAM_SERVERS": "\n".join(
            f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;"
            for port in upstreams
        ),
        "CERT": str(cert),
        "CERT_KEY": str(key),
        "STATIC_ROOT": str(PROJECT / "staticfiles"),
        "MEDIA_ROOT": str(media_root),
    }
