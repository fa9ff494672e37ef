"""Serve the site for development (`make run`): runserver, with the fake TapPay if needed.

    python manage.py rundev [127.0.0.1:8000] [--fake-tappay-port 8001]

Without TAPPAY_PARTNER_KEY the local fake gateway runs in this process and runserver gets
its TAPPAY_* settings and the fake TPDirect SDK, so a checkout works end to end; with
real keys runserver uses them. Both stop together on Ctrl-C.
"""

import os
import subprocess  # noqa: S404  (runserver as a child keeps its autoreloader)
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.fake_tappay import FakeTapPay


class Command(BaseCommand):
    help = "Run the development server, with the local fake TapPay without real keys."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--fake-tappay-port", type=int, default=8001)

    def handle(self, *args, **options):
        environment = {**os.environ, "DJANGO_DEBUG": "true"}
        if settings.TAPPAY_PARTNER_KEY:
            return self.serve(options["addrport"], environment)
        port = options["fake_tappay_port"]
        try:
            fake = FakeTapPay(port=port, slow_seconds=35.0).start()
        except OSError as exc:
            raise CommandError(
                f"port {port} is busy ({exc}): set FAKE_TAPPAY_PORT"
            ) from exc
        self.stdout.write(f"Fake TapPay listening on {fake.base_url}")
        try:
            return self.serve(
                options["addrport"], {**environment, **fake.site_environment()}
            )
        finally:
            fake.stop()

    def serve(self, addrport: str, environment: dict[str, str]) -> None:
        manage = str(settings.BASE_DIR / "manage.py")
        try:
            subprocess.run(  # noqa: S603
                [sys.executable, manage, "runserver", addrport],
                env=environment,
                check=False,
            )
        except KeyboardInterrupt:
            pass
