"""An audio-book chapter read aloud: the Markdown the page shows, cut into the blocks a reader
sees (paragraphs, headings, lists, code, tables), each with the words a narrator says for it.

Both halves come from the same rendered HTML, so the recording's paragraph starts and the page's
paragraphs line up one to one: the page marks block N with the start of spoken segment N.
Code is announced, not spelled out character by character; inline code is read as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from courses.markdown import render_markdown

CODE_ANNOUNCEMENT = "A code example follows; it is shown on the page."
TABLE_ANNOUNCEMENT = "A table follows; it is shown on the page."
EXPLANATION_HEADING = "Detailed explanation"
ANALOGY_HEADING = "Examples & analogies"

_VOID = {"br", "hr", "img", "wbr"}
_BLOCK_BREAKS = {"li", "p", "tr", "dt", "dd", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Block:
    html: str  # one top-level element of the rendered Markdown
    tag: str
    speech: str  # what the narrator says for it; "" for a rule, which is not read


class _TopLevelSplitter(HTMLParser):
    """Cuts sanitized HTML into its top-level elements and the words to say for each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, int, int, str]] = []  # tag, start, end (line/col), speech
        self._depth = 0
        self._tag = ""
        self._start: tuple[int, int] = (1, 0)
        self._words: list[str] = []
        self._in_code = 0
        self._in_pre = 0
        self._table = self._code_block = False
        self._inline_code: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self._depth == 0:
            self._tag, self._start, self._words = tag, self.getpos(), []
            self._table = self._code_block = False
        if tag == "pre":
            self._in_pre += 1
            self._code_block = True
        elif tag == "table":
            self._table = True
        elif tag == "code" and not self._in_pre:
            self._in_code += 1
            self._inline_code = []
        elif tag in _BLOCK_BREAKS:
            self._words.append(" ")
        if tag in _VOID:
            if self._depth == 0:  # a rule between blocks: nothing to say
                self.blocks.append((tag, self._start, self._end_of_starttag(), ""))
            return
        self._depth += 1

    def _end_of_starttag(self) -> tuple[int, int]:
        line, column = self.getpos()
        return line, column + len(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self._depth -= 1
        if tag == "pre":
            self._in_pre -= 1
        elif tag == "code" and self._in_code:
            self._in_code -= 1
            self._words.append(spoken_code("".join(self._inline_code)))
        elif tag in _BLOCK_BREAKS:
            self._words.append(_full_stop(self._words))
        if self._depth == 0:
            line, column = self.getpos()
            end = (line, column + len(f"</{tag}>"))
            if self._table:
                speech = TABLE_ANNOUNCEMENT
            elif self._code_block:
                speech = CODE_ANNOUNCEMENT
            else:
                speech = _tidy("".join(self._words))
                if tag in {"h2", "h3", "h4", "h5", "h6"} and speech and speech[-1] not in ".?!:":
                    speech += "."
            self.blocks.append((self._tag, self._start, end, speech))

    def handle_data(self, data):
        if self._in_pre:
            return  # announced, not read
        if self._in_code:
            self._inline_code.append(data)
        elif self._depth == 0:
            if data.strip():  # bare text (a heading level the sanitizer dropped): a paragraph
                self.blocks.append(("", self.getpos(), None, _tidy(data)))  # type: ignore[arg-type]
        else:
            self._words.append(data)


def _full_stop(words: list[str]) -> str:
    """List items and table cells end a sentence, so the narrator pauses between them."""
    text = "".join(words).rstrip()
    return "" if not text or text[-1] in ".?!:;," else ". "


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def spoken_code(code: str) -> str:
    """Inline code as a reader would say it: `threading.Thread()` is "threading dot Thread",
    `__init__` is "dunder init", `max_workers` is "max workers"."""
    text = re.sub(r"__(\w+?)__", r"dunder \1", code)
    text = text.replace("()", "")
    text = re.sub(r"(?<=\w)\.(?=\w)", " dot ", text)
    text = text.replace("_", " ")
    return _tidy(text)


def blocks(markdown: str) -> list[Block]:
    html = render_markdown(markdown)
    splitter = _TopLevelSplitter()
    splitter.feed(html)
    splitter.close()
    line_starts = [0]
    for line in html.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def offset(position: tuple[int, int]) -> int:
        return line_starts[position[0] - 1] + position[1]

    result = []
    for tag, start, end, speech in splitter.blocks:
        if end is None:  # bare text: wrapped so it can carry a start time like a paragraph
            result.append(Block(html=f"<p>{escape(speech)}</p>", tag="p", speech=speech))
        else:
            result.append(Block(html=html[offset(start) : offset(end)], tag=tag, speech=speech))
    return result


@dataclass(frozen=True)
class Part:
    """One stretch of a chapter's page: its content, or a heading and the explanation or
    analogy under it."""

    heading: str
    css_class: str
    blocks: list[Block]


def chapter_parts(chapter) -> list[Part]:
    parts = [Part(heading="", css_class="prose", blocks=blocks(chapter.content))]
    if chapter.explanation.strip():
        parts.append(Part(EXPLANATION_HEADING, "prose", blocks(chapter.explanation)))
    if chapter.analogy.strip():
        parts.append(Part(ANALOGY_HEADING, "prose analogy", blocks(chapter.analogy)))
    return parts


def chapter_script(chapter) -> list[str]:
    """What the narrator says, one string per segment, in page order: the title, each block
    with words, and each heading between the parts."""
    script = [f"{chapter.title}."]
    for part in chapter_parts(chapter):
        if part.heading:
            script.append(part.heading.replace("&", "and") + ".")
        script += [block.speech for block in part.blocks if block.speech]
    return script


def chapter_html(chapter) -> str:
    """The chapter's text as the page shows it, each narrated block carrying the second its
    segment starts at (`data-start`, as transcript lines do). Timings recorded for older words
    would highlight the wrong paragraphs, so with a different number of segments none is shown.
    The title (segment 0) is the template's heading. Built from sanitized HTML only."""
    starts = list(chapter.segment_starts or [])
    if len(starts) != len(chapter_script(chapter)):
        starts = []
    segment = 1
    html = []

    def start_attribute() -> str:
        nonlocal segment
        attribute = f' data-start="{starts[segment]:.2f}"' if starts else ""
        segment += 1
        return attribute

    for part in chapter_parts(chapter):
        if part.heading:
            html.append(f"<h4{start_attribute()}>{escape(part.heading)}</h4>")
        html.append(f'<div class="{part.css_class}">')
        for block in part.blocks:
            if block.speech:
                html.append(_OPENING_TAG.sub(rf"<\1{start_attribute()}", block.html, count=1))
            else:
                html.append(block.html)
        html.append("</div>")
    return "\n".join(html)


_OPENING_TAG = re.compile(r"^<(\w+)")
