"""Give back the seats of unpaid orders held longer than TRIP_SEAT_HOLD_MINUTES.

Celery beat runs the same every minute (orders.tasks.release_expired_holds); this
command is for a deploy without beat, or to run it by hand.
"""

from django.core.management.base import BaseCommand

from orders.services import release_expired_holds


class Command(BaseCommand):
    help = "Release the seats of unpaid orders whose hold expired."

    def handle(self, *args, **options):
        report = self.stdout.write if options["verbosity"] > 1 else None
        released = release_expired_holds(report=report)
        self.stdout.write(f"{released} unpaid order(s) released their seats")
