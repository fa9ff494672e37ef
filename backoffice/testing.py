"""Test helpers: staff signed in with both factors, and the codes their app would show."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrolled_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator for the user (as after enrolment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits the device's app shows now (or `steps_ahead` periods later)."""
    return (
        f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=steps_ahead):06d}"
    )


def sign_in_staff(client, user):
    """A Django test client signed in as the user with both factors done."""
    device = enrolled_authenticator(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
