"""A reader for gettext ``.po`` catalogs, just enough to check them in tests."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    """One message of a catalog; strings are kept as written (escapes not decoded)."""

    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def read_catalog(path: Path) -> list[Entry]:
    """Every entry of ``path`` except the header (the entry with an empty msgid)."""
    entries: list[Entry] = []
    entry = Entry()
    current: str | None = None
    started = False

    def finish() -> None:
        nonlocal entry, current, started
        if started and entry.msgid:
            entries.append(entry)
        entry, current, started = Entry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            _append(entry, current, _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith("msgid") and current is not None and current.startswith("msgstr"):
            finish()
        started = True
        current = keyword
        if keyword.startswith("msgstr"):
            entry.msgstrs.append("")
        _append(entry, current, _unquote(rest))
    finish()
    return entries


def _append(entry: Entry, keyword: str | None, text: str) -> None:
    if keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural += text
    elif keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif keyword is not None and keyword.startswith("msgstr"):
        entry.msgstrs[-1] += text
    else:
        raise ValueError(f"text outside any keyword: {text!r}")


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted .po string: {text!r}")
    return text[1:-1]
