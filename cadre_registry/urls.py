from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cadre_registry import views
from cadre_registry.api.views import api
from reports import resume_views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/them/", views.person_create, name="person_create"),
    path("can-bo/xuat.<str:file_format>", views.person_export, name="person_export"),
    path(
        "can-bo/xuat/<slug:kind>.<str:file_format>",
        views.person_history_export,
        name="person_history_export",
    ),
    path("xuat-du-lieu/<int:pk>/", views.export_job_detail, name="export_job_detail"),
    path(
        "xuat-du-lieu/<int:pk>/tai-ve/",
        views.export_job_download,
        name="export_job_download",
    ),
    path("can-bo/<int:pk>/", views.person_detail, name="person_detail"),
    path("can-bo/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path(
        "can-bo/<int:pk>/lich-su-thay-doi/", views.person_changes, name="person_changes"
    ),
    path(
        "can-bo/<int:pk>/so-yeu-ly-lich.pdf",
        resume_views.person_resume_pdf,
        name="person_resume_pdf",
    ),
    path("can-bo/<int:pk>/<slug:kind>/them/", views.history_add, name="history_add"),
    path(
        "can-bo/<int:pk>/<slug:kind>/<int:row_pk>/sua/",
        views.history_edit,
        name="history_edit",
    ),
    path(
        "can-bo/<int:pk>/<slug:kind>/<int:row_pk>/xoa/",
        views.history_delete,
        name="history_delete",
    ),
    path("dao-tao/", include("training.urls")),
    path("quy-hoach/", include("planning.urls")),
    path("thong-ke/", include("reports.urls")),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhap-du-lieu/", views.import_start, name="import_start"),
    path("nhap-du-lieu/lich-su/", views.import_job_list, name="import_job_list"),
    path(
        "nhap-du-lieu/mau/<slug:resource>.xlsx",
        views.import_template,
        name="import_template",
    ),
    path("nhap-du-lieu/<int:pk>/", views.import_job_detail, name="import_job_detail"),
    path(
        "nhap-du-lieu/<int:pk>/xac-nhan/",
        views.import_job_confirm,
        name="import_job_confirm",
    ),
    path(
        "nhap-du-lieu/<int:pk>/dong-loi.xlsx",
        views.import_error_workbook,
        name="import_error_workbook",
    ),
    path("api/v1/", api.urls),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = "cadre_registry.errors.not_found"
handler403 = "cadre_registry.errors.forbidden"
handler500 = "cadre_registry.errors.server_error"
