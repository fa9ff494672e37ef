"""Run the local fake TapPay gateway until interrupted (used by `make run`).

    python manage.py run_fake_tappay --port 8001

Point the site at it with TAPPAY_BASE_URL=<printed URL> and the same partner key and
merchant id; see docs/tappay.md.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from devtools.fake_tappay import (
    DEFAULT_JKO_PAY_MERCHANT_ID,
    DEFAULT_LINE_PAY_MERCHANT_ID,
    DEFAULT_MERCHANT_ID,
    DEFAULT_PARTNER_KEY,
    NOTIFY_MODES,
    FakeTapPay,
)


class Command(BaseCommand):
    help = "Run the local fake TapPay server on 127.0.0.1 until interrupted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8001, help="0 picks a free port"
        )
        parser.add_argument("--partner-key", default=DEFAULT_PARTNER_KEY)
        parser.add_argument("--merchant-id", default=DEFAULT_MERCHANT_ID)
        parser.add_argument(
            "--line-pay-merchant-id", default=DEFAULT_LINE_PAY_MERCHANT_ID
        )
        parser.add_argument(
            "--jko-pay-merchant-id", default=DEFAULT_JKO_PAY_MERCHANT_ID
        )
        parser.add_argument(
            "--notify",
            choices=NOTIFY_MODES,
            default="after",
            help=(
                "when the backend notify of a 3-D Secure or wallet payment is sent: "
                "after the browser is sent back (default), before it, twice, or never"
            ),
        )
        parser.add_argument(
            "--slow-seconds",
            type=float,
            default=35.0,
            help="how long fake_timeout primes wait before answering",
        )

    def handle(self, *args, **options):
        if not 0 <= options["port"] <= 65535:
            raise CommandError("--port must be between 0 and 65535")
        fake = FakeTapPay(
            partner_key=options["partner_key"],
            merchant_id=options["merchant_id"],
            line_pay_merchant_id=options["line_pay_merchant_id"],
            jko_pay_merchant_id=options["jko_pay_merchant_id"],
            notify_mode=options["notify"],
            port=options["port"],
            slow_seconds=options["slow_seconds"],
        )
        try:
            fake.start()
        except OSError as exc:
            raise CommandError(
                f"cannot listen on port {options['port']}: {exc}"
            ) from exc
        stop = threading.Event()
        # SIGTERM (how `make run` stops it) ends the loop like Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        self.stdout.write(f"Fake TapPay listening on {fake.base_url}")
        self.stdout.flush()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()
            self.stdout.write("Fake TapPay stopped")
