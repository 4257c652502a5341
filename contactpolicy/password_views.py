"""Setting one's own password through a link sent by email, and asking for one.

Open to anyone: the link is the proof. The rules are in `contactpolicy.accounts`.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from contactpolicy.accounts import (
    password_link_tokens,
    password_reset_request,
)
from contactpolicy.forms import ForgottenPasswordForm, SetOwnPasswordForm


class ForgottenPasswordView(auth_views.PasswordResetView):
    """ "Forgotten your password?": the answer is the same whether the address is known."""

    form_class = ForgottenPasswordForm
    template_name = "registration/password_forgotten.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        password_reset_request(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class ForgottenPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_forgotten_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link in the email: choose a password, then sign in with it.

    Django's view moves the token from the address into the session before showing the
    form, so it never leaks to another site in a Referer header.
    """

    form_class = SetOwnPasswordForm
    template_name = "registration/password_set.html"
    token_generator = password_link_tokens
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been set. Sign in with it now.")
        return response
