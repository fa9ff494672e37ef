import json
from datetime import timedelta

import pytest

from bookings.forms import MESSAGES
from bookings.models import Booking
from bookings.pricing import BOOKING_HORIZON_DAYS, PRICES, today_in_taipei
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


def post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def trip(attraction, *, days=1, time="morning", price=None):
    return {
        "attractionId": attraction.id,
        "date": (today_in_taipei() + timedelta(days=days)).isoformat(),
        "time": time,
        "price": PRICES[time] if price is None else price,
    }


def test_adding_a_trip_puts_it_in_the_cart_with_the_server_price(
    auth_client, attraction
):
    response = post_json(
        auth_client, "/api/booking", trip(attraction, time="afternoon")
    )

    assert response.status_code == 200
    assert response.json() == {"ok": True}
    cart = auth_client.get("/api/booking").json()["data"]
    tomorrow = (today_in_taipei() + timedelta(days=1)).isoformat()
    assert cart == [
        {
            "id": Booking.objects.get().id,
            "attraction": {
                "id": attraction.id,
                "name": "台北101",
                "address": attraction.address,
                "image": f"https://images.example.com/{attraction.id}-0.jpg",
            },
            "date": (today_in_taipei() + timedelta(days=1)).isoformat(),
            "time": "afternoon",
            "price": 2500,
            "participants": 1,
            "unitPrice": 2500,
            "offered": True,
            "open": True,
            "startTime": "14:00",
            "endTime": "21:00",
            "bookingCutoff": f"{tomorrow}T12:00:00+08:00",
            "cancellableUntil": f"{today_in_taipei().isoformat()}T14:00:00+08:00",
        }
    ]


def test_an_empty_cart_is_an_empty_list(auth_client):
    assert auth_client.get("/api/booking").json() == {"data": []}


def test_the_same_trip_twice_is_one_item(auth_client, attraction):
    post_json(auth_client, "/api/booking", trip(attraction))
    response = post_json(auth_client, "/api/booking", trip(attraction))

    assert response.json() == {"ok": True}
    assert Booking.objects.count() == 1


def test_a_cart_holds_many_trips(auth_client, attraction, make_attraction):
    other = make_attraction("北投溫泉", mrt="新北投")
    post_json(auth_client, "/api/booking", trip(attraction, time="morning"))
    post_json(auth_client, "/api/booking", trip(attraction, time="afternoon"))
    post_json(auth_client, "/api/booking", trip(other, days=3))

    cart = auth_client.get("/api/booking").json()["data"]

    assert [(item["attraction"]["id"], item["time"]) for item in cart] == [
        (attraction.id, "morning"),
        (attraction.id, "afternoon"),
        (other.id, "morning"),
    ]


def test_today_in_taipei_can_be_booked(auth_client, attraction, taipei_clock):
    taipei_clock("06:59")  # the morning's cut-off is 07:00
    response = post_json(auth_client, "/api/booking", trip(attraction, days=0))

    assert response.status_code == 200


def test_the_last_day_of_the_horizon_can_be_booked(auth_client, attraction):
    response = post_json(
        auth_client, "/api/booking", trip(attraction, days=BOOKING_HORIZON_DAYS)
    )

    assert response.status_code == 200


def test_a_date_in_the_past_is_rejected(auth_client, attraction):
    response = post_json(auth_client, "/api/booking", trip(attraction, days=-1))

    assert_json_error(response, 400, MESSAGES["date_past"])
    assert not Booking.objects.exists()


def test_a_date_beyond_the_horizon_is_rejected(auth_client, attraction):
    response = post_json(
        auth_client, "/api/booking", trip(attraction, days=BOOKING_HORIZON_DAYS + 1)
    )

    assert_json_error(
        response, 400, MESSAGES["date_far"].format(days=BOOKING_HORIZON_DAYS)
    )


