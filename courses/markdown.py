"""Markdown written by authors, rendered to HTML that cannot carry script.

Markdown allows raw HTML, so the output is always passed through nh3 (a whitelist sanitizer):
whatever an author types, only the tags and attributes below reach the browser.
"""

from __future__ import annotations

from functools import lru_cache

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "span",
    "div", "dl", "dt", "dd", "sup", "sub", "kbd", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "span": {"class"},
    "div": {"class"},
    "code": {"class"},
    "pre": {"class"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
}


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(
        text or "",
        extensions=["fenced_code", "codehilite", "tables", "sane_lists"],
        extension_configs={"codehilite": {"css_class": "codehilite", "guess_lang": False}},
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # Code blocks scroll sideways; keyboard users must be able to focus them to scroll.
    return clean.replace("<pre>", '<pre tabindex="0">')
