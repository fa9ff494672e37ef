"""Party size, the booking cut-off and the availability API (issue 11, points 1, 2, 4)."""

import json
from datetime import timedelta

import pytest

from bookings.forms import MESSAGES
from bookings.models import Booking, Departure
from bookings.pricing import PRICES, today_in_taipei
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

PARTICIPANTS_ERROR = MESSAGES["participants"].format(max=10)


def post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def trip(attraction, *, days=1, time="morning", participants=None, price=None):
    body = {
        "attractionId": attraction.id,
        "date": (today_in_taipei() + timedelta(days=days)).isoformat(),
        "time": time,
    }
    people = (
        1
        if participants is None or not isinstance(participants, int)
        else (participants)
    )
    body["price"] = PRICES[time] * people if price is None else price
    if participants is not None:
        body["participants"] = participants
    return body


def test_a_booking_without_participants_is_for_one_person(auth_client, attraction):
    response = post_json(auth_client, "/api/booking", trip(attraction))

    assert response.json() == {"ok": True}
    booking = Booking.objects.get()
    assert (booking.participants, booking.price) == (1, 2000)


def test_three_participants_cost_three_times_the_price_per_person(
    auth_client, attraction
):
    post_json(
        auth_client, "/api/booking", trip(attraction, time="afternoon", participants=3)
    )

    item = auth_client.get("/api/booking").json()["data"][0]
    assert (item["participants"], item["unitPrice"], item["price"]) == (3, 2500, 7500)


def test_a_price_for_fewer_people_than_booked_is_refused(auth_client, attraction):
    response = post_json(
        auth_client, "/api/booking", trip(attraction, participants=3, price=2000)
    )

    assert_json_error(response, 400, MESSAGES["price"])
    assert not Booking.objects.exists()


@pytest.mark.parametrize("participants", [0, 11, -1, "3", 2.5, True, [], None])
def test_a_party_size_outside_1_to_10_or_not_an_integer_is_refused(
    auth_client, attraction, participants
):
    body = trip(attraction)
    body["participants"] = participants
    response = post_json(auth_client, "/api/booking", body)

    if participants is None:  # JSON null is "absent": one person
        assert response.status_code == 200
        return
    assert_json_error(response, 400, PARTICIPANTS_ERROR)
    assert not Booking.objects.exists()


def test_the_maximum_party_size_is_a_setting(auth_client, attraction, settings):
    settings.TRIP_MAX_PARTICIPANTS = 4
    response = post_json(auth_client, "/api/booking", trip(attraction, participants=5))

    assert_json_error(response, 400, MESSAGES["participants"].format(max=4))


def test_booking_the_same_trip_again_changes_its_party_size(auth_client, attraction):
    post_json(auth_client, "/api/booking", trip(attraction, participants=2))
    post_json(auth_client, "/api/booking", trip(attraction, participants=4))

    booking = Booking.objects.get()
    assert (booking.participants, booking.price) == (4, 8000)


def test_a_slot_can_be_booked_until_two_hours_before_it_starts(
    auth_client, attraction, taipei_clock
):
    taipei_clock("11:59")
    assert (
        post_json(
            auth_client, "/api/booking", trip(attraction, days=0, time="afternoon")
        ).status_code
        == 200
    )


def test_a_slot_past_its_cut_off_is_refused_with_a_clear_message(
    auth_client, attraction, taipei_clock
):
    taipei_clock("07:00")
    response = post_json(auth_client, "/api/booking", trip(attraction, days=0))

    day = today_in_taipei().isoformat()
    assert_json_error(
        response,
        400,
        MESSAGES["cutoff"].format(date=day, slot="上半天", cutoff="2 小時"),
    )
    assert not Booking.objects.exists()


def test_the_cut_off_is_a_setting(auth_client, attraction, taipei_clock, settings):
    settings.TRIP_BOOKING_CUTOFF_MINUTES = 30
    taipei_clock("08:00")
    assert (
        post_json(auth_client, "/api/booking", trip(attraction, days=0)).status_code
        == 200
    )


