"""The demo: the demo student's cards exist as soon as the demo is loaded, with nothing done
for them by hand (the course import builds the deck; the student is enrolled by the demo
class), and the Review page shows the first one."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from reviews.models import ReviewCard

pytestmark = pytest.mark.django_db


def test_the_demo_student_has_cards_to_review_after_seed_demo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", no_audio=True, stdout=io.StringIO())  # audio: test_demo_audio.py
    assert ReviewCard.objects.filter(lesson__course__slug="python-advance").exists()

    client.force_login(User.objects.get(email="student@spindle.local"))
    html = client.get(reverse("reviews:review")).content.decode()
    assert re.search(r'id="nav-review-count"> <span class="badge nav-count">\d+<', html)
    assert "Reveal answer" in html
