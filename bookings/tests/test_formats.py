"""Money, dates and slots read naturally in each language (bookings/formats.py)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from bookings import formats
from bookings.pricing import TAIPEI, policy_text

SATURDAY = dt.date(2026, 12, 12)
MOMENT = dt.datetime(2026, 12, 10, 9, 5, tzinfo=TAIPEI)


@pytest.mark.parametrize(
    ("language", "money", "date", "day", "moment"),
    [
        (
            "zh-hant",
            "NT$ 2,000",
            "2026-12-12",
            "2026-12-12（星期六）",
            "2026-12-10 09:05",
        ),
        (
            "en",
            "NT$2,000",
            "Sat, 12 Dec 2026",
            "Sat, 12 Dec 2026",
            "10 Dec 2026, 9:05",
        ),
        (
            "ja",
            "NT$2,000",
            "2026年12月12日(土)",
            "2026年12月12日(土)",
            "2026年12月10日 9:05",
        ),
    ],
)
def test_money_dates_and_moments_read_as_each_language_writes_them(
    language, money, date, day, moment
):
    with translation.override(language):
        assert formats.money(2000) == money
        assert formats.number_text(2000) == (
            "2000" if language == "zh-hant" else "2,000"
        )
        assert formats.date_text(SATURDAY) == date
        assert formats.day_text(SATURDAY) == day
        assert formats.timestamp_text(MOMENT) == moment


@pytest.mark.parametrize(
    ("language", "morning", "afternoon"),
    [
        ("zh-hant", "上半天 09:00–14:00", "下半天 14:00–21:00"),
        ("en", "Morning, 9:00–14:00", "Afternoon, 14:00–21:00"),
        ("ja", "午前 9:00–14:00", "午後 14:00–21:00"),
    ],
)
def test_a_slot_reads_with_its_hours(language, morning, afternoon):
    with translation.override(language):
        assert formats.slot_text("morning") == morning
        assert formats.slot_text("afternoon") == afternoon


def test_the_template_filters_use_the_active_language():
    template = Template(
        "{% load bookings %}{{ 2500|twd }} {{ day|trip_date }} {{ 'morning'|slot_text }}"
    )
    with translation.override("en"):
        text = template.render(Context({"day": SATURDAY}))
    assert text == "NT$2,500 Sat, 12 Dec 2026 Morning, 9:00–14:00"
    with translation.override("zh-hant"):
        text = template.render(Context({"day": SATURDAY}))
    assert text == "NT$ 2,500 2026-12-12 上半天 09:00–14:00"


def test_the_policy_is_one_sentence_per_rule_in_each_language(settings):
    settings.TRIP_FREE_CANCELLATION_HOURS = 24
    settings.TRIP_BOOKING_CUTOFF_MINUTES = 120
    assert policy_text() == (
        "行程開始前 24 小時以前取消可全額退款；之後不接受取消，亦不退款。"
        "每個時段於開始前 2 小時截止預訂。"
    )
    with translation.override("en"):
        assert policy_text() == (
            "Cancel up to 24 hours before the trip starts for a full refund; after "
            "that, it cannot be cancelled or refunded. Each slot can be booked until "
            "2 hours before it starts."
        )
    with translation.override("ja"):
        assert policy_text() == (
            "ツアー開始の24時間前までのキャンセルは全額返金いたします。それ以降の"
            "キャンセル・返金はお受けできません。各時間帯の予約は開始の2時間前に"
            "締め切ります。"
        )
