"""SQL compiled once per shape answers what the queryset answers, for any values."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attractions.models import Attraction
from taipei_trip.compiled import compiled, compiled_rows

pytestmark = pytest.mark.django_db


def by_category(start, stop, category):
    return (
        Attraction.objects.filter(category__name=category)
        .order_by("id")
        .values_list("id", "name")[start:stop]
    )


def by_name_part(part):
    return Attraction.objects.filter(name__icontains=part).values_list("id")


def test_rows_equal_the_querysets_for_every_value(make_attraction):
    for number in range(5):
        make_attraction(f"景點{number}", category="地標" if number % 2 else "公園")

    for category in ["地標", "公園", "沒有這類"]:
        for start, stop in [(0, 2), (1, 4), (0, 13)]:
            rows = compiled_rows(
                by_category,
                using=connection.alias,
                shape=(start, stop),
                markers=("\x00marker\x00",),
                values=(category,),
            )
            assert rows == list(by_category(start, stop, category))


def test_a_shape_is_compiled_once(make_attraction):
    make_attraction()
    compiled.cache_clear()
    arguments = {"using": connection.alias, "shape": (0, 5), "markers": ("\x00m\x00",)}

    with CaptureQueriesContext(connection) as queries:
        compiled_rows(by_category, **arguments, values=("地標",))
        compiled_rows(by_category, **arguments, values=("公園",))

    assert len(queries) == 2
    assert compiled.cache_info().misses == 1


def test_a_marker_the_orm_rewrites_is_refused():
    # icontains wraps the value in %...%: the SQL's parameter is no longer the marker.
    with pytest.raises(ValueError, match="did not reach the SQL unchanged"):
        compiled_rows(
            by_name_part,
            using=connection.alias,
            markers=("\x00m\x00",),
            values=("北投",),
        )
