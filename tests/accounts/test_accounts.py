from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-42"


def signup_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return {**data, **overrides}


def test_sign_up_creates_a_student_and_logs_them_in(client):
    response = client.post(reverse("accounts:signup"), signup_data(), follow=True)

    user = User.objects.get(email="ada@example.com")
    assert user.name == "Ada Lovelace"
    assert user.role == User.Role.STUDENT
    assert not user.is_staff
    assert user.check_password(NEW_PASSWORD)
    assert response.context["user"] == user
    assert b"Welcome to Spindle, Ada!" in response.content


def test_sign_up_returns_to_the_page_it_came_from(client):
    response = client.post(reverse("accounts:signup"), signup_data(next="/accounts/profile/"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"


def test_sign_up_ignores_a_next_pointing_to_another_site(client):
    response = client.post(reverse("accounts:signup"), signup_data(next="https://evil.example/"))
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "something-else-entirely"}, "password2", "The two passwords differ."),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_sign_up_with_bad_input_re_renders_with_messages(client, overrides, field, message):
    response = client.post(reverse("accounts:signup"), signup_data(**overrides))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.encode() in response.content
    assert not User.objects.exists()


def test_sign_up_refuses_an_email_already_taken_whatever_its_case(client, student):
    response = client.post(reverse("accounts:signup"), signup_data(email="STELLA@example.com"))

    assert response.status_code == 400
    assert "already exists" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


def test_log_in_and_log_out(client, student):
    response = client.post(
        reverse("accounts:login"), {"username": student.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_log_out_requires_post(client, student):
    client.force_login(student)
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_a_wrong_password_re_renders_the_login_form_with_a_message(client, student):
    response = client.post(
        reverse("accounts:login"), {"username": student.email, "password": "nope"}
    )
    assert response.status_code == 400
    assert b"Please enter a correct email address and password" in response.content


def test_it_throttles_after_repeated_failed_logins(client, student, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": student.email, "password": "nope"})

    # Even the right password is refused during the cool-down.
    response = client.post(
        reverse("accounts:login"), {"username": student.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, student, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": student.email, "password": "nope"})
    client.post(
        reverse("accounts:login"), {"username": student.email, "password": DEFAULT_PASSWORD}
    )
    client.post(reverse("accounts:logout"))

    client.post(reverse("accounts:login"), {"username": student.email, "password": "nope"})
    response = client.post(
        reverse("accounts:login"), {"username": student.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_password_change(client, student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)


def test_password_change_with_a_wrong_old_password_changes_nothing(client, student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert b"Your old password was entered incorrectly" in response.content
    student.refresh_from_db()
    assert student.check_password(DEFAULT_PASSWORD)


def test_password_reset_email_link_sets_a_new_password(client, student):
    response = client.post(reverse("accounts:password_reset"), {"email": student.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]

    # The link redirects to a URL without the token in it, where the form lives.
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    # A used link is dead.
    assert not client.get(link, follow=True).context["validlink"]


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_edit_saves_name_and_email(client, student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:profile"), {"name": "Stella Star", "email": "Star@Example.com"}
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.name, student.email) == ("Stella Star", "star@example.com")


def test_profile_edit_refuses_another_users_email(client, student, other_student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:profile"), {"name": "Stella", "email": other_student.email}
    )
    assert response.status_code == 400
    assert b"Another account already uses this email." in response.content
    student.refresh_from_db()
    assert student.email == "stella@example.com"


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_navigation_shows_what_each_role_may_use(client, student, staff):
    anonymous = client.get(reverse("home")).content.decode()
    assert "Log in" in anonymous and "Sign up" in anonymous
    assert "Log out" not in anonymous and "Admin" not in anonymous

    client.force_login(student)
    as_student = client.get(reverse("home")).content.decode()
    assert "Log out" in as_student and "Stella" in as_student
    assert ">Admin<" not in as_student

    client.force_login(staff)
    assert ">Admin<" in client.get(reverse("home")).content.decode()


def test_the_admin_lists_users_with_a_role_filter(client, staff, teacher, student):
    client.force_login(staff)
    response = client.get(reverse("admin:accounts_user_changelist"), {"role__exact": "teacher"})
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [teacher]


def test_a_student_cannot_open_the_admin(client, student):
    client.force_login(student)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_every_page_sends_the_csrf_token_to_htmx_once(client):
    html = client.get(reverse("home")).content.decode()
    assert html.count('hx-headers=\'{"X-CSRFToken"') == 1


def test_pages_send_a_content_security_policy_that_allows_only_our_scripts(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
