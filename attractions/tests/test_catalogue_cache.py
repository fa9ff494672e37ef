"""The catalogue cache: the same entries for everyone, one query a hit, never stale
after an edit, bounded whatever a client sends."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attractions import attraction_json, catalogue_cache
from attractions.catalogue_cache import (
    VERSION_KEY,
    ProcessCopies,
    bump_catalogue_version,
)
from attractions.models import Attraction, AttractionImage, Category, MrtStation

pytestmark = pytest.mark.django_db

CATALOGUE_PATHS = [
    "/api/attractions?page=0",
    "/api/attractions?page=0&keyword=北投",
    "/api/attractions?page=0&category=養生溫泉",
    "/api/attraction/1",
    "/api/mrts",
    "/api/categories",
]
PAGES = ["/", "/?keyword=北投", "/attraction/1"]


def rename_in_another_process(pk: int, name: str) -> None:
    """The rows another app server's save leaves: its signals marked the JSON stale,
    and this process's signals see nothing."""
    Attraction.objects.filter(pk=pk).update(name=name)
    attraction_json.mark_stale(Attraction.objects.filter(pk=pk))


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_process(monkeypatch):
    """This process as freshly started: no copies, no version read yet."""
    fresh = ProcessCopies()
    monkeypatch.setattr(catalogue_cache, "copies", fresh)
    return fresh


