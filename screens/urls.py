from django.urls import path

from screens import incident_views, views
from screens.retention import views as retention_views

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
        "customers/<str:reference>/legal-hold/",
        retention_views.legal_hold,
        name="legal_hold",
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
