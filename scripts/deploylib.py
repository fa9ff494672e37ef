"""Shared pieces of `make deploy-check`, `make bench` and `make fault-check`.

Each script runs the production stack on loopback: MariaDB databases of its own, gunicorn
app servers on free ports and a private nginx rendered from deploy/nginx.conf, and stops
everything it started, whatever happens.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess  # noqa: S404  (the scripts drive local tools on purpose)
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The loopback helpers the tests use too (lib.free_port, lib.wait_for_port).
from taipei_trip.testing import free_port, wait_for_port  # noqa: E402, F401

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEPLOY = PROJECT / "deploy"
VAR = PROJECT / "var"  # git-ignored
DEFAULT_DATA = PROJECT.parent / "shared" / "data" / "taipei-attractions.json"
SECRET_KEY = "local-loopback-only-" + "k" * 48  # never leaves this machine
MICRO_CACHE_SECONDS = 1
# How long an app process reuses the catalogue version it read (the settings default).
VERSION_CHECK_SECONDS = 0.5


def data_path() -> Path:
    return Path(os.environ.get("TAIPEI_ATTRACTIONS_JSON", DEFAULT_DATA))


def run(args: list[str], *, env: dict | None = None, quiet: bool = True, **kwargs):
    """Run a command to completion; its output is shown only when it fails."""
    result = subprocess.run(  # noqa: S603
        args,
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({result.returncode})")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result


# --- MariaDB and the Django side -------------------------------------------------------


def db_env(name: str) -> dict[str, str]:
    return {
        "DB_ENGINE": "mysql",
        "DB_NAME": name,
        "DB_USER": os.environ.get("DB_USER", "taipei_trip"),
        "DB_PASSWORD": os.environ.get("DB_PASSWORD", "taipei_trip"),
        "DB_HOST": os.environ.get("DB_HOST", "127.0.0.1"),
    }


def app_env(db_name: str, media_root: Path, **extra: str) -> dict[str, str]:
    """Production settings as a real deploy would set them, on loopback."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DB_", "STORAGE_", "GUNICORN_", "CATALOGUE_"))
    }
    return {
        **clean,
        **db_env(db_name),
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_PUBLIC_BASE_URL": "https://localhost",
        "STORAGE_MEDIA_ROOT": str(media_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        "CATALOGUE_VERSION_CHECK_SECONDS": str(VERSION_CHECK_SECONDS),
        **extra,
    }


def ensure_mariadb() -> None:
    run(["bash", "scripts/mariadb-setup.sh"])


def mariadb_sql(sql: str) -> str:
    env = db_env("")
    return run(
        [
            "mariadb",
            "-h",
            env["DB_HOST"],
            "-u",
            env["DB_USER"],
            f"-p{env['DB_PASSWORD']}",
            "-N",
            "-e",
            sql,
        ]
    ).stdout


def create_database(name: str) -> None:
    mariadb_sql(
        f"CREATE DATABASE IF NOT EXISTS `{name}` "
        "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
    )


def manage(env: dict, *args: str, quiet: bool = True):
    return run([sys.executable, "manage.py", *args], env=env, quiet=quiet)


def prepare_site(env: dict, *, import_data: bool = True) -> None:
    """Migrate, create the cache table, import the real data and collect static files."""
    create_database(env["DB_NAME"])
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    if import_data:
        manage(env, "import_attractions", str(data_path()), "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


# --- TLS ------------------------------------------------------------------------------


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


# --- processes ------------------------------------------------------------------------


class Stack:
    """Processes started by a script; `stop()` ends exactly those, by their own ids."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.nginx_conf: Path | None = None
        self.nginx_started = False

    def start_gunicorn(
        self, env: dict, port: int, *, name: str, **settings: str
    ) -> subprocess.Popen:
        log = (self.run_dir / f"{name}.log").open("w")
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": "",
            **settings,
        }
        process = subprocess.Popen(  # noqa: S603
            [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))
        wait_for_port(port, process=process)
        return process

    def start_uvicorn(
        self, env: dict, port: int, *, name: str, workers: int
    ) -> subprocess.Popen:
        log = (self.run_dir / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            [str(VENV_BIN / "uvicorn"), "taipei_trip.asgi:application",
             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
             "--no-access-log", "--log-level", "warning"],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process))
        wait_for_port(port, process=process)
        return process

    def start_process(
        self, name: str, args: list[str], env: dict, port: int
    ) -> subprocess.Popen:
        log = (self.run_dir / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            args, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process))
        wait_for_port(port, process=process)
        return process

    def start_redis(self, port: int) -> str:
        """A private, memory-only Redis for the Django cache; answers its REDIS_URL."""
        log = (self.run_dir / "redis.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "redis-server", "--port", str(port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
            cwd=self.run_dir, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(("redis", process))
        wait_for_port(port, process=process)
        return f"redis://127.0.0.1:{port}/0"

    def start_nginx(self, values: dict[str, str], https_port: int) -> None:
        self.nginx_conf = render_nginx(self.run_dir, values)
        (self.run_dir / "nginx.pid").unlink(missing_ok=True)  # a stale one is not ours
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        run([nginx, "-t", "-p", str(self.run_dir), "-c", str(self.nginx_conf),
             "-e", str(self.run_dir / "error.log")])  # fmt: skip
        run([nginx, "-p", str(self.run_dir), "-c", str(self.nginx_conf),
             "-e", str(self.run_dir / "error.log")])  # fmt: skip
        self.nginx_started = True
        wait_for_port(https_port)

    def stop_process(self, name: str) -> None:
        for entry in [entry for entry in self.processes if entry[0] == name]:
            entry[1].terminate()
            entry[1].wait(timeout=40)
            self.processes.remove(entry)

    def nginx_pid(self) -> int | None:
        pid_file = self.run_dir / "nginx.pid"
        try:
            return int(pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        pid = self.nginx_pid() if self.nginx_started else None
        self.nginx_started = False
        if pid:
            try:
                os.kill(pid, signal.SIGQUIT)  # graceful stop of our nginx master only
            except ProcessLookupError:
                pass
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


@contextmanager
def stack(run_dir: Path):
    run_dir.mkdir(parents=True, exist_ok=True)
    started = Stack(run_dir)
    try:
        yield started
    finally:
        started.stop()


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
