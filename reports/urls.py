from django.urls import path

from reports import dashboard_views, snapshot_views, views

app_name = "reports"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("nguoi/", views.statistics_people, name="statistics_people"),
    # Biểu 8B and 9A-BTCTW of a unit and date: bieu-8b.pdf, bieu-9a.xlsx, ...
    path(
        "bieu-<str:code>.<str:file_format>",
        views.official_table,
        name="official_table",
    ),
    # The leaders' dashboard (reports/dashboard_views.py).
    path(
        "bang-dieu-khien/",
        dashboard_views.dashboard_page,
        name="statistics_dashboard",
    ),
    path(
        "bang-dieu-khien/<int:unit_pk>/",
        dashboard_views.dashboard_page,
        name="statistics_dashboard_unit",
    ),
    # Periodic reports, their snapshots and the notices (reports/snapshot_views.py).
    path("bao-cao/", snapshot_views.definition_list, name="definition_list"),
    path("bao-cao/them/", snapshot_views.definition_create, name="definition_create"),
    path(
        "bao-cao/<int:pk>/", snapshot_views.definition_detail, name="definition_detail"
    ),
    path(
        "bao-cao/<int:pk>/sua/", snapshot_views.definition_edit, name="definition_edit"
    ),
    path(
        "bao-cao/<int:pk>/lap-so-lieu/",
        snapshot_views.snapshot_request,
        name="snapshot_request",
    ),
    path(
        "ky-so-lieu/<int:pk>/", snapshot_views.snapshot_detail, name="snapshot_detail"
    ),
    path(
        "ky-so-lieu/<int:pk>/chot/",
        snapshot_views.snapshot_freeze,
        name="snapshot_freeze",
    ),
    path(
        "ky-so-lieu/<int:pk>/tinh-lai/",
        snapshot_views.snapshot_refresh,
        name="snapshot_refresh",
    ),
    path(
        "ky-so-lieu/<int:pk>/tep/<int:file_pk>/",
        snapshot_views.snapshot_file,
        name="snapshot_file",
    ),
    path(
        "ky-so-lieu/<int:pk>/bao-cao.pdf",
        snapshot_views.snapshot_report_pdf,
        name="snapshot_report_pdf",
    ),
    path("thong-bao/", snapshot_views.notification_list, name="notification_list"),
    path(
        "thong-bao/chuong/",
        snapshot_views.notification_bell,
        name="notification_bell",
    ),
    path(
        "thong-bao/doc-het/",
        snapshot_views.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "thong-bao/<int:pk>/",
        snapshot_views.notification_open,
        name="notification_open",
    ),
]
