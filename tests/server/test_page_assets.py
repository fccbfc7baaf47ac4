"""What the pages send a phone: compressed, cacheable, and in production under hashed names
that still find one another.

Production collects the static files with content-hashed names (config/staticfiles.py) and
the pages' ES modules import each other by relative path, so every import, static or
``import()``, must have been rewritten to a hashed name that exists; a page linking a file
the manifest lacks would fail in production only. These tests run collectstatic the way the
Docker image does and render the player's page, the console and the projector against it.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from game import identity, javascript_catalog
from tests.server.conftest import seat

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.staticfiles.HashedStaticFiles"},
}
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
MODULE_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']([^"']+\.js)["']""")
ASSET = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def production_static(collected, settings) -> Path:
    settings.STATIC_ROOT = collected
    settings.STORAGES = PRODUCTION_STATIC
    return collected


def manifest(root: Path) -> dict[str, str]:
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def test_every_module_import_names_an_existing_hashed_file(collected):
    hashed = set(manifest(collected).values())
    modules = [name for name in hashed if name.endswith(".js")]
    assert len(modules) > 30
    for name in modules:
        source = (collected / name).read_text(encoding="utf-8")
        for specifier in MODULE_IMPORT.findall(source):
            target = (collected / name).parent.joinpath(specifier).resolve()
            relative = target.relative_to(collected.resolve()).as_posix()
            assert relative in hashed, f"{name} imports {specifier}, which is not a hashed file"


def test_every_collected_script_and_stylesheet_has_a_gzip_copy(collected):
    for name in manifest(collected).values():
        if name.endswith((".js", ".css")):
            copy = collected / (name + ".gz")
            assert copy.exists(), name
            assert gzip.decompress(copy.read_bytes()) == (collected / name).read_bytes()


def assets_of(response) -> list[str]:
    assert response.status_code == 200
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return ASSET.findall(body.decode())


def assert_hashed_and_collected(urls: list[str], root: Path) -> None:
    assert urls
    for url in urls:
        path = url.removeprefix("/static/")
        assert HASHED.search(path), url
        assert (root / path).exists(), url


def player_client(client, game, name="Siti", country="idn"):
    player = seat(game, name, country)
    client.cookies[identity.player_cookie(game.code)] = identity.player_token(game, player)
    return player


def test_the_player_page_links_only_hashed_files(client, game, production_static):
    player_client(client, game)
    urls = assets_of(client.get(f"/play/{game.code}/"))
    assert_hashed_and_collected(urls, production_static)
    assert any("/player/main." in url for url in urls)


def test_the_console_and_the_projector_link_only_hashed_files(
    client, facilitator, game, production_static
):
    client.force_login(facilitator)
    assert_hashed_and_collected(
        assets_of(client.get(f"/facilitate/{game.code}/")), production_static
    )
    key = identity.projector_key(game)
    projector = client.get(f"/projector/{game.code}/", {"key": key})
    assert_hashed_and_collected(assets_of(projector), production_static)


def test_pages_leave_compressed_for_a_browser_that_accepts_gzip(client, game):
    player_client(client, game)
    response = client.get(f"/play/{game.code}/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"player-snapshot" in gzip.decompress(response.content)


def snapshot_in(response) -> dict:
    body = response.content.decode()
    found = re.search(r'<script id="player-snapshot" type="application/json">(.*?)</script>', body)
    assert found, "the page carries no snapshot"
    return json.loads(found.group(1))


def test_the_player_page_carries_the_snapshot_the_socket_would_send_first(client, game):
    player = player_client(client, game)
    seat(game, "Budi", "usa")
    response = client.get(f"/play/{game.code}/")
    initial = snapshot_in(response)

    assert initial["type"] == "snapshot"
    assert initial["seq"] == game.__class__.objects.get(pk=game.pk).last_seq
    assert initial["view"]["me"]["id"] == player
    assert initial["view"]["own"]["country"] == "idn"
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_the_player_page_shows_no_other_delegations_private_messages(client, game):
    from game.services import talk

    player_client(client, game, "Siti", "idn")
    other = seat(game, "Budi", "usa")
    talk.post_message(game_id=game.pk, player_id=other, channel="delegation", text="rahasia usa")
    mate = seat(game, "Ani", "idn")
    talk.post_message(game_id=game.pk, player_id=mate, channel="delegation", text="rahasia idn")
    page = client.get(f"/play/{game.code}/").content
    assert b"rahasia idn" in page
    assert b"rahasia usa" not in page


def test_the_catalog_parts_hold_every_string_the_player_modules_ask_for(settings):
    first, later = javascript_catalog.module_graph(javascript_catalog.PLAYER_FIRST)
    asked = set()
    for module in first | later:
        asked |= javascript_catalog.messages_in(javascript_catalog._source(module))
    assert "game/js/player/notify.js" in later and "game/js/player/chat.js" in later
    assert (
        javascript_catalog.part_messages("player")
        | javascript_catalog.part_messages("player-later")
        == asked
    )


def test_a_translation_call_without_a_literal_string_cannot_be_split():
    with pytest.raises(javascript_catalog.UnreadableMessage):
        javascript_catalog.messages_in('gettext("ok"); gettext(label)')


def test_a_catalog_part_is_kept_for_a_year_under_its_own_name_only(client):
    url = javascript_catalog.catalog_url("player", "id")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    first = response.content.decode()
    later = client.get(javascript_catalog.catalog_url("player-later", "id")).content.decode()
    assert "Pilih delegasimu dan tunggu guru memulai." in first  # the lobby's
    assert "Tutup pemberitahuan" not in first and "Tutup pemberitahuan" in later  # a notice's

    stale = re.sub(r"\.[0-9a-f]{12}\.js$", ".000000000000.js", url)
    assert client.get(stale)["Cache-Control"] == "no-cache"
    assert client.get("/jsi18n/xx/player.000000000000.js").status_code == 404
    assert client.get("/jsi18n/id/nothing.000000000000.js").status_code == 404
