"""Accounts and their passwords: nobody sets another person's password (issue 17).

An administrator creates an account without a usable password, and its owner receives a
link to set one; a person who has forgotten theirs asks for the same kind of link on the
sign-in page. A link works for `LINK_VALID_FOR`, once, and only while it is the newest:
its token covers the password hash (so setting the password spends it), the time of the
last sign-in, the email address, and `User.password_link_sent_at`, which every new link
moves on. Every link sent is in the person's history, with who sent it. The link starts
with `SITE_URL`, as every link in an email does, never with the host a request named.
"""

import datetime
from enum import StrEnum

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import User
from contactpolicy.reminders import site_link

# Set in settings (three days), where Django's token check reads it.
LINK_VALID_FOR = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
# A person asking again this soon has a link already: no second email (a bound on how
# many emails a stranger can make the service send to one address).
RESET_REPEAT_AFTER = datetime.timedelta(minutes=5)

EMAIL_TASK = "contactpolicy.password_link_email"
RESET_TASK = "contactpolicy.password_reset_links"


class LinkKind(StrEnum):
    INVITATION = "invitation"  # a new account
    NEW_LINK = "new_link"  # an administrator sent another
    RESET = "reset"  # the person asked for it on the sign-in page


HISTORY_REASONS = {
    LinkKind.INVITATION: "Account created: link to set a password sent",
    LinkKind.NEW_LINK: "New link to set a password sent",
    LinkKind.RESET: "Password reset link sent at the person's request",
}
SET_BY_OWNER_REASON = "Password set by its owner"


class PasswordLinkTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token, also spent by a newer link and by switching the account off."""

    key_salt = "contactpolicy.accounts.PasswordLinkTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        sent = user.password_link_sent_at
        sent_stamp = "" if sent is None else str(int(sent.timestamp() * 1_000_000))
        return f"{super()._make_hash_value(user, timestamp)}|{sent_stamp}|{user.is_active}"


password_link_tokens = PasswordLinkTokenGenerator()


def password_link_path(user: User) -> str:
    """The path of a fresh link for `user` (valid until a newer link or a password)."""
    return reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": password_link_tokens.make_token(user),
        },
    )


@transaction.atomic
def user_password_link_send(*, user: User, actor: User | None, kind: LinkKind) -> None:
    """Send `user` a link to set their password, making every older link useless.

    The email is sent by a task once the transaction commits. The sending is recorded in
    the person's history with `actor` (None when the person asked for it themselves).
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.password_link_sent_at = timezone.now()
    locked._history_user = actor
    locked._change_reason = HISTORY_REASONS[kind]
    locked.save(update_fields=["password_link_sent_at"])
    user.password_link_sent_at = locked.password_link_sent_at
    send_after_commit(EMAIL_TASK, user.pk, str(kind))


def password_link_email_send(user_id: int, kind: str) -> bool:
    """Email the person a link made now; False if the account has gone or has no address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    link = site_link(password_link_path(user))
    days = LINK_VALID_FOR.days
    service = "Contact policy case management"
    if kind == LinkKind.RESET:
        subject = f"Reset your password for {service}"
        opening = (
            "Someone asked to reset the password of your account. If it was not you, you "
            "can ignore this email: your password has not changed."
        )
    else:
        subject = f"Set your password for {service}"
        opening = (
            "An account has been set up for you."
            if kind == LinkKind.INVITATION
            else "Your administrator has sent you a new link to set your password."
        )
    body = (
        f"Hello {user.get_full_name() or user.username},\n\n"
        f"{opening}\n\n"
        f"Your username is: {user.username}\n\n"
        f"Set your password with this link. It works once, for {days} days, and only until "
        f"a newer link is sent:\n\n{link}\n\n"
        "If the link has stopped working, choose 'Forgotten your password?' on the sign-in "
        "page, or ask your administrator to send a new one.\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def password_reset_request(*, email: str) -> None:
    """Someone asked for a link to reset the password of the account with `email`.

    The request does the same work whether or not such an account exists: the address is
    looked up by a task, so the answer, and how long it takes, tell the asker nothing.
    """
    send_after_commit(RESET_TASK, email)


def password_reset_links_send(email: str) -> int:
    """Send a reset link to each active account with `email`, unless one was sent in the
    last few minutes. Returns how many were sent."""
    recent = timezone.now() - RESET_REPEAT_AFTER
    sent = 0
    for user in User.objects.filter(email__iexact=email, is_active=True):
        if user.password_link_sent_at is not None and user.password_link_sent_at > recent:
            continue
        user_password_link_send(user=user, actor=None, kind=LinkKind.RESET)
        sent += 1
    return sent


@transaction.atomic
def user_password_set(*, user: User, password: str) -> User:
    """The person sets their own password through a link; the link is then spent.

    The password must already have passed the validators (`AUTH_PASSWORD_VALIDATORS`).
    Wrong passwords counted against the username are forgotten: whoever guessed at the
    account no longer keeps its owner out, since the owner has proved who they are by email.
    """
    user.set_password(password)
    user._history_user = user
    user._change_reason = SET_BY_OWNER_REASON
    user.save()
    transaction.on_commit(lambda: axes_reset(username=user.get_username()))
    return user


def superuser_names() -> list[str]:
    """The active superusers' names, for telling an administrator whom to ask (one query)."""
    return [str(user) for user in User.objects.filter(is_superuser=True, is_active=True)]
