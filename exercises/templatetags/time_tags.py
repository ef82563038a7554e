"""`{% relative_time moment %}`: a <time> that reads "just now", "40 seconds ago", "3 minutes ago",
with the exact time as its title. static/js/relative-time.js keeps the words true while the page
stays open (same thresholds, kept in step with `ago`)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

JUST_NOW_SECONDS = 10
EXACT_FORMAT = "j M Y, H:i:s T"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'} ago"


def ago(moment: datetime, *, now: datetime) -> str:
    seconds = max(0, int((now - moment).total_seconds()))  # a clock a little ahead: "just now"
    if seconds < JUST_NOW_SECONDS:
        return "just now"
    if seconds < 60:
        return _count(seconds, "second")
    minutes = seconds // 60
    if minutes < 60:
        return _count(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _count(hours, "hour")
    days = hours // 24
    if days < 7:
        return _count(days, "day")
    return f"on {dateformat.format(timezone.localtime(moment), 'j M Y')}"


@register.simple_tag
def relative_time(moment: datetime | None) -> SafeString | str:
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        moment.isoformat(),
        dateformat.format(timezone.localtime(moment), EXACT_FORMAT),
        ago(moment, now=timezone.now()),
    )
