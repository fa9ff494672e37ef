import re

import pytest

from accounts.forms import PHONE as PROFILE_PHONE
from orders.forms import PHONE as CONTACT_PHONE
from taipei_trip.forms import PHONE_PATTERN

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


def test_the_phone_inputs_carry_the_server_s_own_phone_rule(client):
    """fields.js checks phones with the input's pattern, so it must be the forms' rule."""
    for path, input_id in (("/member", "profile-phone"), ("/booking", "contact-phone")):
        html = client.get(path).content.decode()
        tag = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', html).group(0)
        assert f'pattern="{PHONE_PATTERN}"' in tag
    assert PROFILE_PHONE.pattern == CONTACT_PHONE.pattern == PHONE_PATTERN
    assert PROFILE_PHONE.fullmatch("0912345678")
    assert not CONTACT_PHONE.fullmatch("091234567")