def test_the_cart_says_a_slot_past_its_cut_off_is_closed(
    auth_client, attraction, taipei_clock
):
    taipei_clock("06:00")
    post_json(auth_client, "/api/booking", trip(attraction, days=0))
    taipei_clock("08:00")

    assert auth_client.get("/api/booking").json()["data"][0]["open"] is False


# Availability


def availability(client, attraction_id, **query):
    return client.get(f"/api/attraction/{attraction_id}/availability", query)


def test_availability_lists_each_day_with_both_slots(client, attraction, taipei_clock):
    taipei_clock("10:00")
    first = today_in_taipei()
    response = availability(client, attraction.id, **{"from": first, "days": 3})

    assert response.status_code == 200
    data = response.json()["data"]
    assert [day["date"] for day in data] == [
        (first + timedelta(days=n)).isoformat() for n in range(3)
    ]
    # Today's morning started at 09:00; the afternoon's cut-off is 12:00.
    assert data[0]["slots"] == {
        "morning": {"remaining": 20, "open": False},
        "afternoon": {"remaining": 20, "open": True},
    }
    assert data[1]["slots"]["morning"] == {"remaining": 20, "open": True}


def test_availability_shows_taken_seats_closures_and_staff_capacity(client, attraction):
    tomorrow = today_in_taipei() + timedelta(days=1)
    attraction.seats_per_slot = 8
    attraction.save()
    Departure.objects.create(
        attraction=attraction, date=tomorrow, slot="morning", taken=8
    )
    Departure.objects.create(
        attraction=attraction, date=tomorrow, slot="afternoon", taken=3, is_closed=True
    )

    day = availability(client, attraction.id, **{"from": tomorrow, "days": 1}).json()
    assert day["data"][0]["slots"] == {
        "morning": {"remaining": 0, "open": False},
        "afternoon": {"remaining": 5, "open": False},
    }


def test_availability_takes_two_queries_for_62_days(
    client, attraction, django_assert_max_num_queries, settings
):
    settings.AVAILABILITY_CACHE_SECONDS = 0  # measure the build, not a cache hit
    for days in range(0, 62, 3):
        Departure.objects.create(
            attraction=attraction,
            date=today_in_taipei() + timedelta(days=days),
            slot="afternoon",
            taken=1,
        )
    # The attraction, then its departures in the range.
    with django_assert_max_num_queries(2):
        response = availability(client, attraction.id, days=62)
    assert len(response.json()["data"]) == 62


def test_availability_is_served_from_the_cache_until_a_seat_changes(
    client, attraction, django_capture_on_commit_callbacks
):
    tomorrow = today_in_taipei() + timedelta(days=1)
    query = {"from": tomorrow, "days": 1}
    first = availability(client, attraction.id, **query).content
    with django_assert_num_queries_without_cache() as own:
        assert availability(client, attraction.id, **query).content == first
    assert own == []

    from bookings.seats import take_seats

    with django_capture_on_commit_callbacks(execute=True):
        take_seats(
            attraction=attraction,
            day=tomorrow,
            slot="morning",
            count=2,
            order_item_id=1,
            slot_label="上半天",
        )
    after = availability(client, attraction.id, **query).json()
    assert after["data"][0]["slots"]["morning"]["remaining"] == 18


class django_assert_num_queries_without_cache:  # noqa: N801
    """The SQL a block ran, leaving out the database cache backend's own queries."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        self.own = []
        return self.own

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        self.own.extend(
            q["sql"]
            for q in self.context.captured_queries
            if "django_cache" not in q["sql"]
        )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2020-01-01"}, MESSAGES["availability_from"]),
        ({"from": "tomorrow"}, MESSAGES["availability_from"]),
        ({"days": "63"}, MESSAGES["availability_days"].format(max=62)),
        ({"days": "0"}, MESSAGES["availability_days"].format(max=62)),
        ({"days": "three"}, MESSAGES["availability_days"].format(max=62)),
    ],
)
def test_bad_availability_queries_get_the_error_body(
    client, attraction, query, message
):
    assert_json_error(availability(client, attraction.id, **query), 400, message)


@pytest.mark.parametrize("attraction_id", ["999999", "abc", "-1"])
def test_availability_of_an_unknown_attraction_is_a_400(client, db, attraction_id):
    assert_json_error(availability(client, attraction_id), 400, "景點編號不正確")
