from django import template

from reviews import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def review_due_count(context) -> int:
    """The due count in the navigation: one query for a signed-in student, none otherwise, and
    none on the Review page itself, which has just counted the deck."""
    counts = context.get("counts")
    if isinstance(counts, selectors.DueCounts):
        return counts.total
    user = context.get("user")
    return selectors.due_count(user=user) if user is not None else 0
