from django.urls import path

from appeals import views

app_name = "appeals"

urlpatterns = [
    path("appeals/", views.appeal_list, name="list"),
    path("restriction-cases/<str:reference>/appeals/new/", views.appeal_record, name="record"),
    path("appeals/<str:reference>/", views.appeal_detail, name="appeal"),
    path("appeals/<str:reference>/late/", views.appeal_late, name="late"),
    path("appeals/<str:reference>/acknowledge/", views.appeal_acknowledge, name="acknowledge"),
    path("appeals/<str:reference>/assign/", views.appeal_assign, name="assign"),
    path("appeals/<str:reference>/findings/", views.appeal_findings, name="findings"),
    path("appeals/<str:reference>/decide/", views.appeal_decide, name="decide"),
    path(
        "appeals/<str:reference>/outcome-notice/",
        views.appeal_outcome_notice,
        name="outcome_notice",
    ),
    path("appeals/<str:reference>/withdraw/", views.appeal_withdraw, name="withdraw"),
    path("appeals/<str:reference>/documents/<int:pk>/", views.appeal_document, name="document"),
]
