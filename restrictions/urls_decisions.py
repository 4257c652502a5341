"""Incidents' evidence, decisions, approvals and the Chief Executive's sign-off."""

from django.urls import path

from restrictions.views import decisions

urlpatterns: list = [
    path("restriction-cases/<str:reference>/", decisions.case_detail, name="case"),
    path("restriction-cases/<str:reference>/review/", decisions.review_start, name="review_start"),
    path(
        "customers/<str:reference>/decisions/new/",
        decisions.decision_propose,
        name="decision_propose",
    ),
    path("my-proposals/", decisions.my_proposals, name="my_proposals"),
    path("decisions/<str:reference>/", decisions.decision_detail, name="decision"),
    path("decisions/<str:reference>/change/", decisions.decision_edit, name="decision_edit"),
    path("decisions/<str:reference>/answer/", decisions.decision_answer, name="decision_answer"),
    path("decisions/<str:reference>/submit/", decisions.decision_submit, name="decision_submit"),
    path("approvals/", decisions.approvals, name="approvals"),
    path("sign-off/", decisions.signoff_list, name="signoff_list"),
]
