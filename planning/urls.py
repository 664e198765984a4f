from django.urls import path

from planning import reminder_views, views

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
