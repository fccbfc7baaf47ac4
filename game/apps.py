"""Django app configuration for the game."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GameConfig(AppConfig):
    """The one Django app of Mufakat."""

    name = "game"
    verbose_name = _("Mufakat game")
    default_auto_field = "django.db.models.BigAutoField"
