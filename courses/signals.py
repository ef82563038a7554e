"""Hooks on events the courses app does not start itself: finishing an enrollment that an
anonymous visitor started before signing up or logging in, forgetting what was kept of a
student's (config/reader_cache.py) when an enrollment of theirs comes or goes (by us, the admin
or a cascade), and a new content version (courses/content_cache.py) whenever anything kept under
it is saved or deleted: lesson fragments and outlines, practice tests, game levels, the catalog."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from config import reader_cache
from courses import content_cache, services
from courses.models import Enrollment

# Everything the lesson page's cached fragments and outline show (exercises by their titles and
# links).
# Labels rather than classes: courses does not import the apps built on it.
CONTENT_MODELS = frozenset(
    {
        "courses.Program",
        "courses.Course",
        "courses.Chapter",
        "courses.Lesson",
        "courses.AudioLesson",
        "courses.TranscriptLine",
        "courses.Overview",
        "courses.AudioBookChapter",
        "courses.KeyConcept",
        "courses.Example",
        "courses.MemoryAid",
        "courses.Flashcard",
        "courses.GlossaryTerm",
        "courses.ReferenceLink",
        "courses.Video",
        "exercises.Exercise",
        # Shared through the content cache too: a lesson's practice tests and game levels.
        "quizzes.PracticeTest",
        "games.Level",
    }
)


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
def forget_what_was_kept_of_the_student(sender, instance, **kwargs) -> None:
    # Their standing in the course's lessons, their deck's due count: read afresh.
    reader_cache.forget(instance.user_id)


@receiver(user_logged_in)
def enroll_after_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    course = services.complete_pending_enrollment(session=request.session, user=user)
    if course is not None:
        messages.success(request, f"You are enrolled in {course.title}.")


def new_content_version(sender, **kwargs) -> None:
    content_cache.bump()


# Connected per content model (lazy "app.Model" labels), so saving a submission, an answer or a
# session never runs this at all.
for _label in CONTENT_MODELS:
    post_save.connect(new_content_version, sender=_label, dispatch_uid=f"content-save-{_label}")
    post_delete.connect(new_content_version, sender=_label, dispatch_uid=f"content-del-{_label}")
