"""``{% javascript_catalog_url %}``: where a page loads its (versioned, cacheable) catalog of
the page's language; ``{% javascript_catalog_url "player" %}`` names a part of it."""

from django import template

from game import javascript_catalog

register = template.Library()


@register.simple_tag
def javascript_catalog_url(part: str = "all") -> str:
    return javascript_catalog.catalog_url(part)
