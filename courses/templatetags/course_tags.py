from django import template
from django.utils.safestring import mark_safe

from courses.markdown import render_inline_markdown, render_markdown
from courses.narration import chapter_html

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe to mark: render_markdown sanitizes its output with a tag whitelist.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def narrated_chapter(chapter) -> str:
    """An audio-book chapter's content, explanation and analogy, each paragraph marked with
    where the recording reads it."""
    # Safe to mark: built from render_markdown's sanitized blocks and escaped headings.
    return mark_safe(chapter_html(chapter))  # noqa: S308


@register.filter
def inline_markdown(text: str, mode: str = "") -> str:
    """Short author text (titles, flashcards, terms) with inline Markdown: `code`, *em*, links.

    Inside a link or a button write `|inline_markdown:"nolinks"`: a nested link is invalid there.
    """
    if mode not in ("", "nolinks"):
        raise ValueError(f"inline_markdown takes no argument or 'nolinks', not {mode!r}")
    # Safe to mark: render_inline_markdown sanitizes its output with a tag whitelist.
    return mark_safe(render_inline_markdown(text, links=mode != "nolinks"))  # noqa: S308


@register.filter
def percent(value: float | None) -> int:
    return round((value or 0) * 100)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
