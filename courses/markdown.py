"""Markdown written by authors, rendered to HTML that cannot carry script.

Markdown allows raw HTML, so the output is always passed through nh3 (a whitelist sanitizer):
whatever an author types, only the tags and attributes below reach the browser.

Long text (an overview, an example's body) is block Markdown; short text (a title, a flashcard,
a glossary term) is inline Markdown: code, emphasis and links, never a paragraph or a list, so
a title such as "1. Intro" keeps its number.
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
    # Code blocks and tables scroll sideways inside themselves, never the page; keyboard users
    # must be able to focus them to scroll.
    return (
        clean.replace("<pre>", '<pre tabindex="0">')
        .replace("<table>", '<div class="table-wrap" tabindex="0"><table>')
        .replace("</table>", "</table></div>")
    )


INLINE_TAGS = {"code", "em", "strong", "a"}
# Block syntax means nothing in a title: only paragraphs are parsed, so "1. Intro", "- note" or
# "# 1" stay as typed. Images are left as text rather than silently dropped by the sanitizer.
_BLOCK_PROCESSORS = (
    "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference",
)  # fmt: skip
_IMAGE_PATTERNS = ("image_link", "image_reference", "short_image_ref")


@lru_cache(maxsize=4096)
def render_inline_markdown(text: str, *, links: bool = True) -> str:
    """Short author text as inline HTML: no wrapping <p>, only code, emphasis and links.

    links=False is for text shown inside a link or a button, where a nested link is invalid:
    a Markdown link keeps its words and loses its target.
    """
    md = markdown_lib.Markdown(output_format="html")
    for name in _BLOCK_PROCESSORS:
        md.parser.blockprocessors.deregister(name)
    for name in _IMAGE_PATTERNS:
        md.inlinePatterns.deregister(name)
    html = md.convert(text or "")
    tags = INLINE_TAGS if links else INLINE_TAGS - {"a"}
    # Tags outside the whitelist (the <p> around each paragraph among them) are dropped and
    # their text kept.
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}} if links else {},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer" if links else None,
    ).strip()
