"""URLs of the game's pages and HTTP endpoints."""

from django.urls import path

from game import api, pages, views

app_name = "game"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("join/", pages.join, name="join"),
    path("join/<str:code>/", pages.join, name="join_code"),
    path("play/<str:code>/", pages.player, name="player"),
    path("facilitate/<str:code>/", pages.console, name="console"),
    path("projector/<str:code>/", pages.projector, name="projector"),
    path("games/<str:code>/qr.svg", api.qr_code, name="qr"),
    path("games/<str:code>/debrief.json", api.debrief, name="debrief"),
    path("api/games/", api.create_game, name="api_create_game"),
    path("api/games/<str:code>/join", api.join, name="api_join"),
]
