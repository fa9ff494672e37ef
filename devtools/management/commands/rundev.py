"""Serve the site for development (`make run`): runserver, a task worker, and the fake
TapPay if needed.

    python manage.py rundev [127.0.0.1:8000] [--fake-tappay-port 8001] [--redis-port 8002]

Without TAPPAY_PARTNER_KEY the local fake gateway runs in this process and runserver gets
its TAPPAY_* settings and the fake TPDirect SDK, so a checkout works end to end; with
real keys runserver uses them. Without CELERY_BROKER_URL a private Redis (append-only
file in var/redis) is the broker. One Celery worker with the beat scheduler embedded
runs beside runserver and prints the mails it sends. All stop together on Ctrl-C.
"""

import os
import signal
import subprocess  # noqa: S404  (runserver as a child keeps its autoreloader)
import sys
from contextlib import ExitStack

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.fake_tappay import NOTIFY_MODES, FakeTapPay
from taipei_trip.testing import RedisServer, stop_worker


class Command(BaseCommand):
    help = (
        "Run the development server and a task worker, with the local fake TapPay "
        "without real keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--fake-tappay-port", type=int, default=8001)
        parser.add_argument(
            "--fake-tappay-notify",
            choices=NOTIFY_MODES,
            default="after",
            help="when the fake notifies a 3-D Secure or wallet payment",
        )
        parser.add_argument("--redis-port", type=int, default=8002)
        parser.add_argument(
            "--no-worker", action="store_true", help="Start no Redis and no worker."
        )

    def handle(self, *args, **options):
        environment = {
            "DJANGO_SITE_URL": f"http://{options['addrport']}",
            **os.environ,
            "DJANGO_DEBUG": "true",
        }
        # A process manager stops with SIGTERM: wind down as for Ctrl-C, so the private
        # Redis, the worker and the fake stop with us instead of outliving us.
        signal.signal(signal.SIGTERM, interrupt)
        with ExitStack() as stack:
            if not options["no_worker"]:
                environment = self.start_worker(
                    stack, options["redis_port"], environment
                )
            if not settings.TAPPAY_PARTNER_KEY:
                fake = self.start_fake(
                    options["fake_tappay_port"], options["fake_tappay_notify"]
                )
                stack.callback(fake.stop)
                # 3-D Secure through the fake bank's challenge page, returning to
                # DJANGO_SITE_URL (plain http is allowed on loopback).
                environment = {
                    **environment,
                    **fake.site_environment(),
                    "TAPPAY_THREE_DOMAIN_SECURE": "true",
                }
            return self.serve(options["addrport"], environment)

    def start_fake(self, port: int, notify_mode: str) -> FakeTapPay:
        try:
            fake = FakeTapPay(
                port=port, slow_seconds=35.0, notify_mode=notify_mode
            ).start()
        except OSError as exc:
            raise CommandError(
                f"port {port} is busy ({exc}): set FAKE_TAPPAY_PORT"
            ) from exc
        self.stdout.write(f"Fake TapPay listening on {fake.base_url}")
        return fake

    def start_worker(
        self, stack: ExitStack, redis_port: int, environment: dict[str, str]
    ) -> dict[str, str]:
        """A private Redis unless CELERY_BROKER_URL is set, and one worker + beat."""
        if not environment.get("CELERY_BROKER_URL"):
            redis = RedisServer(
                redis_port, data_dir=settings.BASE_DIR / "var" / "redis"
            )
            try:
                redis.start()
            except RuntimeError as exc:
                raise CommandError(
                    f"Redis could not start on port {redis_port} ({exc}): set REDIS_PORT"
                ) from exc
            stack.callback(redis.stop)
            environment = {**environment, "CELERY_BROKER_URL": redis.url}
            self.stdout.write(f"Private Redis (task broker) on {redis.url}")
        (settings.BASE_DIR / "var").mkdir(exist_ok=True)
        schedule = settings.BASE_DIR / "var" / "celerybeat-schedule"
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "taipei_trip", "worker", "--beat"]
            + ["--schedule", str(schedule), "--concurrency", "1", "--loglevel", "INFO"],
            env=environment,
        )
        stack.callback(stop_worker, worker)
        return environment

    def serve(self, addrport: str, environment: dict[str, str]) -> None:
        manage = str(settings.BASE_DIR / "manage.py")
        server = start_runserver(
            [sys.executable, manage, "runserver", addrport], environment
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def start_runserver(
    command: list[str], environment: dict[str, str]
) -> subprocess.Popen:
    # Its own session: runserver's autoreloader serves from a grandchild, which only a
    # signal to the whole group reaches (SIGTERM: a shell may have it ignore SIGINT).
    return subprocess.Popen(command, env=environment, start_new_session=True)  # noqa: S603


def interrupt(signum, frame):
    raise KeyboardInterrupt
