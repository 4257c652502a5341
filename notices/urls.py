from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("notices/print-queue/", views.print_queue, name="print_queue"),
    path("notices/todays-post/", views.todays_post, name="todays_post"),
    path("notices/post/<int:pk>/", views.post_batch, name="post_batch"),
    path("notices/post/<int:pk>/pdf/", views.post_batch_pdf, name="post_batch_pdf"),
    path("notices/post/<int:pk>/resume/", views.post_batch_resume, name="post_batch_resume"),
    path("notices/templates/", views.template_list, name="templates"),
    path("notices/templates/gallery/", views.letters_gallery, name="gallery"),
    path(
        "notices/templates/gallery/<str:kind>/<str:language>/<str:print_format>/",
        views.letters_gallery_pdf,
        name="gallery_pdf",
    ),
    path(
        "notices/templates/<str:kind>/<str:language>/",
        views.template_edit,
        name="template_edit",
    ),
    path("notices/<str:reference>/", views.notice_detail, name="notice"),
    path("notices/<str:reference>/pdf/", views.notice_pdf, name="pdf"),
    path("notices/<str:reference>/download/", views.notice_download, name="download"),
    path("notices/<str:reference>/issue/", views.notice_issue, name="issue"),
    path("notices/<str:reference>/sent/", views.notice_sent, name="sent"),
    path("notices/<str:reference>/email/", views.notice_email, name="email"),
    path("notices/<str:reference>/withdraw/", views.notice_withdraw, name="withdraw"),
    path("notices/<str:reference>/production/", views.notice_production, name="production"),
    path(
        "notices/<str:reference>/production/<int:pk>/",
        views.production_complete,
        name="production_complete",
    ),
    path(
        "notices/<str:reference>/production/<int:pk>/file/",
        views.production_file,
        name="production_file",
    ),
    path("notices/<str:reference>/reprint/", views.notice_reprint, name="reprint"),
    path("notices/<str:reference>/copies/", views.notice_copy_make, name="copy_make"),
    path(
        "notices/<str:reference>/copies/<str:print_format>/",
        views.notice_copy,
        name="copy",
    ),
    path("decisions/<str:reference>/notice/", views.decision_notice, name="for_decision"),
    path(
        "contacts/<str:reference>/acknowledgement/",
        views.contact_acknowledgement,
        name="for_contact",
    ),
    path("restriction-cases/<str:reference>/notices/", views.case_notices, name="case_notices"),
    path("sign-off/<str:reference>/", views.signoff, name="signoff"),
]
