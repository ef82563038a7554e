from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request) -> str | None:
    """The `next` parameter when it points back into this site, else None (no open redirect)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
