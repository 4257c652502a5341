"""Incidents' evidence, decisions, approvals and the Chief Executive's sign-off."""

from django.urls import path

from restrictions.views import decisions, injunctions, reviews

urlpatterns: list = [
    path("restriction-cases/<str:reference>/", decisions.case_detail, name="case"),
    path("restriction-cases/<str:reference>/review/", decisions.review_start, name="review_start"),
    path(
        "exclusions/<int:pk>/injunction/",
        injunctions.injunction_decision,
        name="injunction_decision",
    ),
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
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/start/", reviews.review_begin_view, name="review_begin"),
    path(
        "reviews/<int:pk>/bring-forward/",
        reviews.review_bring_forward_view,
        name="review_bring_forward",
    ),
    path(
        "reviews/<int:pk>/representations/new/",
        reviews.review_representation,
        name="review_representation",
    ),
    path("sign-off/", decisions.signoff_list, name="signoff_list"),
]
