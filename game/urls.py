"""URLs of the game's pages and HTTP endpoints."""

from django.urls import path

from game import api, history_views, library_views, pages, views

app_name = "game"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("join/", pages.join, name="join"),
    path("join/<str:code>/", pages.join, name="join_code"),
    path("play/<str:code>/", pages.player, name="player"),
    path("facilitate/", pages.facilitator_home, name="facilitator_home"),
    # The scenario library, before the console: "facilitate/<code>/" would take "scenarios".
    path("facilitate/scenarios/", library_views.scenario_library, name="scenario_library"),
    path("facilitate/scenarios/import/", library_views.scenario_import, name="scenario_import"),
    path(
        "facilitate/scenarios/<slug:slug>/",
        library_views.scenario_detail,
        name="scenario_detail",
    ),
    path(
        "facilitate/scenarios/<slug:slug>/preview/",
        library_views.scenario_preview,
        name="scenario_preview",
    ),
    path(
        "facilitate/scenarios/<slug:slug>/edit/", library_views.scenario_edit, name="scenario_edit"
    ),
    path(
        "facilitate/scenarios/<slug:slug>/validate/",
        library_views.scenario_validate,
        name="scenario_validate",
    ),
    path(
        "facilitate/scenarios/<slug:slug>/save/", library_views.scenario_save, name="scenario_save"
    ),
    path(
        "facilitate/scenarios/<slug:slug>/clone/",
        library_views.scenario_clone,
        name="scenario_clone",
    ),
    path(
        "facilitate/scenarios/<slug:slug>/delete/",
        library_views.scenario_delete,
        name="scenario_delete",
    ),
    path(
        "facilitate/scenarios/<slug:slug>/export.<str:file_format>",
        library_views.scenario_export,
        name="scenario_export",
    ),
    # After-game pages, before the console for the same reason as the library.
    path("facilitate/history/", history_views.history, name="history"),
    path("facilitate/guide/", history_views.guide, name="guide"),
    path("facilitate/<str:code>/report/", history_views.report, name="report"),
    path("facilitate/<str:code>/replay/", history_views.replay, name="replay"),
    path("facilitate/<str:code>/exports/", history_views.exports_index, name="exports"),
    path(
        "facilitate/<str:code>/exports/<slug:key>.<str:extension>",
        history_views.export,
        name="export",
    ),
    path("facilitate/<str:code>/", pages.console, name="console"),
    path("projector/<str:code>/", pages.projector, name="projector"),
    path("games/<str:code>/qr.svg", api.qr_code, name="qr"),
    path("games/<str:code>/debrief.json", api.debrief, name="debrief"),
    path("api/games/", api.create_game, name="api_create_game"),
    path("api/games/<str:code>/join", api.join, name="api_join"),
]
