"""TOTP two-factor authentication (django-otp) for administrators and unit leaders (issue 14 item 3).

Who needs it: superusers and the roles in ``LIANXIN_TWO_FACTOR_ROLES`` (default administrator, unit_leader),
when ``LIANXIN_TWO_FACTOR_ENFORCED`` is on (the default). Enrolment creates an unconfirmed TOTP device; the first
correct code confirms it. An administrator resets a lost authenticator with ``./lianxin otp_reset USERNAME``
(or deletes the device in the admin); the user then enrols again at the next login.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def requires_two_factor(user: User) -> bool:
    if not settings.LIANXIN_TWO_FACTOR_ENFORCED or not user.is_authenticated:
        return False
    return user.is_superuser or user.role in settings.LIANXIN_TWO_FACTOR_ROLES


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def verify_totp(user: User, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts `code` (each code works once), or None."""
    device = confirmed_device(user)
    code = (code or "").strip().replace(" ", "")
    if device is None or not code.isdigit() or not device.verify_token(code):
        return None
    return device


@transaction.atomic
def enrolment_device(user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) device, created on first call: its secret is shown as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


@transaction.atomic
def enrolment_confirm(user: User, code: str) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    code = (code or "").strip().replace(" ", "")
    if device is None or not code.isdigit() or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def two_factor_reset(user: User) -> int:
    """Delete the user's authenticators; they enrol again at the next login."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
