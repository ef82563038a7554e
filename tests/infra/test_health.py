import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
