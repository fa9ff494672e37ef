"""Each attraction's stored JSON: the same bytes as building it, never stale after an
edit of anything it shows, rebuilt when its format changes, never overwritten by a build
from before an edit."""

import pytest
from django.core.files.base import ContentFile

from attractions import attraction_json, selectors
from attractions.models import (
    Attraction,
    AttractionImage,
    AttractionJson,
    Category,
    MrtStation,
)
from taipei_trip.api import json_response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_catalogue_cache(settings):
    settings.CATALOGUE_CACHE_SECONDS = 0  # what is stored, not what the cache kept


def served(client, pk: int) -> dict:
    return client.get(f"/api/attraction/{pk}").json()["data"]


def stored(pk: int) -> AttractionJson:
    return AttractionJson.objects.get(pk=pk)


def test_answers_are_the_bytes_json_response_writes(client, make_attraction):
    for number in range(3):
        make_attraction(f"景點{number}", images=2)
    client.get("/api/attractions?page=0")  # builds and keeps every row

    built = selectors.attraction_rows(Attraction.objects.values_list("pk", flat=True))
    page = client.get("/api/attractions?page=0").content
    one = client.get(f"/api/attraction/{built[0]['id']}").content

    assert page == json_response({"nextPage": None, "data": built}).content
    assert one == json_response({"data": built[0]}).content
    assert all(stored(item["id"]).text for item in built)


def test_every_new_attraction_has_its_row(make_attraction):
    attraction = make_attraction()

    assert stored(attraction.pk).text == ""


def test_an_edit_of_anything_shown_reaches_the_answer(client, make_attraction):
    attraction = make_attraction("台北101", mrt="台北101／世貿", category="地標")
    assert served(client, attraction.pk)["mrt"] == "台北101／世貿"

    attraction.description = "新的介紹"
    attraction.save()
    assert served(client, attraction.pk)["description"] == "新的介紹"

    category = Category.objects.get(name="地標")
    category.name = "地標建築"
    category.save()
    assert served(client, attraction.pk)["category"] == "地標建築"

    station = MrtStation.objects.get(name="台北101／世貿")
    station.name = "台北101/世貿"
    station.save()
    assert served(client, attraction.pk)["mrt"] == "台北101/世貿"

    AttractionImage.objects.create(
        attraction=attraction, position=5, url="https://images.example.com/new.jpg"
    )
    assert served(client, attraction.pk)["images"][-1].endswith("/new.jpg")

    attraction.images.get(position=0).delete()
    assert len(served(client, attraction.pk)["images"]) == 1

    station.delete()  # the attraction keeps no station, without being saved
    assert served(client, attraction.pk)["mrt"] is None


def test_a_re_import_that_only_adds_images_reaches_the_answer(
    client, imported_catalogue
):
    from attractions.services import replace_remote_images

    attraction = Attraction.objects.get(pk=1)
    before = served(client, 1)["images"]
    replace_remote_images(attraction, [*before, "https://images.example.com/more.jpg"])

    assert served(client, 1)["images"][-1] == "https://images.example.com/more.jpg"


def test_an_unpublished_place_is_not_served_from_its_stored_json(
    client, make_attraction
):
    attraction = make_attraction()
    served(client, attraction.pk)
    Attraction.objects.filter(pk=attraction.pk).update(is_published=False)

    assert client.get(f"/api/attraction/{attraction.pk}").status_code == 400
    assert client.get("/api/attractions?page=0").json()["data"] == []


def test_a_change_of_media_url_rebuilds_every_row(client, settings, make_attraction):
    attraction = make_attraction(images=0)
    AttractionImage.objects.create(
        attraction=attraction, file=ContentFile(b"x", name="photo.jpg")
    )
    settings.MEDIA_URL = "https://media-one.example.com/"
    first = served(client, attraction.pk)["images"][0]
    settings.MEDIA_URL = "https://media-two.example.com/"
    second = served(client, attraction.pk)["images"][0]

    assert first.startswith("https://media-one.example.com/attractions/")
    assert second.startswith("https://media-two.example.com/attractions/")
    assert stored(attraction.pk).format == attraction_json.current_format()


def test_a_build_from_before_an_edit_is_not_kept(make_attraction):
    attraction = make_attraction("舊名字")
    revision = stored(attraction.pk).revision
    old = attraction_json.encode(selectors.attraction_rows([attraction.pk])[0])
    # An edit commits between the reader's read of the row and its write-back:
    attraction.name = "新名字"
    attraction.save()

    attraction_json.keep(
        {attraction.pk: (revision, old)}, attraction_json.current_format()
    )

    assert stored(attraction.pk).text == ""
    assert selectors.get_attraction(attraction.pk)["name"] == "新名字"


def test_an_attraction_without_a_row_is_still_answered(client, make_attraction):
    attraction = make_attraction("沒有列")
    AttractionJson.objects.filter(pk=attraction.pk).delete()

    assert served(client, attraction.pk)["name"] == "沒有列"
    assert served(client, attraction.pk)["name"] == "沒有列"
    assert not AttractionJson.objects.filter(pk=attraction.pk).exists()


def test_the_rebuild_command_makes_a_missed_edit_show(client, make_attraction):
    from django.core.management import call_command

    attraction = make_attraction("舊名字")
    served(client, attraction.pk)  # built and kept
    # An edit an old release saved: nothing marked the stored JSON.
    Attraction.objects.filter(pk=attraction.pk).update(name="新名字")
    assert served(client, attraction.pk)["name"] == "舊名字"

    call_command("rebuild_attraction_json", verbosity=0)

    assert served(client, attraction.pk)["name"] == "新名字"
