"""Gzip that compresses a kept fragment once, not on every response that shows it.

A lesson page is ~75 KB of HTML, most of it the lesson's content, the same for every reader and
kept rendered (courses/content_cache.py); gzip at Django's level took 1.5 ms of the page's
~9 ms to compress it again on every request. A deflate stream may be cut into blocks that each
end on a byte boundary (a sync flush), so a fragment compressed on its own, with a compressor of
its own, can be put between the per-request parts, each compressed on its own too, and closed
with an empty final block: one valid gzip member, whose checksum is taken over the whole text.

The view builds the page around PLACEHOLDER and answers with `response_around()`;
config.middleware.TextGZipMiddleware splices when the client takes gzip and the body is still
what the view made, and otherwise compresses (or not) as for any page.
"""

from __future__ import annotations

import gzip
import secrets
import struct
import zlib
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

# Django's level for gzip (django.utils.text.compress_string).
LEVEL = 6
# Where the kept fragment goes in the page: unguessable, so no author's text can contain it.
PLACEHOLDER = mark_safe(f"<!--precompressed-{secrets.token_hex(8)}-->")  # noqa: S308


def deflate(data: bytes) -> bytes:
    """Raw deflate blocks of `data`, ending on a byte boundary and not final."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


_FINAL_BLOCK = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH)


@dataclass(frozen=True)
class Precompressed:
    html: SafeString
    data: bytes  # the HTML's UTF-8
    deflated: bytes

    @classmethod
    def of(cls, html: str) -> Precompressed:
        data = html.encode()
        return cls(html=mark_safe(html), data=data, deflated=deflate(data))  # noqa: S308


def response_around(page: str, fragment: Precompressed) -> HttpResponse:
    """The page with the fragment in place of PLACEHOLDER, ready to be gzipped by splicing."""
    before, after = page.split(PLACEHOLDER)  # exactly once, or this is a bug in the template
    response = HttpResponse(before + fragment.html + after)
    response.gzip_pieces = (before.encode(), fragment, after.encode())
    return response


def spliced_body(response: HttpResponse) -> list[bytes | Precompressed] | None:
    """The response's pieces if its body is still exactly what response_around() made."""
    pieces = getattr(response, "gzip_pieces", None)
    if pieces is None or response.streaming:
        return None
    whole = b"".join(p.data if isinstance(p, Precompressed) else p for p in pieces)
    return list(pieces) if response.content == whole else None


def gzip_spliced(pieces: list[bytes | Precompressed], *, random_filename: bytes) -> bytes:
    """One gzip member of the pieces' text; `random_filename` pads the header, as Django does
    against BREACH (django.utils.text.compress_string)."""
    header = b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff"
    out = [header, random_filename, b"\x00"]
    crc, size = 0, 0
    for piece in pieces:
        data = piece.data if isinstance(piece, Precompressed) else piece
        out.append(piece.deflated if isinstance(piece, Precompressed) else deflate(piece))
        crc = zlib.crc32(data, crc)
        size += len(data)
    out += [_FINAL_BLOCK, struct.pack("<II", crc, size & 0xFFFFFFFF)]
    return b"".join(out)
