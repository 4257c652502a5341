"""The sanctions register and referrals."""

from django.urls import path

from restrictions.views import referrals, register

urlpatterns = [
    path("register/", register.register, name="register"),
    path("register.csv", register.register_csv, name="register_csv"),
    path("customers/<str:reference>/referrals/", referrals.referral_list, name="referrals"),
    path(
        "customers/<str:reference>/referrals/new/",
        referrals.referral_create,
        name="referral_create",
    ),
    path(
        "incidents/<str:reference>/police-report-not-made/",
        referrals.police_report_not_made,
        name="police_report_not_made",
    ),
    path(
        "referrals/<int:pk>/customer-informed/",
        referrals.referral_mark_informed,
        name="referral_informed",
    ),
]
