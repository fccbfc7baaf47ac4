"""Root URLs: the game, Django's language switch and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("game.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
