from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_lands_logged_in_and_the_profile_can_be_edited(live_server, page):
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").first.click()

    page.get_by_label("Name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password", exact=True).fill("cobol-compiler-1952")
    page.get_by_label("Password again").fill("cobol-compiler-1952")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("status")).to_contain_text("Welcome to Spindle, Grace!")
    page.get_by_role("link", name="Grace").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    page.get_by_label("Name").fill("Rear Admiral Grace Hopper")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile was saved.")
    assert User.objects.get(email="grace@example.com").name == "Rear Admiral Grace Hopper"


def test_keyboard_users_can_skip_to_the_content(live_server, page):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
