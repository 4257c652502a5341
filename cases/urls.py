from django.urls import path

from cases import views
from cases.incident_views import incident_detail, incident_record

app_name = "cases"

urlpatterns = [
    path("customers/", views.customer_lookup, name="lookup"),
    path("customers/new/", views.customer_create, name="customer_create"),
    path("customers/<str:reference>/", views.customer_detail, name="customer"),
    path(
        "customers/<str:reference>/sensitive-notes/",
        views.customer_sensitive_notes,
        name="sensitive_notes",
    ),
    path(
        "customers/<str:reference>/incidents/new/",
        incident_record,
        name="incident_record",
    ),
    path("incidents/<str:reference>/", incident_detail, name="incident"),
    path("contacts/new/", views.contact_log, name="contact_log"),
    path("contacts/<str:reference>/", views.contact_detail, name="contact"),
    path("contacts/<str:reference>/acknowledge/", views.contact_acknowledge, name="acknowledge"),
    path("contacts/<str:reference>/answer/", views.contact_respond, name="respond"),
    path("contacts/<str:reference>/pause/", views.contact_pause, name="pause"),
    path("contacts/<str:reference>/resume/", views.contact_resume, name="resume"),
]
