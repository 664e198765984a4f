from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("nguoi/", views.statistics_people, name="statistics_people"),
]
