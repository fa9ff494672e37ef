import pytest

from attractions.models import Category, MrtStation

pytestmark = pytest.mark.django_db
ADMIN_LIST = "/admin/attractions/attraction/"


def test_home_renders_the_first_page_of_attractions(client, imported_catalogue):
    response = client.get("/")

    assert response.status_code == 200
    assert "新北投溫泉區" in response.content.decode()


def test_an_attraction_page_renders_its_details(client, imported_catalogue):
    response = client.get("/attraction/1")

    assert response.status_code == 200
    assert "新北投溫泉區" in response.content.decode()


def test_an_unknown_attraction_gives_the_404_page(client, settings, imported_catalogue):
    settings.DEBUG = False

    response = client.get("/attraction/99999")

    assert response.status_code == 404
    assert "找不到" in response.content.decode()


@pytest.mark.parametrize("path", ["/booking", "/thankyou?number=X"])
def test_the_other_pages_render(client, path):
    assert client.get(path).status_code == 200


def test_the_admin_lists_and_searches_attractions(admin_client, imported_catalogue):
    listing = admin_client.get("/admin/attractions/attraction/", {"q": "北投"})
    change = admin_client.get("/admin/attractions/attraction/1/change/")

    assert listing.status_code == 200
    assert "新北投溫泉區" in listing.content.decode()
    assert change.status_code == 200


def test_the_admin_filters_by_category_and_station(admin_client, real_catalogue):
    station = MrtStation.objects.get(name="劍潭")
    category = Category.objects.get(name="養生溫泉")

    by_station = admin_client.get(ADMIN_LIST, {"mrt__id__exact": station.pk})
    by_category = admin_client.get(ADMIN_LIST, {"category__id__exact": category.pk})

    assert by_station.context["cl"].result_count == 4
    assert by_category.context["cl"].result_count == 4


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_staff_add_an_attraction_with_an_uploaded_and_a_remote_image(admin_client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from attractions.models import Attraction

    category = Category.objects.create(name="地標")
    form = {
        "name": "台北101",
        "category": category.pk,
        "lat": "25.0339",
        "lng": "121.5645",
        "images-TOTAL_FORMS": "2",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        # django-admin-sortable2 numbers rows from 1 (0 means "not placed yet").
        "images-0-position": "2",
        "images-0-url": "https://images.example.com/101.jpg",
        "images-1-position": "1",
        "images-1-file": SimpleUploadedFile("tower.png", png_bytes(), "image/png"),
    }

    response = admin_client.post("/admin/attractions/attraction/add/", form)

    assert response.status_code == 302, response.context["errors"]
    images = list(Attraction.objects.get(name="台北101").images.all())
    assert images[0].file.name.startswith("attractions/tower")
    assert images[0].src.startswith("/media/attractions/")
    assert images[1].src == "https://images.example.com/101.jpg"


def test_an_image_row_needs_a_url_or_a_file_but_not_both(db):
    from django.core.exceptions import ValidationError

    from attractions.models import AttractionImage

    image = AttractionImage(position=0, url="", file="")

    with pytest.raises(ValidationError, match="擇一"):
        image.validate_constraints()
