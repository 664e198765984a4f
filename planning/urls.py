from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.term_list, name="term_list"),
    path("nhiem-ky/<int:pk>/", views.term_board, name="term_board"),
]
