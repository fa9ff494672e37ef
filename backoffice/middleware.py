"""Staff sessions end after a spell of inactivity."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"
# The session is rewritten at most this often, not on every admin request.
REFRESH_SECONDS = 30


class StaffIdleTimeoutMiddleware:
    """Signs staff out of their session after ADMIN_IDLE_TIMEOUT seconds without a
    request. Members sign in with bearer tokens, so only staff sessions are touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            self.check_idle(request, session)
        return self.get_response(request)

    def check_idle(self, request, session) -> None:
        if not request.user.is_staff:
            return
        now = int(time.time())
        last_seen = session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > settings.ADMIN_IDLE_TIMEOUT:
            logout(request)
            messages.info(
                request,
                "閒置太久，已自動登出 You were signed out after a period of inactivity.",
            )
        elif last_seen is None or now - last_seen >= REFRESH_SECONDS:
            session[LAST_SEEN_KEY] = now
