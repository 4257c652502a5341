"""Mailboxes an administrator connects (Administration, Mailboxes): where they are, how the
service signs in, and the channel and team their messages feed. Secrets are write-only."""

from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from mailboxes.fetch import connection_check
from mailboxes.models import Mailbox, SignIn
from mailboxes.signin import mailbox_secrets_set

STORED = "A secret is stored. Enter a new one to replace it."


class MailboxForm(forms.ModelForm):
    secret = forms.CharField(
        label="Password or refresh token",
        required=False,
        max_length=4000,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="The mailbox's password, or for Google the refresh token. Never shown again.",
    )
    client_secret = forms.CharField(
        label="Client secret",
        required=False,
        max_length=4000,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Microsoft 365 or Google: the app's client secret. Never shown again.",
    )

    token_url = forms.URLField(
        label="Token address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Left blank, the provider's own token endpoint.",
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "host",
            "port",
            "use_tls",
            "folder",
            "sign_in",
            "username",
            "secret",
            "tenant",
            "client_id",
            "client_secret",
            "token_url",
            "channel",
            "service",
            "officer",
            "poll_every_minutes",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.secret_encrypted:
            self.fields["secret"].help_text = STORED
        if self.instance.client_secret_encrypted:
            self.fields["client_secret"].help_text = STORED
        labels = {
            "use_tls": "Use TLS",
            "poll_every_minutes": "Poll every (minutes)",
            "client_id": "Client ID",
            "tenant": "Tenant (Microsoft 365)",
            "sign_in": "Sign in with",
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["poll_every_minutes"].min_value = 1
        self.fields["poll_every_minutes"].widget.attrs["min"] = 1

    def clean_poll_every_minutes(self):
        minutes = self.cleaned_data["poll_every_minutes"]
        if not 1 <= minutes <= 1440:
            raise forms.ValidationError("Enter a number of minutes between 1 and 1440")
        return minutes

    def clean(self):
        data = super().clean()
        kind = data.get("sign_in")
        has_secret = bool(data.get("secret") or self.instance.secret_encrypted)
        has_client_secret = bool(data.get("client_secret") or self.instance.client_secret_encrypted)
        if kind == SignIn.PASSWORD and not has_secret:
            self.add_error("secret", "Enter the mailbox's password")
        if kind in (SignIn.MICROSOFT, SignIn.GOOGLE):
            if not data.get("client_id"):
                self.add_error("client_id", "Enter the app's client ID")
            if not has_client_secret:
                self.add_error("client_secret", "Enter the app's client secret")
        if kind == SignIn.MICROSOFT and not data.get("tenant") and not data.get("token_url"):
            self.add_error("tenant", "Enter the Microsoft 365 tenant (its ID or domain)")
        if kind == SignIn.GOOGLE and not has_secret:
            self.add_error("secret", "Enter the refresh token")
        return data

    def save(self, commit=True):
        mailbox = super().save(commit=False)
        secret, client_secret = self.cleaned_data["secret"], self.cleaned_data["client_secret"]
        changed = {"host", "port", "username", "sign_in", "tenant", "client_id", "token_url"}
        if secret or client_secret or changed & set(self.changed_data):
            mailbox_secrets_set(mailbox, secret=secret, client_secret=client_secret)
        if commit:
            mailbox.save()
        return mailbox


@admin.register(Mailbox)
class MailboxAdmin(SimpleHistoryAdmin):
    form = MailboxForm
    list_display = ("name", "address", "channel", "service", "is_active", "last_success_at")
    list_filter = ("is_active", "channel")
    search_fields = ("name", "address")
    readonly_fields = ("last_success_at", "last_error", "last_error_at", "last_uid")
    actions = ["check_connection"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["name", "address", "channel", "service", "officer", "is_active"]}),
            ("Server", {"fields": ["host", "port", "use_tls", "folder", "poll_every_minutes"]}),
            (
                "Sign-in",
                {
                    "fields": [
                        "sign_in",
                        "username",
                        "secret",
                        "tenant",
                        "client_id",
                        "client_secret",
                        "token_url",
                    ],
                    "description": (
                        "Microsoft 365 and Google accept only OAuth2: see the README for the "
                        "app registration. Secrets are stored encrypted and never shown again."
                    ),
                },
            ),
        ]
        if obj is not None:
            fieldsets.append(
                ("Last poll", {"fields": ["last_success_at", "last_error", "last_error_at"]})
            )
        return fieldsets

    def has_delete_permission(self, request, obj=None):
        # Its messages are kept with their contacts: a mailbox no longer read is made inactive.
        return False

    @admin.action(description="Check the connection now")
    def check_connection(self, request, queryset):
        for mailbox in queryset[:10]:
            worked, said = connection_check(mailbox)
            level = messages.SUCCESS if worked else messages.ERROR
            self.message_user(request, f"{mailbox.name}: {said}", level)