@pytest.mark.parametrize(
    "date",
    ["2026/12/01", "2026-13-01", "2026-02-30", "tomorrow", "", None, 20261201, ["x"]],
)
def test_a_badly_formatted_date_is_rejected(auth_client, attraction, date):
    body = {**trip(attraction), "date": date}

    assert_json_error(
        post_json(auth_client, "/api/booking", body), 400, MESSAGES["date"]
    )


@pytest.mark.parametrize("time", ["evening", "MORNING", "", None, 1, ["morning"]])
def test_only_morning_and_afternoon_are_slots(auth_client, attraction, time):
    body = {**trip(attraction), "time": time}

    assert_json_error(
        post_json(auth_client, "/api/booking", body), 400, MESSAGES["time"]
    )


@pytest.mark.parametrize(
    ("time", "price"),
    [("morning", 2500), ("afternoon", 2000), ("morning", 1), ("morning", 0)],
)
def test_a_price_other_than_the_server_price_is_rejected(
    auth_client, attraction, time, price
):
    response = post_json(
        auth_client, "/api/booking", trip(attraction, time=time, price=price)
    )

    assert_json_error(response, 400, MESSAGES["price"])
    assert not Booking.objects.exists()


@pytest.mark.parametrize("price", [-2000, "free", None, 2000.5, True, [2000]])
def test_a_malformed_price_is_rejected(auth_client, attraction, price):
    body = {**trip(attraction), "price": price}

    assert_json_error(
        post_json(auth_client, "/api/booking", body), 400, MESSAGES["price"]
    )


def test_an_unknown_attraction_is_rejected(auth_client, attraction):
    body = {**trip(attraction), "attractionId": attraction.id + 1000}

    assert_json_error(
        post_json(auth_client, "/api/booking", body), 400, MESSAGES["attraction"]
    )


@pytest.mark.parametrize("attraction_id", ["abc", None, 0, -1, 10**20, True, {"id": 1}])
def test_a_malformed_attraction_id_is_rejected(auth_client, attraction, attraction_id):
    body = {**trip(attraction), "attractionId": attraction_id}

    assert_json_error(
        post_json(auth_client, "/api/booking", body), 400, MESSAGES["attraction"]
    )


@pytest.mark.parametrize("body", [b"{", b"[1, 2]", b"null", b"\xff\xfe", b'"text"'])
def test_malformed_json_is_a_400(auth_client, body):
    response = auth_client.post(
        "/api/booking", data=body, content_type="application/json"
    )

    assert_json_error(response, 400, API_MESSAGES["bad_json"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/booking"),
        ("post", "/api/booking"),
        ("delete", "/api/booking"),
        ("delete", "/api/booking/1"),
    ],
)
def test_every_cart_endpoint_needs_a_token(client, method, path):
    response = getattr(client, method)(path)

    assert_json_error(response, 403, API_MESSAGES["not_signed_in"])


def test_a_revoked_or_bogus_token_is_refused(client, attraction):
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer not-a-real-token"

    assert_json_error(client.get("/api/booking"), 403)


def test_deleting_one_item_leaves_the_others(auth_client, attraction):
    post_json(auth_client, "/api/booking", trip(attraction, time="morning"))
    post_json(auth_client, "/api/booking", trip(attraction, time="afternoon"))
    morning = Booking.objects.get(slot="morning")

    response = auth_client.delete(f"/api/booking/{morning.id}")

    assert response.json() == {"ok": True}
    assert list(Booking.objects.values_list("slot", flat=True)) == ["afternoon"]


def test_deleting_the_cart_empties_it(auth_client, attraction):
    post_json(auth_client, "/api/booking", trip(attraction, time="morning"))
    post_json(auth_client, "/api/booking", trip(attraction, time="afternoon"))

    response = auth_client.delete("/api/booking")

    assert response.json() == {"ok": True}
    assert auth_client.get("/api/booking").json() == {"data": []}


