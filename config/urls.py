"""Root URLs: the game, Django's language switch and the admin."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

from game import accounts, javascript_catalog
from game.accounts import ThrottledAuthenticationForm

urlpatterns = [
    path("jsi18n/", javascript_catalog.view(), name="javascript-catalog"),
    # What the pages load: the catalog or a part of it, named by its content, kept for a year.
    path(
        "jsi18n/<str:language>/<slug:part>.<slug:version>.js",
        javascript_catalog.part_view,
        name="javascript-catalog-part",
    ),
    path("", include("game.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before Django's auth URLs: the same "login" name, with the throttled form.
    path(
        "accounts/login/",
        LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

# With DEBUG on, Daphne itself serves /static/ (the browser tests' server and a laptop run
# without runserver); in production nginx serves the collected files and this adds nothing.
urlpatterns += staticfiles_urlpatterns()
