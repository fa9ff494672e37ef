"""Shared test fixtures. Other data lives in module fixtures built with the ORM."""

import tempfile
from pathlib import Path

import pytest
from django.utils import translation

from taipei_trip.testing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_DATA,
    DEMO_TRANSLATIONS,
    RedisServer,
    open_data_file,
    start_worker,
    stop_worker,
    wait_until,
)

pytest.register_assert_rewrite("taipei_trip.tests.assertions")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite the test database is a file (in memory-backed /dev/shm where there is
    one) rather than Django's in-memory default, so a worker process can open it too."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"].endswith("sqlite3") and not test.get("NAME"):
        shm = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
        folder = tempfile.mkdtemp(prefix="taipei-trip-test-", dir=shm)
        test["NAME"] = str(Path(folder) / "db.sqlite3")


@pytest.fixture
def task_worker(transactional_db, tmp_path):
    """Start real Celery worker processes on a private Redis, against the test database;
    tasks enqueued by the test go to them instead of running eagerly.

    `task_worker(env={...})` starts one with extra environment (settings) and returns
    the process; its log is `tmp_path / "worker-N.log"`.
    """
    from django.db import connection

    from taipei_trip.celery import app

    redis = RedisServer().start()
    database = connection.settings_dict
    base_env = {"DB_NAME": str(database["NAME"]), "CELERY_TASK_ALWAYS_EAGER": "false"}
    previous = app.conf.broker_url
    use_broker(app, task_always_eager=False, broker_url=redis.url)
    workers = []

    def start(*, env: dict[str, str] | None = None):
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        worker_env = {**base_env, **(env or {})}
        workers.append(start_worker(broker_url=redis.url, env=worker_env, log_path=log))
        # Start-up takes seconds (longer on a busy machine): wait until it consumes.
        wait_until(
            lambda: " ready." in log.read_text() or workers[-1].poll() is not None,
            timeout=180,
            what="the worker to start",
        )
        assert workers[-1].poll() is None, log.read_text()
        return workers[-1]

    start.redis_url = redis.url
    start.logs = lambda: "\n".join(
        p.read_text() for p in sorted(tmp_path.glob("worker-*.log"))
    )
    yield start
    for worker in workers:
        stop_worker(worker)
    use_broker(app, task_always_eager=True, broker_url=previous)
    redis.stop()


def use_broker(app, **conf) -> None:
    """Point the test process's Celery app elsewhere, dropping pooled connections made
    for the previous broker."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = app.amqp._producer_pool = None
    app.conf.update(**conf)


@pytest.fixture(scope="session", autouse=True)
def tasks_run_eagerly():
    """Tasks run inside the test's process, where `mailoutbox` sees their mail; the
    worker tests (the `task_worker` fixture) start real workers instead."""
    from taipei_trip.celery import app

    # memory://: a task that escaped eager mode never reaches a real Redis.
    use_broker(app, task_always_eager=True, broker_url="memory://")
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts and ends in 繁體中文: a request activates its language (the URL's
    or the API's `lang`) and nothing deactivates it, so it would leak into the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def temporary_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def catalogue_version_read_every_time(settings):
    """Read the shared catalogue version on every request, as in one process per test.

    The cache table lives in the test database, so each test's rollback also takes back
    the catalogue version; an app process would notice that only within
    CATALOGUE_VERSION_CHECK_SECONDS. Tests of that interval set it themselves.
    """
    settings.CATALOGUE_VERSION_CHECK_SECONDS = 0


@pytest.fixture(autouse=True)
def shared_cache_emptied(request, django_db_blocker):
    """Each test that uses the database starts with an empty shared cache.

    The cache table is no model, so a transactional test's flush leaves it: a page one
    such test cached (and committed) would otherwise answer a later test that renders it
    under other settings or data.
    """
    marked = request.node.get_closest_marker("django_db") is not None
    if not (marked or {"db", "transactional_db"} & set(request.fixturenames)):
        return
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


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
    for language, path in DEMO_TRANSLATIONS.items():
        call_command("import_attractions", str(path), language=language, verbosity=0)


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
    from attractions.services import save_attraction_edit

    def make(
        name="台北101", *, mrt="台北101／世貿", category="地標", images=1, **fields
    ):
        station = MrtStation.objects.get_or_create(name=mrt)[0] if mrt else None
        attraction = Attraction(
            name=name,
            category=Category.objects.get_or_create(name=category)[0],
            mrt=station,
            lat=fields.pop("lat", 25.0339),
            lng=fields.pop("lng", 121.5645),
            address=fields.pop("address", "臺北市信義區信義路五段7號"),
            **fields,
        )
        save_attraction_edit(attraction=attraction, is_new=True)  # as the admin adds
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


@pytest.fixture
def taipei_clock(monkeypatch):
    """Stop the clock at a Taipei wall-clock time of today (or a datetime): slot
    cut-offs and cancellation deadlines depend on the hour a test happens to run."""
    import datetime as dt

    from django.utils import timezone

    from bookings.pricing import TAIPEI, today_in_taipei

    def set_time(when: str | dt.datetime, *, days: int = 0) -> dt.datetime:
        if isinstance(when, str):
            day = today_in_taipei() + dt.timedelta(days=days)
            when = dt.datetime.combine(day, dt.time.fromisoformat(when), tzinfo=TAIPEI)
        monkeypatch.setattr(timezone, "now", lambda: when.astimezone(dt.UTC))
        return when

    return set_time
