from __future__ import annotations

import ipaddress
import secrets

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_vary_headers

from config import compression


class ContentSecurityPolicyMiddleware:
    """Every page may run only our own scripts, frame only YouTube's no-cookie player (after a
    click), and be framed by no one. An injected <script> would not run even if one slipped
    past the Markdown sanitizer; nor would an injected style. The one <style> element we make
    ourselves (the code editor's, where a browser lacks constructable stylesheets) carries the
    request's nonce, request.csp_nonce (templates/base.html hands it to scripts)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        policy = dict(settings.CONTENT_SECURITY_POLICY)
        policy["style-src"] = f"{policy.get('style-src', '')} 'nonce-{{nonce}}'".strip()
        self.policy = "; ".join(f"{name} {value}" for name, value in policy.items())

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", self.policy.replace("{nonce}", request.csp_nonce)
        )
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip for pages, CSV and JSON, never for media: audio is compressed already, and
    gzipping a 206 answer would make its Content-Range describe bytes the client never gets.
    (Static files never get here: whitenoise answers them above, with their .br or .gz.)

    Django >= 4.2 pads each gzipped body with random bytes, its mitigation of BREACH."""

    _TEXTUAL = {"application/json", "application/javascript", "application/xml", "image/svg+xml"}

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if response.status_code == 206 or not (
            content_type.startswith("text/") or content_type in self._TEXTUAL
        ):
            return response
        pieces = compression.spliced_body(response)
        if (
            pieces is None
            or response.has_header("Content-Encoding")
            or not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        ):
            return super().process_response(request, response)
        # A page around a kept fragment (config/compression.py): the fragment was compressed
        # once; only the parts around it are compressed now. The rest as Django does.
        patch_vary_headers(response, ("Accept-Encoding",))
        padding = b"a" * secrets.randbelow(self.max_random_bytes)
        response.content = compression.gzip_spliced(pieces, random_filename=padding)
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address as the outermost of our own proxies saw it.

    Behind TRUSTED_PROXY_HOPS reverse proxies (nginx, a load balancer), the socket address is the
    nearest proxy's, and each proxy appends the address it saw to X-Forwarded-For; the client is
    the entry that many places from the right. Entries further left come from the client and are
    never trusted. With no proxies configured (0) the header is ignored. Runs first, so login
    throttling, the admin and logs all see the same address.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        hops = settings.TRUSTED_PROXY_HOPS
        request.META["REMOTE_ADDR"] = forwarded_client_address(request.META, hops=hops)
        return self.get_response(request)


def forwarded_client_address(meta: dict, *, hops: int) -> str:
    socket_address = meta.get("REMOTE_ADDR", "")
    if not hops:
        return socket_address
    forwarded = [
        entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
    ]
    if not forwarded:  # not through our proxies at all (a health check from inside)
        return socket_address
    # Fewer entries than proxies: the leftmost is as far as our proxies reach.
    candidate = forwarded[-min(hops, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return socket_address


class RequestTooLargeMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 with a page (or, for htmx, a
    fragment swapped into the request's own target) that says the limit, not Django's bare 400.

    Django refuses such a body when request.POST is first read (by the CSRF check, before any
    view); reading it here first turns that refusal into an answer a person can act on.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                _ = request.POST
            except RequestDataTooBig:
                return _too_large(request)
        return self.get_response(request)


def _too_large(request) -> HttpResponse:
    context = {
        "sent": filesizeformat(int(request.META.get("CONTENT_LENGTH") or 0)),
        "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }
    if request.headers.get("HX-Request"):
        response = render(request, "too_large.html#message", context, status=413)
        response["HX-Reswap"] = "innerHTML"  # inside the target, whatever its usual swap
        return response
    return render(request, "too_large.html", context, status=413)
