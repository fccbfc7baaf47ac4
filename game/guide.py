"""The facilitator guide, served inside the product from the same Markdown files as the docs.

``docs/panduan-fasilitator.md`` (Bahasa Indonesia) and ``docs/facilitator-guide.md``
(English) are the one source; this module turns them into HTML with a deliberately small
Markdown: headings (with an optional ``{#anchor}``), paragraphs, lists (one level, ordered or
not), pipe tables, fenced code, rules, and inline bold, code and links. Everything else is
text: the source is escaped first, and only the markup this module writes is HTML, so nothing
in a guide can inject a tag or a script. Links may only go to http(s), mailto, an anchor or a
path on this site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

GUIDES = {"id": "panduan-fasilitator.md", "en": "facilitator-guide.md"}

_HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*(?:\{#([a-z0-9-]+)\})?\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_RULE = re.compile(r"^\s*(-{3,}|\*{3,})\s*$")
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SAFE_URL = re.compile(r"^(https?://|mailto:|#|/(?!/))", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Guide:
    html: SafeString
    headings: list[Heading]

    @property
    def title(self) -> str:
        return self.headings[0].text if self.headings else ""

    @property
    def contents(self) -> list[Heading]:
        return [h for h in self.headings if h.level == 2]


def inline(text: str) -> str:
    """Escape ``text``, then apply code spans, bold and links; code spans stay literal."""
    parts = _CODE.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"<code>{escape(part)}</code>")
            continue
        html = escape(part)
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        html = _LINK.sub(_link, html)
        out.append(html)
    return "".join(out)


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    # ``url`` is already escaped; an unsafe scheme (javascript:, data:) stays plain text.
    if not _SAFE_URL.match(url):
        return match.group(0)
    return f'<a href="{url}">{label}</a>'


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def render(source: str) -> Guide:
    """HTML for a Markdown ``source`` written in the subset above."""
    lines = source.splitlines()
    html: list[str] = []
    headings: list[Heading] = []
    used: set[str] = set()
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close() -> None:
        nonlocal list_tag
        if paragraph:
            html.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            html.append(
                f"<{list_tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{list_tag}>"
            )
            items.clear()
            list_tag = ""

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.strip().startswith("```"):
            close()
            code = []
            while index < len(lines) and not lines[index].strip().startswith("```"):
                code.append(lines[index])
                index += 1
            index += 1
            html.append(f"<pre><code>{escape(chr(10).join(code))}</code></pre>")
        elif not line.strip():
            close()
        elif heading := _HEADING.match(line):
            close()
            level, text = len(heading.group(1)), heading.group(2)
            # "## Refleksi {#debrief}" names its anchor, so both languages can share links.
            anchor = heading.group(3) or slugify(re.sub(r"[`*\[\]]", "", text)) or "section"
            while anchor in used:
                anchor += "-"
            used.add(anchor)
            headings.append(Heading(level, re.sub(r"[`*]", "", text), anchor))
            html.append(f'<h{level} id="{anchor}">{inline(text)}</h{level}>')
        elif _RULE.match(line):
            close()
            html.append("<hr>")
        elif (
            line.lstrip().startswith("|")
            and index < len(lines)
            and _TABLE_DIVIDER.match(lines[index])
        ):
            close()
            head = "".join(f'<th scope="col">{inline(c)}</th>' for c in _cells(line))
            body = []
            index += 1
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                body.append("".join(f"<td>{inline(c)}</td>" for c in _cells(lines[index])))
                index += 1
            rows = "".join(f"<tr>{row}</tr>" for row in body)
            html.append(
                f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
                f"<tbody>{rows}</tbody></table></div>"
            )
        elif (bullet := _BULLET.match(line)) or (numbered := _NUMBERED.match(line)):
            tag = "ul" if bullet else "ol"
            if paragraph or (list_tag and list_tag != tag):
                close()
            list_tag = tag
            items.append(inline((bullet or numbered).group(1)))  # type: ignore[union-attr]
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + inline(line.strip())  # a list item continued on the next line
        else:
            if items:
                close()
            paragraph.append(line.strip())
    close()
    # Safe: every piece of the source went through ``escape`` before it was wrapped.
    return Guide(mark_safe("\n".join(html)), headings)


@cache
def _rendered(path: Path, modified: float) -> Guide:
    return render(path.read_text(encoding="utf-8"))


def guide(language: str) -> Guide:
    """The guide in ``language`` (``id`` or ``en``), rendered once per version of the file."""
    path = Path(settings.BASE_DIR) / "docs" / GUIDES.get(language, GUIDES["id"])
    return _rendered(path, path.stat().st_mtime)
