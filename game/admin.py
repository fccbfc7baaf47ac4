"""Admin pages: a facilitator can inspect scenarios; built-ins come from files."""

from django.contrib import admin

from game.models import Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    """Scenario list with the fields a facilitator scans for."""

    list_display = ("slug", "title_id", "title_en", "builtin", "owner", "updated")
    list_filter = ("builtin",)
    search_fields = ("slug", "title_id", "title_en")
    readonly_fields = ("created", "updated")
