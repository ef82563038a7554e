"""Pages are gzipped for clients that accept it; collected static files carry .br and .gz
siblings that whitenoise serves under hashed names, cached forever."""

from __future__ import annotations

import gzip
import json
import re
import zlib

import brotli
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from config import compression
from courses.bundle import import_bundle
from courses.models import AudioLesson
from courses.services import enroll
from tests.factories import make_bundle

pytestmark = pytest.mark.django_db

WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"


def test_a_page_is_gzipped_for_a_client_that_accepts_gzip(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in gzip.decompress(response.content)


def test_a_page_is_sent_plain_to_a_client_that_does_not_accept_gzip(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="identity")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"</html>" in response.content


def _per_response(html: str) -> str:
    """The page without what differs on every response: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'<meta name="csp-nonce" content="[^"]*">', "", html)


@pytest.mark.parametrize("enrolled", [False, True])
def test_a_lesson_page_gzipped_around_its_kept_content_is_the_page_itself(
    client, student, enrolled
):
    """The lesson's content is compressed once and spliced between the per-request parts
    (config/compression.py): the result must be one valid gzip member of the very page."""
    course = import_bundle(make_bundle())
    if enrolled:
        enroll(user=student, course=course)
        client.force_login(student)
    url = reverse("courses:lesson", args=[course.slug, "lesson-1-1"])
    plain = client.get(url, HTTP_ACCEPT_ENCODING="identity").content.decode()
    for _ in range(2):  # kept content is made on the first, reused on the second
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        # zlib's own decoder, strict about the trailer's checksum and length, and one member only
        inflater = zlib.decompressobj(wbits=31)
        html = inflater.decompress(response.content) + inflater.flush()
        assert inflater.eof and inflater.unused_data == b""
        assert _per_response(html.decode()) == _per_response(plain)
        assert "FRONT-c1l1-0" in html.decode() and "</html>" in html.decode()
        assert len(response.content) < len(plain) / 3


def test_the_gzip_header_is_padded_at_random_as_django_pads_it(client):
    """Django's mitigation of BREACH: a random-length file name in each gzip header."""
    course = import_bundle(make_bundle())
    url = reverse("courses:lesson", args=[course.slug, "lesson-1-1"])
    lengths = {
        len(client.get(url, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)
    }  # fmt: skip
    assert len(lengths) > 1


def test_a_body_changed_after_the_view_is_compressed_whole():
    fragment = compression.Precompressed.of("<p>kept</p>")
    response = compression.response_around(f"<main>{compression.PLACEHOLDER}</main>", fragment)
    assert compression.spliced_body(response) is not None
    response.content = b"<main><p>changed</p></main>"
    assert compression.spliced_body(response) is None


def test_lesson_audio_is_never_gzipped_whole_or_in_part(client, student, settings, tmp_path):
    # Audio is compressed already, and a gzipped 206 would not match its Content-Range.
    settings.MEDIA_ROOT = tmp_path
    course = import_bundle(make_bundle())
    enroll(user=student, course=course)
    audio = AudioLesson.objects.filter(lesson__course=course).first()
    audio.audio.save("dialogue.ogg", ContentFile(b"OggS" * 1024), save=True)
    client.force_login(student)
    url = reverse("courses:media", args=["lesson-audio", audio.pk])

    whole = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    part = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_RANGE="bytes=0-999")

    assert not whole.has_header("Content-Encoding")
    assert b"".join(whole.streaming_content) == b"OggS" * 1024
    assert part.status_code == 206
    assert not part.has_header("Content-Encoding")
    assert part.content == (b"OggS" * 250)


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Static files collected as the Dockerfile does (once: brotli takes seconds), served by
    whitenoise as in production."""
    static_root = tmp_path_factory.mktemp("static")
    middleware = list(settings.MIDDLEWARE)
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    middleware.insert(security + 1, WHITENOISE)
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages, MIDDLEWARE=middleware):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield static_root


def _hashed(static_root, name: str) -> str:
    return json.loads((static_root / "staticfiles.json").read_text())["paths"][name]


def test_collected_css_has_a_hashed_name_with_brotli_and_gzip_siblings(production_static):
    hashed = _hashed(production_static, "css/spindle.css")
    original = (production_static / hashed).read_bytes()

    assert hashed != "css/spindle.css"
    assert brotli.decompress((production_static / f"{hashed}.br").read_bytes()) == original
    assert gzip.decompress((production_static / f"{hashed}.gz").read_bytes()) == original


def test_whitenoise_serves_brotli_under_the_hashed_name_cached_forever(production_static):
    hashed = _hashed(production_static, "css/spindle.css")
    original = (production_static / hashed).read_bytes()

    response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(b"".join(response.streaming_content)) == original
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control


def test_whitenoise_serves_gzip_to_a_client_without_brotli(production_static):
    hashed = _hashed(production_static, "css/spindle.css")
    original = (production_static / hashed).read_bytes()

    response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == original


def test_the_unhashed_name_is_cached_only_briefly(production_static):
    # An old name may point at new content after a deploy: browsers must come back for it.
    response = Client().get("/static/css/spindle.css", HTTP_ACCEPT_ENCODING="br")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
