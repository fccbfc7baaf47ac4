"""Database models of the game."""

from functools import cached_property, lru_cache

import orjson
from django.conf import settings
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

from game.engine.scenario import Scenario as ScenarioDefinition
from game.engine.scenario import load_scenario

# Games of one school event mostly play the same few scenarios; a parsed definition is about
# 70 KiB of objects for twenty countries, and each process keeps every live game's fold.
# Equal definitions share one parsed, frozen value instead of one each.
_SHARED_DEFINITIONS = 64


def shared_definition(data: object) -> ScenarioDefinition:
    """``load_scenario(data)``, the same object for the same data (keys in the same order:
    the order is kept, as a definition's mappings are read in order)."""
    return _parsed(orjson.dumps(data))


@lru_cache(maxsize=_SHARED_DEFINITIONS)
def _parsed(canonical: bytes) -> ScenarioDefinition:
    return load_scenario(orjson.loads(canonical))


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


# What a live game's row is read without (see ``GameQuerySet.live``).
LIVE_DEFERRED = ("scenario_data",)


class GameQuerySet(models.QuerySet):
    def live(self) -> "GameQuerySet":
        """Without the scenario column: moves and the fan-out read the game row all the time,
        and the scenario (9 KB of JSON for twenty countries) is needed only when a process
        folds a game it does not hold yet (``game.definition`` reads it then)."""
        return self.defer(*LIVE_DEFERRED)


class Game(models.Model):
    """One class playing one scenario. The event log is the truth; the columns here are an
    index of it (status, phase, deadline) so the clock and the lists can query cheaply."""

    code = models.CharField(_("join code"), max_length=6, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.CASCADE,
        related_name="games",
    )
    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.SET_NULL, null=True, blank=True
    )
    # A frozen copy: editing the scenario later never changes a game or its history.
    scenario_data = models.JSONField(_("scenario as played"))
    seed = models.BigIntegerField(_("seed"))
    in_character = models.BooleanField(_("play in character"), default=False)
    status = models.CharField(_("status"), max_length=10, default="lobby")
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    phase = models.CharField(_("phase"), max_length=12, default="lobby")
    deadline = models.DateTimeField(_("phase deadline"), null=True, blank=True)
    last_seq = models.PositiveIntegerField(_("last event"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = GameQuerySet.as_manager()

    class Meta:
        verbose_name = _("game")
        verbose_name_plural = _("games")
        ordering = ("-created",)
        indexes = (models.Index(fields=("status", "deadline"), name="game_due"),)

    def __str__(self) -> str:
        return self.code

    @cached_property
    def definition(self) -> ScenarioDefinition:
        return shared_definition(self.scenario_data)


class Player(models.Model):
    """A student's seat in one game, reached again through a signed cookie (no account).

    Role, country and headship live in the event log; only presence is kept here, because
    connecting is not a move in the game.
    """

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="players")
    name = models.CharField(_("display name"), max_length=40)
    connections = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("player")
        verbose_name_plural = _("players")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove a recorded game event."""


class GameEventQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("game events are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("game events are never deleted")


def _json(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


class EventData(models.JSONField):
    """The log's JSON column, encoded and decoded with orjson.

    Django's JSONField goes through the standard library's ``json``, 0.3 ms for a round's
    results (20 KB of JSON, mostly floats) each way, where orjson takes 0.02; what the log
    holds was made by orjson in the first place (``services.log.record``), so both read the
    same document. (The log's rows are inserted by ``services.log`` as ``VALUES`` rows, not
    through the ORM's bulk insert, which on PostgreSQL sends ``UNNEST`` arrays that psycopg
    escapes one quote at a time in Python.)
    """

    def get_db_prep_value(
        self, value: object, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> object:
        if not prepared:
            value = self.get_prep_value(value)
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb(value, dumps=_json)
        return _json(value).decode()

    def from_db_value(
        self, value: object, expression: object, connection: BaseDatabaseWrapper
    ) -> object:
        if isinstance(value, str | bytes):
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return super().from_db_value(value, expression, connection)


class GameEvent(models.Model):
    """One entry of a game's append-only log. (game, seq) is unique, so two writers can
    never both record the same step."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=40)
    data = EventData()
    actor = models.CharField(max_length=40)
    at = models.DateTimeField()

    objects = GameEventQuerySet.as_manager()

    class Meta:
        ordering = ("game", "seq")
        constraints = (models.UniqueConstraint(fields=("game", "seq"), name="event_seq_unique"),)

    def __str__(self) -> str:
        return f"{self.game_id}#{self.seq} {self.type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("game events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("game events are never deleted")
