from django.urls import path

from screens import email_views, incident_views, views
from screens.audit import views as audit
from screens.logs import views as logs
from screens.reports import views as report_views
from screens.retention import views as retention_views
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
        "customers/<str:reference>/legal-hold/",
        retention_views.legal_hold,
        name="legal_hold",
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
    path("contacts/<str:reference>/reply/", email_views.contact_reply, name="contact_reply"),
    path(
        "contacts/<str:reference>/emails/<int:pk>/retry/",
        email_views.outbound_retry,
        name="outbound_retry",
    ),
    path("email-templates/", email_views.email_templates, name="email_templates"),
    path(
        "email-templates/<str:kind>/<str:language>/",
        email_views.email_template_edit,
        name="email_template_edit",
    ),
    path("reports/", report_views.report, name="report"),
    path("reports/report.csv", report_views.report_csv, name="report_csv"),
    path("reports/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("reports/records/<str:key>/", report_views.report_records, name="report_records"),
    path("logs/mail/", logs.mail_log, name="mail_log"),
    path("logs/mail.csv", logs.mail_log_csv, name="mail_log_csv"),
    path("logs/terminated-calls/", logs.terminated_calls_log, name="terminated_calls_log"),
    path(
        "logs/terminated-calls.csv",
        logs.terminated_calls_log_csv,
        name="terminated_calls_log_csv",
    ),
    path("logs/hate-incidents/", logs.hate_incidents_log, name="hate_incidents_log"),
    path("logs/hate-incidents.csv", logs.hate_incidents_log_csv, name="hate_incidents_log_csv"),
    path("exports/", logs.exports, name="exports"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/audit-log.csv", audit.audit_log_csv, name="audit_log_csv"),
]
