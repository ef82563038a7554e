"""Finishing an enrollment that an anonymous visitor started before signing up or logging in."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from courses import services


@receiver(user_logged_in)
def enroll_after_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    course = services.complete_pending_enrollment(session=request.session, user=user)
    if course is not None:
        messages.success(request, f"You are enrolled in {course.title}.")
