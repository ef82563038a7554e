from __future__ import annotations

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Every page may run only our own scripts, frame only YouTube's no-cookie player (after a
    click), and be framed by no one. An injected <script> would not run even if one slipped
    past the Markdown sanitizer."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.policy = "; ".join(
            f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