@pytest.fixture
def capture_commits(django_capture_on_commit_callbacks):
    """Run on_commit callbacks as the real commit would (tests run inside a transaction)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()

    return run


@pytest.mark.parametrize("path", CATALOGUE_PATHS + PAGES)
@pytest.mark.parametrize(
    ("version_check_seconds", "queries"),
    [(0.5, 0), (0, 1)],
    ids=["version-reused", "version-read-every-time"],
)
def test_a_repeated_request_costs_at_most_the_version_query_and_same_bytes(
    client,
    settings,
    imported_catalogue,
    django_assert_num_queries,
    new_process,
    path,
    version_check_seconds,
    queries,
):
    settings.CATALOGUE_VERSION_CHECK_SECONDS = version_check_seconds
    first = client.get(path)

    with django_assert_num_queries(queries):
        second = client.get(path)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_an_admin_edit_is_visible_on_the_next_request(
    client, admin_client, imported_catalogue, capture_commits
):
    for path in CATALOGUE_PATHS + PAGES:
        client.get(path)
    attraction = Attraction.objects.get(pk=1)
    data = {
        "name": "新北投溫泉區（整修中）",
        "category": attraction.category_id,
        "mrt": attraction.mrt_id,
        "description": attraction.description,
        "address": attraction.address,
        "transport": attraction.transport,
        "lat": attraction.lat,
        "lng": attraction.lng,
        "is_published": "on",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
    }

    def edit():
        response = admin_client.post("/admin/attractions/attraction/1/change/", data)
        assert response.status_code == 302

    capture_commits(edit)

    detail = client.get("/api/attraction/1").json()["data"]
    first_page = client.get("/api/attractions?page=0").json()["data"]
    assert detail["name"] == "新北投溫泉區（整修中）"
    assert first_page[0]["name"] == "新北投溫泉區（整修中）"
    for path in PAGES:
        assert "新北投溫泉區（整修中）" in client.get(path).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda: AttractionImage.objects.filter(attraction_id=1).first().delete(),
        lambda: AttractionImage.objects.create(
            attraction_id=1, position=99, url="https://img.example.com/new.jpg"
        ),
        lambda: Category.objects.filter(name="養生溫泉").first().save(),
        lambda: MrtStation.objects.create(name="新站"),
        lambda: Attraction.objects.get(pk=1).save(),
    ],
    ids=["image-deleted", "image-added", "category-saved", "station-added", "saved"],
)
def test_any_catalogue_save_or_delete_makes_every_answer_stale(
    client, imported_catalogue, capture_commits, django_assert_num_queries, change
):
    for path in CATALOGUE_PATHS:
        client.get(path)
    version = cache.get(VERSION_KEY)
    with django_assert_num_queries(1):  # the version check, then this process's copy
        client.get("/api/attraction/1")

    capture_commits(change)

    assert cache.get(VERSION_KEY) != version
    with CaptureQueriesContext(connection) as rebuilt:
        client.get("/api/attraction/1")
    assert len(rebuilt) > 1  # the entry of the old version was not served


def test_the_version_changes_only_when_the_edit_commits(
    imported_catalogue, django_capture_on_commit_callbacks
):
    version = cache.get(VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Attraction.objects.filter(pk=1).first().save()
        assert cache.get(VERSION_KEY) == version

    assert len(callbacks) == 1
    callbacks[0]()
    assert cache.get(VERSION_KEY) != version


def test_an_import_bumps_the_version_once_not_once_per_row(
    catalogue_source, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("import_attractions", str(catalogue_source), verbosity=0)

    assert callbacks == [bump_catalogue_version]


def test_a_members_request_reads_the_shared_entry_without_looking_up_the_token(
    client, token, imported_catalogue
):
    signed_in = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    anonymous = client.get("/api/attraction/1").content
    # update() sends no signal: a request that skipped the cache would see it.
    Attraction.objects.filter(pk=1).update(name="不該看到的名字")

    for path in CATALOGUE_PATHS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, **signed_in).status_code == 200
        assert not [q for q in queries if "accounts_" in q["sql"]], path
    assert client.get("/api/attraction/1", **signed_in).content == anonymous


def test_a_members_request_fills_the_entry_anonymous_visitors_then_read(
    client, token, imported_catalogue, django_assert_num_queries
):
    signed_in = client.get(
        "/api/attractions?page=0", HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    with django_assert_num_queries(1):  # the version; the answer is the member's entry
        anonymous = client.get("/api/attractions?page=0")

    assert anonymous.content == signed_in.content


def test_no_members_data_ever_enters_a_shared_entry(client, imported_catalogue):
    from accounts.models import User
    from accounts.tokens import issue_token
    from bookings.pricing import bookable_dates
    from bookings.services import add_booking

    member = User.objects.create_user(
        "secret-member@example.com", None, name="祕密會員"
    )
    member.phone = "0912345678"
    member.save()
    tomorrow = bookable_dates()[0] + timedelta(days=1)
    add_booking(user=member, attraction_id=1, date=tomorrow, slot="morning")
    raw = issue_token(user=member)
    session = client
    session.force_login(member)  # a session cookie too, as the admin would have

    answers = [
        session.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}").content
        for path in CATALOGUE_PATHS + PAGES
    ]

    stored = [str(cache.get(key.split(":", 2)[2])) for key in cache_keys()]
    for secret in ("secret-member@example.com", "祕密會員", "0912345678", raw):
        assert not [value for value in stored if secret in value], secret
        assert not [body for body in answers if secret.encode() in body], secret
    client.logout()
    assert answers == [client.get(path).content for path in CATALOGUE_PATHS + PAGES]


@pytest.mark.parametrize(
    "junk",
    [
        lambda: f"&x={uuid.uuid4().hex}",
        lambda: f"&page=0&{uuid.uuid4().hex}=1",
        lambda: "&keyword=",
        lambda: "&category=",
    ],
    ids=["junk-parameter", "junk-name", "empty-keyword", "empty-category"],
)
def test_junk_query_parameters_map_to_the_entry_of_the_validated_ones(
    client, imported_catalogue, junk
):
    plain = client.get("/api/attractions?page=0").content
    home = client.get("/").content
    before = len(answer_keys())

    for _ in range(20):
        assert client.get(f"/api/attractions?page=0{junk()}").content == plain
        assert client.get(f"/?page=3{junk()}").content == home

    assert len(answer_keys()) == before


def test_the_keyword_is_the_validated_one(client, imported_catalogue):
    plain = client.get("/api/attractions?page=0&keyword=北投").content
    before = len(answer_keys())

    padded = client.get("/api/attractions?page=0&keyword=%20北投%20").content

    assert padded == plain
    assert len(answer_keys()) == before


def test_empty_answers_are_not_stored(client, imported_catalogue):
    before = len(answer_keys())

    for number in range(10):
        answer = client.get(f"/api/attractions?page=0&keyword=無此{number}").json()
        assert answer == {"nextPage": None, "data": []}
        assert client.get(f"/api/attractions?page={900 + number}").json()["data"] == []
        assert client.get(f"/?keyword=無此{number}").status_code == 200

    assert len(answer_keys()) == before


def test_the_number_of_stored_answers_is_capped(client, settings, imported_catalogue):
    settings.CATALOGUE_CACHE_MAX_ENTRIES = 3
    keywords = ["北投", "公園", "溫泉", "博物館", "夜市", "古蹟", "寺", "山"]

    first = [
        client.get(f"/api/attractions?page=0&keyword={k}").json() for k in keywords
    ]

    assert len(answer_keys()) == 3
    again = [
        client.get(f"/api/attractions?page=0&keyword={k}").json() for k in keywords
    ]
    assert again == first  # the ones not stored are built from the database


def test_error_answers_are_not_cached(client, make_attraction):
    assert client.get("/api/attraction/777").status_code == 400

    make_attraction("新景點", id=777)

    assert client.get("/api/attraction/777").status_code == 200
    assert client.get("/api/attractions?page=-1").status_code == 400


def test_station_and_category_lists_follow_edits_for_everyone(
    client, token, imported_catalogue, capture_commits
):
    signed_in = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert "新站" not in client.get("/api/mrts", **signed_in).json()["data"]

    def add_station():
        station = MrtStation.objects.create(name="新站")
        attraction = Attraction.objects.get(pk=1)
        attraction.mrt = station
        attraction.save()

    capture_commits(add_station)

    assert "新站" in client.get("/api/mrts", **signed_in).json()["data"]
    assert "新站" in client.get("/api/mrts").json()["data"]


def test_another_process_edit_is_seen_although_this_process_kept_a_copy(
    client, imported_catalogue
):
    before = client.get("/api/attraction/1").json()["data"]["name"]
    assert catalogue_cache.copies.entries  # this process now holds a copy
    # Another app server saved the rename and bumped the shared version:
    rename_in_another_process(1, "別台伺服器改的名字")
    bump_catalogue_version()

    after = client.get("/api/attraction/1").json()["data"]["name"]

    assert (before, after) == ("新北投溫泉區", "別台伺服器改的名字")


def test_a_version_check_interval_skips_the_round_trip_but_not_for_long(
    client,
    settings,
    imported_catalogue,
    django_assert_num_queries,
    monkeypatch,
    new_process,
):
    settings.CATALOGUE_VERSION_CHECK_SECONDS = 1
    client.get("/api/attraction/1")
    rename_in_another_process(1, "別台伺服器改的名字")
    cache.set(VERSION_KEY, "bumped-by-another-process", None)

    with django_assert_num_queries(0):
        stale = client.get("/api/attraction/1").json()["data"]["name"]
    later = catalogue_cache.time.monotonic() + 1.5
    monkeypatch.setattr(catalogue_cache.time, "monotonic", lambda: later)
    fresh = client.get("/api/attraction/1").json()["data"]["name"]

    assert (stale, fresh) == ("新北投溫泉區", "別台伺服器改的名字")


def test_the_cache_can_be_turned_off(
    client, settings, real_catalogue, django_assert_num_queries
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    client.get("/api/mrts")

    with django_assert_num_queries(1):  # the station query itself, no cache query
        assert client.get("/api/mrts").json()["data"][0] == "新北投"
    assert cache.get(VERSION_KEY) is None


def cache_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        return [row[0] for row in cursor.fetchall()]


def answer_keys() -> list[str]:
    return [key for key in cache_keys() if key.startswith(":1:catalogue:answer:")]


@pytest.mark.parametrize("path", ["/", "/attraction/1", "/api/attraction/1"])
def test_another_release_never_serves_this_ones_entries(
    client, imported_catalogue, new_process, monkeypatch, path
):
    client.get(path)
    # A deploy: the same shared cache, a process running other templates and catalogues.
    monkeypatch.setattr(catalogue_cache, "copies", ProcessCopies())
    monkeypatch.setattr(catalogue_cache, "release_digest", lambda: "next release")
    Attraction.objects.filter(pk=1).update(name="新版本才看得到")
    attraction_json.mark_stale(Attraction.objects.filter(pk=1))

    assert "新版本才看得到" in client.get(path).content.decode()
