"""Member reads shaped for the API."""

from accounts.avatars import avatar_url
from accounts.models import User


def user_to_dict(user: User) -> dict:
    """`GET /api/user/auth` data: the contract's id, name, email plus phone and avatar."""
    return {
        "id": user.pk,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "avatar": avatar_url(user.avatar),
    }
