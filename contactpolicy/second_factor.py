"""The second factor: a code from an authenticator app (TOTP), and single-use recovery codes.

Built on django-otp: a confirmed `TOTPDevice` is the authenticator app, a `StaticDevice`
holds the recovery codes. `second_factor_required` is the one rule for who must have one;
`contactpolicy.middleware.SecondFactorMiddleware` enforces it on every request, and whoever
has set one up is asked for it at every sign-in whether or not they must.

Guessing is limited by django-otp's throttling (`ThrottlingMixin`): after each wrong code
the device refuses every code, right or wrong, for twice as long as after the one before
(1, 2, 4, 8 … seconds; OTP_TOTP_THROTTLE_FACTOR and OTP_STATIC_THROTTLE_FACTOR in the
settings).
"""

import logging
import math
import re
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from contactpolicy.roles import Role, roles_at_least

logger = logging.getLogger(__name__)

# Whoever holds one of these roles needs a second factor under any profile: the Chief
# Executive and heads of service see every customer's personal data and decide the gravest
# restrictions; administrators grant roles and change the rules.
ALWAYS_REQUIRED = frozenset({Role.CHIEF_EXECUTIVE, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR})

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

SIX_DIGITS = re.compile(r"^[0-9]{6}$")  # ASCII only: int() reads other scripts' digits too
# django-otp's StaticToken.random_token: 8 characters of base32, lower case.
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def approving_roles(profile) -> frozenset[Role]:
    """Every role that may approve some kind of decision under `profile` (its decision
    rules' least senior approvers and everyone above them, the corporate route's too)."""
    roles: set[Role] = set()
    for rule in profile.decision_rules.all():
        if rule.reserved_to_chief_executive:
            roles.add(Role.CHIEF_EXECUTIVE)
            continue
        for floor in (rule.approver_role, rule.alternative_approver_role):
            if floor:
                roles |= roles_at_least(floor)
    return frozenset(roles)


def second_factor_required(user) -> bool:
    """Whether `user` must sign in with a second factor.

    Required for superusers, the Chief Executive, heads of service, administrators and
    anyone whose role approves decisions under the active profile. A demonstration user
    (`setup_demo`) is exempt only while DEBUG is on, as `setup_demo` itself is.
    """
    from contactpolicy.selectors import NoActiveProfile, profile_get_active

    if not user.is_authenticated:
        return False
    if settings.DEBUG and user.is_demo:
        return False
    if user.is_superuser or user.roles & ALWAYS_REQUIRED:
        return True
    try:
        profile = profile_get_active()
    except NoActiveProfile:
        return False
    return bool(user.roles & approving_roles(profile))


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_display(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, drawn on the server."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=4,
    )
    return image.to_string(encoding="unicode")


def second_factor_enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed app device the user is setting up: the same secret on every visit
    until they confirm it, so a reloaded page does not invalidate a scanned QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class CodeCheck:
    """The answer to a code: the device that accepted it, or the reason it was refused."""

    device: TOTPDevice | StaticDevice | None = None
    refusal: str = ""


WRONG_CODE = "The code is not right. Check your authenticator app and enter the newest code"
WRONG_SETUP_CODE = (
    "The code is not right. Check you scanned the QR code or typed the key correctly, "
    "then enter the newest code from your authenticator app"
)


def _throttled(device) -> str:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    until = (data or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    if seconds < 120:
        wait = "1 second" if seconds == 1 else f"{seconds} seconds"
    else:
        wait = f"{math.ceil(seconds / 60)} minutes"
    return f"You have entered too many wrong codes. Wait {wait}, then try again"


def second_factor_check(*, user, code: str) -> CodeCheck:
    """Check a code typed at sign-in: six digits against the app, else a recovery code,
    which is used up. Each device is locked while it is checked, so two requests cannot
    both use one code, and a throttled device is refused without being asked."""
    recovery = RECOVERY_CODE.match(code) is not None
    model = StaticDevice if recovery else TOTPDevice
    with transaction.atomic():
        devices = list(
            model.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("pk")
        )
        if not devices:
            return CodeCheck(refusal=WRONG_CODE)
        for device in devices:
            if refusal := _throttled(device):
                return CodeCheck(refusal=refusal)
            if device.verify_token(code):
                return CodeCheck(device=device)
    if recovery:
        return CodeCheck(
            refusal="The recovery code is not right, or it has been used already. "
            "Each recovery code works once"
        )
    return CodeCheck(refusal=WRONG_CODE)


def second_factor_confirm(*, user, device_id: int, code: str) -> tuple[CodeCheck, list[str]]:
    """Confirm the app being set up with its first code, and make new recovery codes.

    Returns the check and, when the code was right, the recovery codes to show once. Any
    earlier app or recovery codes the user had are replaced.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, pk=device_id, confirmed=False)
            .first()
        )
        if device is None:
            return CodeCheck(refusal=WRONG_SETUP_CODE), []
        if refusal := _throttled(device):
            return CodeCheck(refusal=refusal), []
        if not device.verify_token(code):
            return CodeCheck(refusal=WRONG_SETUP_CODE), []
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user=user)
    logger.info("Second factor set up by %s", user.username)
    return CodeCheck(device=device), codes


def recovery_codes_replace(*, user) -> list[str]:
    """Delete the user's recovery codes and make RECOVERY_CODE_COUNT new ones."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_reset(*, user, actor) -> int:
    """Remove everything a user set up as a second factor, for one who has lost it.

    Superusers only. Recorded as a line in the log and as an entry in the user's history
    (who, when, and the reason "Second factor reset"). The user is asked to set one up
    again on their next request if they must have one. Returns how many devices went.
    """
    if not actor.is_superuser:
        raise PermissionError("Only a superuser may reset a second factor.")
    user_model = type(user)
    with transaction.atomic():
        user = user_model.objects.select_for_update().get(pk=user.pk)
        removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
        removed += (
            StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
        )
        user._change_reason = "Second factor reset"
        user._history_user = actor
        user.save()
    logger.warning(
        "Second factor reset for %s by %s (%d devices removed)",
        user.username,
        actor.username,
        removed,
    )
    return removed
