"""The stored JSON under real concurrency (MariaDB): a reader never waits on an open
edit, and no edit racing a station's deletion leaves the station in a stored text."""

import logging
import threading

import pytest
from django.db import connection, connections, transaction
from django.db.models.signals import pre_delete

from attractions import attraction_json, selectors
from attractions.models import Attraction, AttractionJson, MrtStation

pytestmark = [
    pytest.mark.mariadb_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="needs MariaDB row locks"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def no_catalogue_cache(settings):
    settings.CATALOGUE_CACHE_SECONDS = 0


def in_other_connection(work):
    """Run `work` on its own database connection, in a thread; its result or error."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as exc:  # noqa: BLE001  (handed to the test)
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_reader_does_not_wait_for_an_edit_still_open(make_attraction, caplog):
    attraction = make_attraction("編輯中")  # its row is stale: never built
    editing, done = threading.Event(), threading.Event()

    def long_edit():  # an import's transaction, say, holding the row's lock
        with transaction.atomic():
            attraction_json.mark_stale(Attraction.objects.filter(pk=attraction.pk))
            editing.set()
            done.wait(timeout=30)

    thread, _ = in_other_connection(long_edit)
    assert editing.wait(timeout=10)
    try:
        with caplog.at_level(logging.WARNING, logger="attractions.attraction_json"):
            name = selectors.get_attraction(attraction.pk)["name"]
    finally:
        done.set()
        thread.join(timeout=30)

    assert name == "編輯中"
    # Waiting for the lock would have timed out and logged that the text was not kept.
    assert "not kept" not in caplog.text
    assert AttractionJson.objects.get(pk=attraction.pk).text == ""


def test_a_place_moved_onto_a_station_being_deleted_loses_it_in_its_text(
    make_attraction,
):
    make_attraction("甲", mrt="將刪站")
    moved = make_attraction("乙", mrt="別站")
    station = MrtStation.objects.get(name="將刪站")

    def move_and_read():
        other = Attraction.objects.get(pk=moved.pk)
        other.mrt_id = station.pk
        other.save()
        return selectors.get_attraction(moved.pk)

    def meanwhile(sender, instance, **kwargs):
        # After the delete marked its places, before it empties their station: another
        # server moves a place onto the station and a visitor reads (and keeps) it.
        thread, outcome = in_other_connection(move_and_read)
        thread.join(timeout=1)  # the move waits on the delete's lock: let it wait
        meanwhile.pending = (thread, outcome)

    pre_delete.connect(meanwhile, sender=MrtStation, dispatch_uid="race")
    try:
        station.delete()
    finally:
        pre_delete.disconnect(sender=MrtStation, dispatch_uid="race")
    thread, outcome = meanwhile.pending
    thread.join(timeout=30)

    moved.refresh_from_db()
    # The move either failed (the station was gone when its lock was released) or
    # happened before; either way no stored text may name the deleted station.
    assert selectors.get_attraction(moved.pk)["mrt"] in (None, "別站")
    assert "將刪站" not in AttractionJson.objects.get(pk=moved.pk).text
