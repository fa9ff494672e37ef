"""Bearer-token authentication for the JSON API, named in settings.MIDDLEWARE.

As Django's AuthenticationMiddleware does for sessions, `request.user` becomes a lazy
object: the token is looked up only when a view reads it, so an endpoint that never
asks who is calling (the catalogue) costs no token query. It applies to `ApiView`
endpoints only; pages and the admin keep the session user.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import SimpleLazyObject

from accounts.tokens import user_for_token
from taipei_trip.api import ApiView


def bearer_token(request: HttpRequest) -> str:
    """The raw token of the Authorization header, "" without one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_user(request: HttpRequest):
    """The member named by the request's bearer token, or an anonymous user."""
    token = bearer_token(request)
    return (user_for_token(token) if token else None) or AnonymousUser()


class BearerTokenMiddleware(MiddlewareMixin):
    """Sets request.user from the bearer token, lazily, for every ApiView endpoint."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if view_class is not None and issubclass(view_class, ApiView):
            request.user = SimpleLazyObject(lambda: token_user(request))
