"""Publishing instead of deleting: unpublished places leave the site, not the database."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from attractions import services
from attractions.models import Attraction, NameGram
from attractions.tests.test_pages import png_bytes
from bookings.pricing import today_in_taipei
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(make_attraction):
    shown = make_attraction("北投溫泉博物館", mrt="新北投", category="溫泉")
    hidden = make_attraction("北投地熱谷", mrt="新北投", category="秘境")
    services.set_published(attractions=[hidden], is_published=False)
    return shown, hidden


def listed_ids(client, **query) -> list[int]:
    body = client.get("/api/attractions", {"page": 0, **query}).json()
    return [item["id"] for item in body["data"]]


def test_unpublished_places_vanish_from_the_catalogue_and_search(client, places):
    shown, hidden = places

    assert listed_ids(client) == [shown.pk]
    assert listed_ids(client, keyword="北投") == [shown.pk]
    assert listed_ids(client, keyword="新北投") == [shown.pk]
    assert listed_ids(client, category="秘境") == []


def test_an_unpublished_place_has_no_page_and_no_api_answer(client, places):
    _, hidden = places

    assert client.get(f"/attraction/{hidden.pk}").status_code == 404
    assert_json_error(client.get(f"/api/attraction/{hidden.pk}"), 400)


def test_station_and_category_lists_count_only_published_places(client, places):
    assert client.get("/api/categories").json()["data"] == ["溫泉"]
    assert client.get("/api/mrts").json()["data"] == ["新北投"]


def test_an_unpublished_place_cannot_be_booked(auth_client, places):
    _, hidden = places
    tomorrow = today_in_taipei() + datetime.timedelta(days=2)
    body = {
        "attractionId": hidden.pk,
        "date": tomorrow.isoformat(),
        "time": "morning",
        "price": 2000,
    }

    response = auth_client.post("/api/booking", body, content_type="application/json")

    assert_json_error(response, 400)


def test_publishing_again_brings_the_place_back(client, places):
    shown, hidden = places

    services.set_published(attractions=[hidden], is_published=True)

    assert listed_ids(client) == [shown.pk, hidden.pk]


def test_the_admin_unpublishes_selected_places_and_logs_it(admin_client, places):
    shown, _ = places

    response = admin_client.post(
        "/admin/attractions/attraction/",
        {"action": "unpublish", "_selected_action": [shown.pk]},
    )

    assert response.status_code == 302
    assert not Attraction.objects.get(pk=shown.pk).is_published
    entry = LogEntry.objects.get(object_id=str(shown.pk))
    assert "Unpublished" in entry.get_change_message()


def test_the_admin_has_no_bulk_delete(admin_client, places):
    page = admin_client.get("/admin/attractions/attraction/")

    assert "delete_selected" not in page.content.decode()


def test_the_delete_page_lists_no_search_index_rows(admin_client, places):
    shown, _ = places
    assert NameGram.objects.filter(attraction=shown).exists()

    page = admin_client.get(f"/admin/attractions/attraction/{shown.pk}/delete/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "name gram" not in text.lower() and "NameGram" not in text
    assert "景點圖片 Images: 1" in text
    assert (
        admin_client.post(
            f"/admin/attractions/attraction/{shown.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    assert not Attraction.objects.filter(pk=shown.pk).exists()


def test_a_place_with_orders_cannot_be_deleted_and_unpublishing_is_offered(
    admin_client, places, user
):
    from orders.models import Order, OrderItem

    shown, _ = places
    order = Order.objects.create(
        user=user,
        amount=2000,
        contact_name="小明",
        contact_email="member@example.com",
        contact_phone="0912345678",
    )
    OrderItem.objects.create(
        order=order,
        attraction=shown,
        attraction_snapshot_id=shown.pk,
        attraction_name=shown.name,
        date=datetime.date(2030, 1, 1),
        slot="morning",
        price=2000,
    )

    page = admin_client.get(f"/admin/attractions/attraction/{shown.pk}/delete/")
    attempt = admin_client.post(
        f"/admin/attractions/attraction/{shown.pk}/delete/", {"post": "yes"}
    )

    assert "有 1 筆訂單，不能刪除" in page.content.decode()
    assert "下架這個景點 Unpublish this place" in page.content.decode()
    assert Attraction.objects.filter(pk=shown.pk).exists()
    assert attempt.status_code == 200
    unpublish = admin_client.post(
        f"/admin/attractions/attraction/{shown.pk}/unpublish/"
    )
    assert unpublish.status_code == 302
    assert not Attraction.objects.get(pk=shown.pk).is_published


def png_upload(name="tower.png"):
    return SimpleUploadedFile(name, png_bytes(), "image/png")


def test_an_uploaded_image_is_kept_across_a_validation_error(admin_client, db):
    from attractions.models import Category

    category = Category.objects.create(name="地標")
    form = {
        "name": "台北101",
        "category": category.pk,
        "lat": "125.0",  # out of range: the page comes back with an error
        "lng": "121.5645",
        "is_published": "on",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-position": "1",
        "images-0-file": png_upload(),
    }

    first = admin_client.post("/admin/attractions/attraction/add/", form)

    assert first.status_code == 200
    html = first.content.decode()
    assert "已保留上傳的檔案 Upload kept: tower" in html
    token = first.context["inline_admin_formsets"][0].formset.forms[0]
    kept = token.fields["file"].widget.kept_name
    assert default_storage.exists(kept)

    form.update(lat="25.0339")
    form.pop("images-0-file")
    form["images-0-file-kept"] = html.split('name="images-0-file-kept" value="')[
        1
    ].split('"')[0]
    second = admin_client.post("/admin/attractions/attraction/add/", form)

    assert second.status_code == 302
    image = Attraction.objects.get(name="台北101").images.get()
    assert image.file.name == kept


def test_a_forged_kept_upload_is_ignored(admin_client, db):
    from attractions.models import Category

    category = Category.objects.create(name="地標")
    form = {
        "name": "台北101",
        "category": category.pk,
        "lat": "25.0339",
        "lng": "121.5645",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-position": "1",
        "images-0-file-kept": "attractions/someone-elses.jpg",
    }

    response = admin_client.post("/admin/attractions/attraction/add/", form)

    assert response.status_code == 200  # the row has neither a URL nor a file
    assert "請填寫圖片網址或上傳圖檔" in response.content.decode()
    assert not Attraction.objects.filter(name="台北101").exists()


def test_the_change_page_previews_the_coordinates(admin_client, places):
    shown, _ = places

    page = admin_client.get(f"/admin/attractions/attraction/{shown.pk}/change/")

    text = page.content.decode()
    assert "data-map-preview" in text
    assert "openstreetmap.org/?mlat=25.0339&amp;mlon=121.5645" in text
    assert "十進位度數" in text
