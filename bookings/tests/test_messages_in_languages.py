"""The API answers its messages in the language of `lang`; without it, 繁體中文 as before."""

import json
from datetime import timedelta

import pytest

from bookings.pricing import PRICES, today_in_taipei
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


def post_booking(client, attraction, *, lang=None, **changes):
    body = {
        "attractionId": attraction.id,
        "date": (today_in_taipei() + timedelta(days=1)).isoformat(),
        "time": "morning",
        "price": PRICES["morning"],
        **changes,
    }
    path = "/api/booking" + (f"?lang={lang}" if lang else "")
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (None, "建立失敗，費用與時段、人數不符"),
        ("zh-Hant", "建立失敗，費用與時段、人數不符"),
        ("en", "Couldn't book: the price doesn't match the slot and party size"),
        ("ja", "予約できませんでした。料金が時間帯・人数と一致しません"),
    ],
)
def test_a_refused_booking_is_explained_in_the_requests_language(
    auth_client, attraction, lang, message
):
    response = post_booking(auth_client, attraction, lang=lang, price=1)

    assert_json_error(response, 400, message)


def test_a_cut_off_names_the_day_and_slot_in_the_language(
    auth_client, attraction, taipei_clock
):
    taipei_clock("07:00")
    day = today_in_taipei()
    response = post_booking(auth_client, attraction, lang="en", date=day.isoformat())

    date = f"{day:%a}, {day.day} {day:%b %Y}"
    assert_json_error(
        response,
        400,
        f"Couldn't book: booking for {date}, Morning, closed 2 hours before the "
        "start. Choose another slot",
    )


def test_signed_out_is_refused_in_the_language(client):
    response = client.get("/api/booking", {"lang": "ja"})

    assert_json_error(response, 403, "ログインしていません。ログインしてください")


def test_a_sold_out_slot_names_the_place_in_the_members_language(attraction, settings):
    from django.utils import translation

    from bookings.seats import SeatsError, take_seats

    settings.TRIP_SEATS_PER_SLOT = 0
    attraction.name_en = "Taipei 101"
    attraction.save()
    day = today_in_taipei() + timedelta(days=2)
    with translation.override("en"), pytest.raises(SeatsError) as refusal:
        take_seats(
            attraction=attraction,
            day=day,
            slot="morning",
            count=1,
            order_item_id=1,
            slot_label="Morning",
        )

    date = f"{day:%a}, {day.day} {day:%b %Y}"
    assert refusal.value.message == (
        f"Taipei 101 is sold out for {date}, Morning. Choose another date or slot"
    )
