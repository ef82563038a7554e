from __future__ import annotations

import pytest
from django.urls import reverse

from courses.markdown import render_markdown
from courses.models import Example

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
