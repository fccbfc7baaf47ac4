"""URLs of the game's pages."""

from django.urls import path

from game import views

app_name = "game"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
