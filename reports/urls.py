from django.urls import path

from reports import dashboard_views, views

app_name = "reports"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("nguoi/", views.statistics_people, name="statistics_people"),
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
]
