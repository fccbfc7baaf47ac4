"""Database models of the game."""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from game.engine.scenario import Scenario as ScenarioDefinition
from game.engine.scenario import load_scenario


class Scenario(models.Model):
    """A playable world: countries, rounds and rules, as a validated engine definition.

    ``data`` keeps the whole definition exactly as it passed ``load_scenario``, so the
    engine can rebuild it later; the titles are copied out only so lists can be sorted
    and searched in the database. Built-ins come from ``game/scenarios/*.yaml`` and have
    no owner; a facilitator's own scenarios always have one.
    """

    slug = models.SlugField(_("slug"), unique=True)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    data = models.JSONField(_("definition"))
    builtin = models.BooleanField(_("built-in"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scenarios",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ("-builtin", "title_id", "slug")
        constraints = (
            models.CheckConstraint(
                condition=(
                    models.Q(builtin=True, owner__isnull=True)
                    | models.Q(builtin=False, owner__isnull=False)
                ),
                name="scenario_builtin_iff_no_owner",
            ),
        )

    def __str__(self) -> str:
        return self.slug

    @cached_property
    def definition(self) -> ScenarioDefinition:
        """The engine's view of ``data``; raises ``ScenarioError`` if it no longer validates."""
        return load_scenario(self.data)
