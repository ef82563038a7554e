"""Serving lesson audio behind a permission check, with HTTP Range support.

Browsers need 206 Partial Content to show an audio file's duration and let students seek;
Django's FileResponse always answers 200 with the whole file. Behind nginx in production we
answer with X-Accel-Redirect instead and let nginx stream the bytes (and handle Range itself).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, HttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# Recordings are Ogg Opus (.opus), with an MP3 twin for browsers without Opus.
_CONTENT_TYPES = {".opus": "audio/ogg", ".mp3": "audio/mpeg"}


def fallback_name(name: str) -> str:
    """The MP3 stored beside a recording: same name, .mp3."""
    return str(PurePosixPath(name).with_suffix(".mp3"))


def protected_file_response(request, field_file) -> HttpResponse:
    content_type = (
        _CONTENT_TYPES.get(PurePosixPath(field_file.name).suffix)
        or mimetypes.guess_type(field_file.name)[0]
        or "application/octet-stream"
    )
    accel_prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT_PREFIX", "")
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + field_file.name
        return response

    size = field_file.size
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if not match or (not match[1] and not match[2]):
        response = FileResponse(field_file.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response

    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # "bytes=-N": the last N bytes
        start, end = max(size - int(match[2]), 0), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response

    with field_file.open("rb") as handle:
        handle.seek(start)
        body = handle.read(end - start + 1)
    response = HttpResponse(body, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Length"] = str(len(body))
    return response
