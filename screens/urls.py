from django.urls import path

from screens import incident_views, views
from screens.subject_access import views as subject_access

app_name = "screens"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("customers/", views.customer_lookup, name="lookup"),
    # After `cases.urls`, whose "customers/new/" would otherwise read as a reference.
    path("customers/<str:reference>/", views.customer_detail, name="customer"),
    path(
        "customers/<str:reference>/incidents/new/",
        incident_views.incident_record,
        name="incident_record",
    ),
    path(
        "customers/<str:reference>/subject-access/",
        subject_access.customer_exports,
        name="subject_access_start",
    ),
    path("subject-access/<int:pk>/", subject_access.export_detail, name="subject_access"),
    path(
        "subject-access/<int:pk>/release/",
        subject_access.export_release,
        name="subject_access_release",
    ),
    path(
        "subject-access/<int:pk>/download/",
        subject_access.export_download,
        name="subject_access_download",
    ),
    path(
        "subject-access/<int:pk>/release/download/",
        subject_access.export_release_download,
        name="subject_access_release_download",
    ),
    path("incidents/<str:reference>/", views.incident_detail, name="incident"),
    path(
        "incidents/<str:reference>/extreme/",
        incident_views.incident_extreme,
        name="incident_extreme",
    ),
    path("contacts/new/", views.contact_log, name="contact_log"),
    path("contacts/<str:reference>/", views.contact_detail, name="contact"),
    path("contacts/<str:reference>/pause/", views.contact_pause, name="pause"),
]
