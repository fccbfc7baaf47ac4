"""The Indonesian catalog is complete, and no string in the code is missing from it.

Freshness is checked the way a translator would find out: run ``makemessages`` on a copy
of the project and see whether the catalogs it writes differ from the committed ones.
The copy keeps the real catalogs safe and lets a test add a string to prove the check
bites.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.catalog import Entry, read_catalog
from tests.conftest import PROJECT_DIR

LANGUAGES = ("id", "en")
# Python and templates go to "django"; the pages' JavaScript modules to "djangojs".
DOMAINS = ("django", "djangojs")


def catalog_path(project: Path, language: str, domain: str = "django") -> Path:
    return project / "game" / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def active(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if not entry.obsolete]


def copy_project(target: Path) -> Path:
    """The parts of the project makemessages reads: the code, templates and catalogs."""
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    for folder in ("config", "game"):
        shutil.copytree(PROJECT_DIR / folder, target / folder, ignore=ignore)
    shutil.copy(PROJECT_DIR / "manage.py", target / "manage.py")
    return target


def regenerate_catalogs(project: Path) -> None:
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                f"--domain={domain}",
                *(f"--locale={lang}" for lang in LANGUAGES),
            ],
            cwd=project,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )


def catalog_drift(project: Path) -> list[str]:
    """What makemessages would change in ``project``'s catalogs, one line per message."""
    pairs = [(lang, domain) for lang in LANGUAGES for domain in DOMAINS]
    committed = {pair: read_catalog(catalog_path(project, *pair)) for pair in pairs}
    regenerate_catalogs(project)
    drift = []
    for pair in pairs:
        language = pair[0] if pair[1] == "django" else f"{pair[0]} ({pair[1]})"
        before = {entry.key: entry for entry in active(committed[pair])}
        after = {entry.key: entry for entry in active(read_catalog(catalog_path(project, *pair)))}
        drift += [f"{language}: missing {key[1]!r}" for key in after.keys() - before.keys()]
        drift += [f"{language}: no longer used {key[1]!r}" for key in before.keys() - after.keys()]
        drift += [
            f"{language}: marked fuzzy by makemessages {key!r}"
            for key, entry in after.items()
            if "fuzzy" in entry.flags and "fuzzy" not in before.get(key, entry).flags
        ]
    return sorted(drift)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_indonesian_message_is_translated_and_not_fuzzy(domain: str) -> None:
    entries = active(read_catalog(catalog_path(PROJECT_DIR, "id", domain)))

    assert entries, "the Indonesian catalog is empty"
    untranslated = [entry.msgid for entry in entries if not all(entry.msgstrs)]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert untranslated == []
    assert fuzzy == []


def test_indonesian_plurals_have_the_one_form_the_language_uses() -> None:
    # Indonesian does not inflect for number (Plural-Forms: nplurals=1).
    plurals = [
        entry for entry in read_catalog(catalog_path(PROJECT_DIR, "id")) if entry.msgid_plural
    ]

    assert plurals
    assert all(len(entry.msgstrs) == 1 for entry in plurals)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_compile_with_format_checks(language: str, domain: str) -> None:
    path = catalog_path(PROJECT_DIR, language, domain)
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr


def test_makemessages_finds_nothing_new_in_the_code(tmp_path: Path) -> None:
    committed = {
        (lang, domain): catalog_path(PROJECT_DIR, lang, domain).read_bytes()
        for lang in LANGUAGES
        for domain in DOMAINS
    }

    drift = catalog_drift(copy_project(tmp_path))

    assert drift == [], "run `manage.py makemessages -l id -l en` and translate:\n" + "\n".join(
        drift
    )
    # The check ran on the copy; the real catalogs were not touched.
    assert committed == {pair: catalog_path(PROJECT_DIR, *pair).read_bytes() for pair in committed}


def test_the_freshness_check_catches_a_new_template_string(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "game" / "templates" / "game" / "zz_new.html").write_text(
        '{% load i18n %}<p>{% translate "A sentence nobody has translated yet" %}</p>\n',
        encoding="utf-8",
    )

    drift = catalog_drift(project)

    assert "id: missing 'A sentence nobody has translated yet'" in drift
    assert "en: missing 'A sentence nobody has translated yet'" in drift
