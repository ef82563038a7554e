from __future__ import annotations

import pytest
from django.urls import reverse

from courses.markdown import render_inline_markdown, render_markdown
from courses.models import Example, Flashcard, GlossaryTerm, KeyConcept

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">hi</p>',
    "<svg><script>alert(1)</script></svg>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_an_author_cannot_inject_script(source):
    html = render_markdown(source).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "<iframe" not in html and "style=" not in html


def test_code_blocks_are_highlighted_and_links_kept():
    html = render_markdown(
        "See [docs](https://docs.python.org/3/).\n\n```python\nimport threading\n```"
    )
    assert '<a href="https://docs.python.org/3/" rel="noopener noreferrer">docs</a>' in html
    assert 'class="codehilite"' in html
    assert '<span class="kn">import</span>' in html


def test_hostile_markdown_in_a_lesson_never_reaches_the_page(client, lesson):
    Example.objects.filter(lesson=lesson).update(body="<script>alert('pwned')</script>**bold**")
    html = client.get(reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])).content
    assert b"<script>alert" not in html
    assert b"<strong>bold</strong>" in html


def test_tables_scroll_inside_a_focusable_wrapper_of_their_own():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert html.startswith('<div class="table-wrap" tabindex="0"><table>')
    assert html.endswith("</table></div>")


@pytest.mark.parametrize("source", HOSTILE)
def test_an_author_cannot_inject_script_into_short_text(source):
    for links in (True, False):
        html = render_inline_markdown(source, links=links).lower()
        assert "<script" not in html and "javascript:" not in html
        assert "onerror" not in html and "onclick" not in html
        assert "<iframe" not in html and "style=" not in html and "<p" not in html


def test_short_text_gets_code_emphasis_and_links_without_a_paragraph():
    html = render_inline_markdown("Does `t.join()` **raise**? *No*, see [docs](https://x.org/).")
    assert html == (
        "Does <code>t.join()</code> <strong>raise</strong>? <em>No</em>, see "
        '<a href="https://x.org/" rel="noopener noreferrer">docs</a>.'
    )


def test_short_text_keeps_what_block_markdown_would_turn_into_lists_and_headings():
    for title in ["1. Intro", "- a note", "# 1 rule", "> quoted", "    indented", "***"]:
        assert render_inline_markdown(title) == title.strip().replace(">", "&gt;")


def test_inside_a_link_or_button_a_markdown_link_keeps_only_its_words():
    html = render_inline_markdown("Read [the `docs`](https://x.org/)", links=False)
    assert html == "Read the <code>docs</code>"


def test_short_text_is_escaped_and_images_stay_as_typed():
    assert render_inline_markdown("x < y & `a<b>`") == "x &lt; y &amp; <code>a&lt;b&gt;</code>"
    assert (
        render_inline_markdown("![chart](https://x.org/c.png)") == "![chart](https://x.org/c.png)"
    )


def test_flashcards_glossary_and_key_concepts_show_code_not_backticks(client, lesson):
    Flashcard.objects.filter(lesson=lesson).update(
        front="What does `start()` do?", back="Runs `run()`"
    )
    GlossaryTerm.objects.filter(lesson=lesson).update(
        term="`Thread`", definition="Made by `Thread()`"
    )
    KeyConcept.objects.filter(lesson=lesson).update(term="`join`", meaning="*waits*")
    html = client.get(reverse("courses:lesson", args=[lesson.course.slug, lesson.slug])).content
    html = html.decode()
    assert "`" not in html
    for fragment in ["What does <code>start()</code> do?", "Runs <code>run()</code>",
                     "<dt><code>Thread</code></dt>", "Made by <code>Thread()</code>",
                     "<dt><code>join</code></dt><dd><em>waits</em></dd>"]:  # fmt: skip
        assert fragment in html, fragment
