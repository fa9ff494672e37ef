"""Shared test fixtures. Other data lives in module fixtures built with the ORM."""

from pathlib import Path

import pytest

from taipei_trip.testing import CHROMIUM, CHROMIUM_ARGS, DEMO_DATA, open_data_file

pytest.register_assert_rewrite("taipei_trip.tests.assertions")


@pytest.fixture(autouse=True)
def temporary_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def open_data_path() -> Path:
    """The real open-data file; the test is skipped, with the reason, without it."""
    path = open_data_file()
    if not path.is_file():
        pytest.skip(
            f"the real open-data file is not at {path} "
            "(set TAIPEI_ATTRACTIONS_JSON or put it in ../shared/data/)"
        )
    return path


@pytest.fixture(params=["demo", "open data"])
def catalogue_source(request) -> Path:
    """Each import rule is checked on the demo file and, when present, on the real one."""
    if request.param == "demo":
        return DEMO_DATA
    return request.getfixturevalue("open_data_path")


@pytest.fixture
def imported_catalogue(db):
    """The project's demo catalogue (fixtures/, 12 real ids), imported by the command."""
    from django.core.management import call_command

    call_command("import_attractions", str(DEMO_DATA), verbosity=0)


@pytest.fixture
def real_catalogue(db, open_data_path):
    """The real 58 attractions, imported through the command (skipped without them)."""
    from django.core.management import call_command

    call_command("import_attractions", str(open_data_path), verbosity=0)


@pytest.fixture
def user(db):
    from accounts.models import User

    return User.objects.create_user(
        "member@example.com", "correct horse 42", name="小明"
    )


@pytest.fixture
def token(user):
    from accounts.tokens import issue_token

    return issue_token(user=user)


@pytest.fixture
def auth_client(client, token):
    """A test client that sends the member's bearer token on every request."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, signed in with the second factor too."""
    from backoffice.testing import sign_in_staff

    return sign_in_staff(client, admin_user)


@pytest.fixture
def make_attraction(db):
    from attractions.models import Attraction, AttractionImage, Category, MrtStation

    def make(
        name="台北101", *, mrt="台北101／世貿", category="地標", images=1, **fields
    ):
        station = MrtStation.objects.get_or_create(name=mrt)[0] if mrt else None
        attraction = Attraction.objects.create(
            name=name,
            category=Category.objects.get_or_create(name=category)[0],
            mrt=station,
            lat=fields.pop("lat", 25.0339),
            lng=fields.pop("lng", 121.5645),
            address=fields.pop("address", "臺北市信義區信義路五段7號"),
            **fields,
        )
        for position in range(images):
            AttractionImage.objects.create(
                attraction=attraction,
                position=position,
                url=f"https://images.example.com/{attraction.pk}-{position}.jpg",
            )
        return attraction

    return make


@pytest.fixture
def fake_tappay(settings):
    """The local fake TapPay on an ephemeral port, with the TAPPAY_* settings on it.

    The client's read timeout (0.5 s) is shorter than the fake's `slow_seconds`, so a
    `fake_timeout...` prime charges and then times out.
    """
    from devtools.fake_tappay import FakeTapPay

    fake = FakeTapPay(slow_seconds=3.0).start()
    settings.TAPPAY_BASE_URL = fake.base_url
    settings.TAPPAY_PARTNER_KEY = fake.partner_key
    settings.TAPPAY_MERCHANT_ID = fake.merchant_id
    settings.TAPPAY_TIMEOUT = 0.5
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (see taipei_trip/testing.py)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }
