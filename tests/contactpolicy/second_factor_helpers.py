"""Helpers for the second-factor tests: a person's app, and the code it would show now."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_for(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=confirmed)


def codes_around_now(device: TOTPDevice) -> set[str]:
    """Every code the device accepts now: this time step and the ones either side."""
    now = _now_step(device)
    return {f"{_token_at(device, t):06d}" for t in (now - 1, now, now + 1)}


def _token_at(device: TOTPDevice, t: int) -> int:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + t * device.step
    return totp.token()


def code_now(device: TOTPDevice) -> str:
    """The code the app shows now, as the person would type it."""
    device.refresh_from_db()
    return f"{_token_at(device, max(_now_step(device), device.last_t + 1)):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code the device does not accept now."""
    accepted = codes_around_now(device)
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in accepted)


def _now_step(device: TOTPDevice) -> int:
    return int((time.time() - device.t0) // device.step)
