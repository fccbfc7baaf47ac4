"""The pages' JavaScript catalogs, under names that change only when their text does.

Django's ``JavaScriptCatalog`` at ``/jsi18n/`` builds every ``djangojs`` string of the
request's language on every request and says nothing about caching: 47 KB in Indonesian
(14 KB compressed), downloaded again on every page. Here each catalog is built once per
process and served at ``/jsi18n/<language>/<part>.<hash>.js``, named by the hash of its own
text, with a year-long ``Cache-Control``: a deployment that changes a translation changes
the name, so no phone keeps an old text.

The player's page, which a phone on a slow network must show within two seconds, loads two
parts instead of the whole: ``player`` holds the strings of the modules its first screen
runs (``PLAYER_FIRST`` and their static imports, 4 KB compressed) and ``player-later`` those
of the other modules it imports with ``import()``. Which strings a module uses is read from its
source: the literal arguments of ``gettext``, ``ngettext``, ``pgettext`` and
``npgettext``, as ``makemessages`` reads them. Django's catalog script adds each part to the
strings already loaded. The facilitator's pages load ``all``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog

logger = logging.getLogger(__name__)

PACKAGES = ["game"]
CACHE_FOREVER = "public, max-age=31536000, immutable"
# The modules of the player's first screen: main.js (with its static imports), and the
# lobby or the country tab, which it imports with import() (player.html preloads the one
# the snapshot shows).
PLAYER_FIRST = (
    "game/js/player/main.js",
    "game/js/player/lobby.js",
    "game/js/player/country.js",
)
PARTS = ("all", "player", "player-later")

_STATIC_IMPORT = re.compile(r"""\b(?:from|import)\s*(["'])(\.\.?/[^"']+)\1""")
_DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*(["'])(\.\.?/[^"']+)\1\s*\)""")
_STRING = r"""(["'])((?:\\.|(?!\{q}).)*)\{q}"""
_CALL = re.compile(
    r"\b(n?p?gettext)\(\s*" + _STRING.format(q=2) + r"(?:\s*,\s*" + _STRING.format(q=4) + r")?"
)
_ANY_CALL = re.compile(r"\bn?p?gettext\(")

_GAME = Path(__file__).resolve().parent
_built: dict[tuple[str, str], tuple[float, str, bytes]] = {}


class UnreadableMessage(ValueError):
    """A translation call whose text is not a literal string: no scan can know it."""


def view() -> object:
    """The plain, uncached ``/jsi18n/`` view of every string of the game."""
    return JavaScriptCatalog.as_view(packages=PACKAGES)


def _source(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} not found")
    return Path(found).read_text(encoding="utf-8")


def _resolve(module: str, relative: str) -> str:
    parts = module.split("/")[:-1]
    for piece in relative.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _js_string(quote: str, body: str) -> str:
    if quote == "'":
        body = body.replace("\\'", "'").replace('"', '\\"')
    return json.loads(f'"{body}"')


def messages_in(source: str) -> set[str]:
    """The catalog keys a module's source asks for."""
    keys = set()
    calls = 0
    for match in _CALL.finditer(source):
        calls += 1
        function, first = match.group(1), _js_string(match.group(2), match.group(3))
        if function.startswith(("pgettext", "npgettext")):
            if match.group(4) is None:
                raise UnreadableMessage(match.group(0))
            keys.add(first + "\x04" + _js_string(match.group(4), match.group(5)))
        else:
            keys.add(first)
    if calls != len(_ANY_CALL.findall(source)):
        raise UnreadableMessage("a translation call without a literal string")
    return keys


def module_graph(entries: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """The ``entries`` and the modules they import statically, and the other modules any
    of them imports with ``import()``, each with its own static imports."""
    first: set[str] = set()
    roots: list[str] = []

    def walk(module: str, into: set[str]) -> None:
        if module in into:
            return
        into.add(module)
        source = _source(module)
        for match in _STATIC_IMPORT.finditer(source):
            walk(_resolve(module, match.group(2)), into)
        roots.extend(_resolve(module, m.group(2)) for m in _DYNAMIC_IMPORT.finditer(source))

    for entry in entries:
        walk(entry, first)
    later: set[str] = set()
    while roots:
        walk(roots.pop(), later)
    return first, later - first


def part_messages(part: str) -> set[str] | None:
    """The keys a catalog part holds; None for all of them."""
    if part == "all":
        return None
    first, later = module_graph(PLAYER_FIRST)
    modules = first if part == "player" else later
    keys: set[str] = set()
    for module in modules:
        try:
            keys |= messages_in(_source(module))
        except UnreadableMessage as error:
            logger.error("%s: %s; its page gets every string", module, error)
            return None
    return keys


class _PartCatalog(JavaScriptCatalog):
    keys: set[str] | None = None

    def get_catalog(self) -> dict[str, object]:
        catalog = super().get_catalog()
        if self.keys is None:
            return catalog
        return {key: value for key, value in catalog.items() if key in self.keys}


def _changed_at() -> float:
    """When the catalogs' sources last changed: the compiled translations and the scripts.
    Only looked at with DEBUG, where a developer compiles or edits them as the server runs."""
    latest = 0.0
    for folder in (_GAME / "locale", _GAME / "static"):
        for path in folder.rglob("*"):
            if path.suffix in (".mo", ".js"):
                latest = max(latest, path.stat().st_mtime)
    return latest


def catalog(language: str, part: str = "all") -> tuple[str, bytes]:
    """A catalog part of ``language`` as (version, JavaScript). Built once per process, and
    with DEBUG again after an edited module or a freshly compiled .mo."""
    stamp = _changed_at() if settings.DEBUG else 0.0
    known = _built.get((language, part))
    if known is not None and known[0] == stamp:
        return known[1], known[2]
    with translation.override(language):
        response = _PartCatalog(packages=PACKAGES, keys=part_messages(part)).get(HttpRequest())
    body = response.content
    version = hashlib.sha256(body).hexdigest()[:12]
    _built[language, part] = (stamp, version, body)
    return version, body


def catalog_url(part: str = "all", language: str | None = None) -> str:
    """Where a page loads a catalog part of ``language`` (the active language by default)."""
    try:
        code = translation.get_supported_language_variant(
            language or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        code = settings.LANGUAGE_CODE
    version, _ = catalog(code, part)
    return reverse("javascript-catalog-part", args=[code, part, version])


@require_GET
def part_view(request: HttpRequest, language: str, part: str, version: str) -> HttpResponse:
    if language not in dict(settings.LANGUAGES) or part not in PARTS:
        raise Http404
    current, body = catalog(language, part)
    response = HttpResponse(body, content_type='text/javascript; charset="utf-8"')
    # A name from before a deployment gets today's text, not to be kept.
    response["Cache-Control"] = CACHE_FOREVER if version == current else "no-cache"
    return response
