"""``{{ snapshot|snapshot_script:"player-snapshot" }}``: Django's ``json_script`` for a view
that holds JSON already encoded (``orjson.Fragment``, the rounds of ``projections.snapshot``),
which Django's encoder cannot write."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from game.fanout import encode

register = template.Library()

# As json_script escapes them: nothing in the JSON can close the script element or start
# markup, whatever a scenario or a student wrote.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def snapshot_script(value: object, element_id: str) -> SafeString:
    text = encode(value).translate(_ESCAPES)
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )
