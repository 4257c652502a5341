from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("customers/new/", views.customer_create, name="customer_create"),
    path(
        "customers/<str:reference>/sensitive-notes/",
        views.customer_sensitive_notes,
        name="sensitive_notes",
    ),
    path("contacts/<str:reference>/acknowledge/", views.contact_acknowledge, name="acknowledge"),
    path("contacts/<str:reference>/answer/", views.contact_respond, name="respond"),
    path("contacts/<str:reference>/resume/", views.contact_resume, name="resume"),
]
