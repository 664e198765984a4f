from django.urls import path

from planning import (
    move_views,
    print_views,
    reminder_views,
    report_views,
    review_views,
    views,
)

app_name = "planning"

urlpatterns = [
    path("", views.term_list, name="term_list"),
    path("nhiem-ky/<int:pk>/", views.term_board, name="term_board"),
    path("nhiem-ky/mo/", views.term_create, name="term_create"),
    path("nhiem-ky/<int:pk>/them-chuc-danh/", views.post_create, name="post_create"),
    path("nhiem-ky/<int:pk>/phe-duyet/", views.term_approve, name="term_approve"),
    path("nhiem-ky/<int:pk>/thieu-chuan/", views.gap_list, name="gap_list"),
    path(
        "nhiem-ky/<int:pk>/thieu-chuan/cu-di-hoc/",
        views.gap_nominate,
        name="gap_nominate",
    ),
    path(
        "chuc-danh/<int:pk>/them-nguoi/",
        views.post_add_people,
        name="post_add_people",
    ),
    path("nguoi-quy-hoach/<int:pk>/dua-ra/", views.entry_remove, name="entry_remove"),
    path("can-bo/<int:pk>/", views.person_planning, name="person_planning"),
    path("nhac-viec/", reminder_views.reminder_list, name="reminder_list"),
    path(
        "nhac-viec/<int:pk>/da-xu-ly/",
        reminder_views.reminder_dismiss,
        name="reminder_dismiss",
    ),
]

# Review rounds (rà soát, bổ sung), rotations (luân chuyển) and appointments (bổ nhiệm).
urlpatterns += [
    path(
        "nhiem-ky/<int:pk>/ra-soat/",
        review_views.review_round_list,
        name="review_round_list",
    ),
    path(
        "ra-soat/<int:pk>/",
        review_views.review_round_detail,
        name="review_round_detail",
    ),
    path(
        "ra-soat/<int:pk>/bo-sung/",
        review_views.review_round_add,
        name="review_round_add",
    ),
    path(
        "ra-soat/<int:pk>/dua-ra/",
        review_views.review_round_remove,
        name="review_round_remove",
    ),
    path(
        "ra-soat/<int:pk>/phe-duyet/",
        review_views.review_round_approve,
        name="review_round_approve",
    ),
    path("luan-chuyen/", move_views.rotation_list, name="rotation_list"),
    path(
        "luan-chuyen/ghi/<int:person_pk>/",
        move_views.rotation_create,
        name="rotation_create",
    ),
    path(
        "luan-chuyen/<int:pk>/ket-thuc/", move_views.rotation_end, name="rotation_end"
    ),
    path("bo-nhiem/", move_views.appointment_list, name="appointment_list"),
    path(
        "bo-nhiem/ghi/<int:person_pk>/",
        move_views.appointment_create,
        name="appointment_create",
    ),
]

# Biểu 11, 12B and 13-BTCTW: the figures of rotation, planning and appointments.
urlpatterns += [
    path("bao-cao/", report_views.report, name="report"),
]

# The printed planning list of a term, and the same list as XLSX.
urlpatterns += [
    path("nhiem-ky/<int:pk>/in.pdf", print_views.term_list_pdf, name="term_list_pdf"),
    path(
        "nhiem-ky/<int:pk>/danh-sach.xlsx",
        print_views.term_list_xlsx,
        name="term_list_xlsx",
    ),
]
