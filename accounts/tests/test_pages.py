import pytest

pytestmark = pytest.mark.django_db


def test_the_member_page_renders_its_forms_for_the_module(client):
    response = client.get("/member")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script type="module" src="/static/js/member.js"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert 'name="currentPassword"' in html
    assert 'name="newPassword"' in html


def test_the_member_page_shows_the_email_read_only(client):
    html = client.get("/member").content.decode()

    assert 'id="profile-email" name="email" type="email" readonly' in html
