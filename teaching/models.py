from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from courses.models import Course


class Classroom(models.Model):
    """A teacher's class following one course. Students join with a short code."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classes_taught"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(max_length=120)
    join_code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="classes_joined"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teaching:class", args=[self.pk])


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"
