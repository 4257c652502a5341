from django.urls import path

from cases import matter_views, views

app_name = "cases"

urlpatterns = [
    path("customers/new/", views.customer_create, name="customer_create"),
    path("customers/<str:reference>/change/", views.customer_edit, name="customer_edit"),
    path("customers/<str:reference>/history/", views.customer_history, name="customer_history"),
    path(
        "customers/<str:reference>/sensitive-notes/",
        views.customer_sensitive_notes,
        name="sensitive_notes",
    ),
    path("customers/<str:reference>/cases/new/", matter_views.case_open, name="case_open"),
    path(
        "customers/<str:reference>/identifiers/",
        matter_views.customer_identifiers,
        name="identifiers",
    ),
    path(
        "customers/<str:reference>/identifiers/<int:pk>/",
        matter_views.identifier_correct,
        name="identifier_correct",
    ),
    path(
        "customers/<str:reference>/identifiers/<int:pk>/retire/",
        matter_views.identifier_retire,
        name="identifier_retire",
    ),
    path("customers/<str:reference>/links/", matter_views.customer_link_add, name="link_add"),
    path(
        "customers/<str:reference>/links/<int:pk>/remove/",
        matter_views.customer_link_remove,
        name="link_remove",
    ),
    path("cases/<str:reference>/", matter_views.case_detail, name="case"),
    path("cases/<str:reference>/edit/", matter_views.case_edit, name="case_edit"),
    path("cases/<str:reference>/outcome/", matter_views.case_close, name="case_close"),
    path("contacts/<str:reference>/case/", matter_views.contact_case, name="contact_case"),
    path("contacts/<str:reference>/reassign/", matter_views.contact_reassign, name="reassign"),
    path(
        "contacts/<str:reference>/sensitive/",
        matter_views.contact_sensitive,
        name="contact_sensitive",
    ),
    path("contacts/<str:reference>/acknowledge/", views.contact_acknowledge, name="acknowledge"),
    path("contacts/<str:reference>/answer/", views.contact_respond, name="respond"),
    path("contacts/<str:reference>/undo-mark/", views.contact_mark_undo, name="mark_undo"),
    path("contacts/<str:reference>/resume/", views.contact_resume, name="resume"),
]
