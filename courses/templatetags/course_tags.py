from django import template
from django.utils.safestring import mark_safe

from courses.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe to mark: render_markdown sanitizes its output with a tag whitelist.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def percent(value: float | None) -> int:
    return round((value or 0) * 100)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
