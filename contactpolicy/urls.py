from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from contactpolicy import (
    identity_provider_views,
    letterhead_views,
    notification_views,
    password_views,
    privacy_views,
    profile_views,
    second_factor_views,
    views,
)

admin.site.site_header = "Contact policy case management: administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("sign-in/", identity_provider_views.SignInView.as_view(), name="login"),
    # Signing in with the organisation's identity provider (not found unless configured);
    # the provider is told the callback's address, https://<host>/oidc/callback/.
    path(
        "oidc/authenticate/",
        login_not_required(identity_provider_views.SignInStartView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(identity_provider_views.SignInCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/forgotten/",
        password_views.ForgottenPasswordView.as_view(),
        name="password_reset",
    ),
    path(
        "password/forgotten/sent/",
        password_views.ForgottenPasswordSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        password_views.SetPasswordView.as_view(),
        name="password_set",
    ),
    path("sign-in/code/", second_factor_views.verify, name="second_factor_verify"),
    path("sign-in/set-up-app/", second_factor_views.enrol, name="second_factor_enrol"),
    path(
        "sign-in/recovery-codes/",
        second_factor_views.recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path("sign-in-security/", second_factor_views.security, name="second_factor_settings"),
    path(
        "sign-in-security/new-recovery-codes/",
        second_factor_views.new_recovery_codes,
        name="second_factor_new_recovery_codes",
    ),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path("health/", views.health, name="health"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path("letterhead/", letterhead_views.letterhead, name="letterhead"),
    path("letterhead/logo/", letterhead_views.letterhead_logo, name="letterhead_logo"),
    path("first-run/", profile_views.first_run, name="first_run"),
    path("organisation/profiles/", profile_views.profile_list, name="profile_list"),
    path(
        "organisation/profiles/copy/",
        profile_views.profile_copy_shipped,
        name="profile_copy_shipped",
    ),
    path(
        "organisation/profiles/<slug:slug>/",
        profile_views.profile_contents,
        name="profile_contents",
    ),
    path(
        "organisation/profiles/<slug:slug>/<slug:section>/",
        profile_views.profile_section,
        name="profile_section",
    ),
    path("organisation/closure-days/", profile_views.closure_days, name="profile_closure_days"),
    path(
        "organisation/closure-days/<int:pk>/delete/",
        profile_views.closure_day_delete,
        name="profile_closure_day_delete",
    ),
    path("what-we-hold/", privacy_views.what_we_hold, name="what_we_hold"),
    path("what-we-hold.csv", privacy_views.what_we_hold_csv, name="what_we_hold_csv"),
    path(
        "what-we-hold/<slug:kind>/lawful-basis/",
        privacy_views.lawful_basis_edit,
        name="lawful_basis_edit",
    ),
    path("", include("cases.urls")),
    path("", include("restrictions.urls")),
    path("", include("notices.urls")),
    path("", include("appeals.urls")),
    # The screens that combine apps; after `cases`, whose "customers/new/" comes first.
    path("", include("screens.urls")),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    # Before the admin site's own URLs, so that its sign-in form is never shown.
    path("admin/login/", views.admin_sign_in, name="admin_sign_in"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (a PDF, a bare error).
    path("favicon.ico", views.favicon),
]

# Error pages in the GOV.UK style; a database that cannot be reached answers 503.
handler500 = "contactpolicy.errors.server_error"
