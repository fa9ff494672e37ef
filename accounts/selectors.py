"""Member reads shaped for the API."""

from django.utils import timezone

from accounts.avatars import avatar_url
from accounts.models import User
from accounts.signals import member_data_requested


def user_to_dict(user: User) -> dict:
    """`GET /api/user/auth` data: the contract's id, name, email plus phone and avatar."""
    return {
        "id": user.pk,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "avatar": avatar_url(user.avatar),
        "emailVerified": user.is_email_verified,
    }


def export_member_data(user: User) -> dict:
    """Everything kept about the member, for "Download my data" (GET /api/user/export):
    the profile here, the other apps' sections from `member_data_requested`."""
    data = {
        "exportedAt": timezone.now().isoformat(),
        "profile": {
            **user_to_dict(user),
            "dateJoined": user.date_joined.isoformat(),
            "emailVerifiedAt": iso(user.email_verified_at),
            "lastLogin": iso(user.last_login),
        },
    }
    for _receiver, sections in member_data_requested.send(sender=User, user=user):
        data.update(sections)
    return data


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None
