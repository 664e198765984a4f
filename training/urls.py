from django.urls import path

from training import report_views, views

app_name = "training"

urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("lop/xuat.<str:file_format>", views.cohort_export, name="cohort_export"),
    path(
        "lop/<int:pk>/hoc-vien.<str:file_format>",
        views.cohort_roster_export,
        name="cohort_roster_export",
    ),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/them/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("lop/mo-lop/", views.cohort_create, name="cohort_create"),
    path("lop/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("lop/<int:pk>/sua/", views.cohort_edit, name="cohort_edit"),
    path("lop/<int:pk>/cu-di-hoc/", views.cohort_nominate, name="cohort_nominate"),
    path("lop/<int:pk>/ket-qua/", views.cohort_results, name="cohort_results"),
    path("can-bo/<int:pk>/", views.person_training, name="person_training"),
    path("bao-cao/bieu-10/", report_views.report_bieu10, name="report_bieu10"),
]