def test_another_members_item_cannot_be_deleted(auth_client, other_client, attraction):
    post_json(other_client, "/api/booking", trip(attraction))
    theirs = Booking.objects.get()

    response = auth_client.delete(f"/api/booking/{theirs.id}")

    assert_json_error(response, 400, MESSAGES["not_found"])
    assert Booking.objects.filter(pk=theirs.pk).exists()


def test_emptying_my_cart_leaves_other_members_carts(
    auth_client, other_client, attraction
):
    post_json(other_client, "/api/booking", trip(attraction))
    post_json(auth_client, "/api/booking", trip(attraction))

    auth_client.delete("/api/booking")

    assert other_client.get("/api/booking").json()["data"][0]["attraction"]["id"] == (
        attraction.id
    )


def test_a_member_sees_only_their_own_cart(auth_client, other_client, attraction):
    post_json(other_client, "/api/booking", trip(attraction))

    assert auth_client.get("/api/booking").json() == {"data": []}


@pytest.mark.parametrize(
    "booking_id", ["abc", "0", "-1", "99999999999999999999", "1.5"]
)
def test_a_malformed_or_unknown_item_id_is_a_400(auth_client, booking_id):
    response = auth_client.delete(f"/api/booking/{booking_id}")

    assert_json_error(response, 400)


def test_an_unknown_item_id_is_not_found(auth_client):
    assert_json_error(
        auth_client.delete("/api/booking/12345"), 400, MESSAGES["not_found"]
    )


def test_the_cart_takes_a_constant_number_of_queries(
    auth_client, make_attraction, django_assert_max_num_queries
):
    for index in range(6):
        attraction = make_attraction(f"景點{index}", images=3)
        post_json(auth_client, "/api/booking", trip(attraction, days=index + 1))

    # the token lookup, then the bookings with their attractions and first images
    with django_assert_max_num_queries(2):
        response = auth_client.get("/api/booking")

    data = response.json()["data"]
    assert len(data) == 6
    assert [item["attraction"]["name"] for item in data] == [
        f"景點{index}" for index in range(6)
    ]
    assert all(item["attraction"]["image"].startswith("http") for item in data)


def test_an_attraction_without_images_has_a_null_image(auth_client, make_attraction):
    bare = make_attraction("無圖景點", images=0)
    post_json(auth_client, "/api/booking", trip(bare))

    assert (
        auth_client.get("/api/booking").json()["data"][0]["attraction"]["image"] is None
    )


def test_the_price_is_copied_when_the_trip_is_booked(
    auth_client, attraction, monkeypatch
):
    post_json(auth_client, "/api/booking", trip(attraction))
    monkeypatch.setitem(PRICES, "morning", 9999)

    assert auth_client.get("/api/booking").json()["data"][0]["price"] == 2000


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("attractionId", MESSAGES["attraction"]),
        ("date", MESSAGES["date"]),
        ("time", MESSAGES["time"]),
        ("price", MESSAGES["price"]),
    ],
)
def test_a_missing_field_is_rejected(auth_client, attraction, missing, message):
    body = trip(attraction)
    del body[missing]

    assert_json_error(post_json(auth_client, "/api/booking", body), 400, message)
    assert not Booking.objects.exists()


def test_an_empty_object_is_rejected(auth_client):
    assert_json_error(post_json(auth_client, "/api/booking", {}), 400)


def test_a_date_with_a_time_part_is_rejected(auth_client, attraction):
    body = {**trip(attraction), "date": trip(attraction)["date"] + "T00:00:00"}

    assert_json_error(
        post_json(auth_client, "/api/booking", body), 400, MESSAGES["date"]
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", "/api/booking"), ("patch", "/api/booking"), ("get", "/api/booking/1")],
)
def test_an_unsupported_method_is_a_json_405(auth_client, method, path):
    assert_json_error(getattr(auth_client, method)(path), 405)


def test_an_attraction_deleted_later_leaves_the_cart(auth_client, attraction):
    post_json(auth_client, "/api/booking", trip(attraction))
    attraction.delete()

    assert auth_client.get("/api/booking").json() == {"data": []}
