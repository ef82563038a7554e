"""Class actions: create, join, remove. Every state change of this app goes through here."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from courses import services as course_services
from courses.models import Course
from teaching.models import Classroom, Membership

# No 0/O, 1/I/L: codes are read aloud and copied from a whiteboard.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7


class ClassError(Exception):
    pass


class NotATeacher(ClassError):
    pass


class UnknownCode(ClassError):
    pass


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper().replace("-", "")


def create_class(*, teacher, course: Course, name: str) -> Classroom:
    if not teacher.is_teacher:
        raise NotATeacher("Only teachers can create classes.")
    for _ in range(5):  # a collision among 31^7 codes is rare; retry rather than fail
        try:
            with transaction.atomic():
                return Classroom.objects.create(
                    teacher=teacher, course=course, name=name.strip(), join_code=new_join_code()
                )
        except IntegrityError:
            continue
    raise ClassError("Could not find a free join code; try again.")


@transaction.atomic
def join_class(*, student, code: str) -> Classroom:
    """Join by code; joining also enrolls the student in the class's course."""
    classroom = (
        Classroom.objects.select_related("course")
        .filter(join_code=normalise_code(code), course__is_published=True)
        .first()
    )
    if classroom is None:
        raise UnknownCode("No class has that code. Check it with your teacher.")
    Membership.objects.get_or_create(classroom=classroom, student=student)
    course_services.enroll(user=student, course=classroom.course)
    return classroom


@transaction.atomic
def remove_student(*, classroom: Classroom, student) -> None:
    # The student keeps their enrollment and work; they only leave the teacher's view.
    Membership.objects.filter(classroom=classroom, student=student).delete()


@transaction.atomic
def regenerate_code(*, classroom: Classroom) -> Classroom:
    classroom.join_code = new_join_code()
    classroom.save(update_fields=["join_code"])
    return classroom
