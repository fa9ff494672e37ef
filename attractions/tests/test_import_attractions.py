import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from attractions.models import Attraction, AttractionImage, Category, MrtStation
from attractions.services import clean_label, clean_text, image_urls

pytestmark = pytest.mark.django_db


def run_import(source, *args) -> str:
    out = StringIO()
    call_command("import_attractions", str(source), *args, stdout=out)
    return out.getvalue()


def catalogue_counts() -> tuple[int, int, int, int]:
    return (
        Attraction.objects.count(),
        MrtStation.objects.count(),
        Category.objects.count(),
        AttractionImage.objects.count(),
    )


def write_records(tmp_path, records, name="data.json"):
    path = tmp_path / name
    path.write_text(
        json.dumps({"result": {"results": records}}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def record(**overrides):
    base = {
        "_id": 7,
        "name": "測試景點",
        "CAT": "戶外踏青",
        "MRT": "劍潭",
        "description": "說明",
        "address": "臺北市 士林區",
        "direction": "步行",
        "latitude": "25.08",
        "longitude": "121.52",
        "file": "https://a.example/1.jpghttps://a.example/2.mp3",
    }
    return {**base, **overrides}


def test_the_real_file_imports_58_attractions_32_stations_9_categories_328_images(
    open_data_path,
):
    output = run_import(open_data_path)

    assert catalogue_counts() == (58, 32, 9, 328)
    assert "58 created" in output
    assert "328 images" in output


def test_a_second_import_updates_nothing_and_duplicates_nothing(open_data_path):
    run_import(open_data_path)
    output = run_import(open_data_path)

    assert catalogue_counts() == (58, 32, 9, 328)
    assert "0 created, 0 updated, 58 unchanged" in output


def test_open_data_ids_are_kept_as_attraction_ids(open_data_path):
    run_import(open_data_path)

    assert Attraction.objects.get(pk=82).name == "二格山系-指南宮貓空親山步道"
    assert not Attraction.objects.filter(pk=24).exists()


def test_the_attraction_without_station_is_imported_without_one(catalogue_source):
    run_import(catalogue_source)

    assert Attraction.objects.filter(mrt=None).count() == 1


def test_ideographic_spaces_are_cleaned_from_category_names(catalogue_source):
    run_import(catalogue_source)

    assert Category.objects.filter(name="其他").exists()
    assert not Category.objects.filter(name__contains="\u3000").exists()
    assert not Attraction.objects.filter(address__contains="  ").exists()


def test_only_jpg_jpeg_and_png_files_are_kept_as_images(catalogue_source):
    run_import(catalogue_source)

    urls = AttractionImage.objects.values_list("url", flat=True)
    assert all(url.lower().endswith((".jpg", ".jpeg", ".png")) for url in urls)
    assert all(url.count("http") == 1 for url in urls)


def test_coordinates_are_stored_as_numbers(catalogue_source):
    run_import(catalogue_source)

    hot_spring = Attraction.objects.get(pk=1)
    assert hot_spring.lat == pytest.approx(25.137077)
    assert hot_spring.lng == pytest.approx(121.508447)


def test_a_changed_record_is_updated_and_its_images_follow_the_source(tmp_path):
    run_import(write_records(tmp_path, [record()]))
    changed = record(name="新名字", file="https://a.example/3.PNG")

    output = run_import(write_records(tmp_path, [changed], "changed.json"))

    attraction = Attraction.objects.get(pk=7)
    assert attraction.name == "新名字"
    assert [image.src for image in attraction.images.all()] == [
        "https://a.example/3.PNG"
    ]
    assert "1 updated" in output


def test_a_truncated_file_changes_nothing_and_gives_a_one_line_error(
    tmp_path, open_data_path
):
    run_import(open_data_path)
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(open_data_path.read_bytes()[:5000])

    with pytest.raises(CommandError) as error:
        run_import(truncated)

    assert "not valid JSON" in str(error.value)
    assert "\n" not in str(error.value)
    assert catalogue_counts() == (58, 32, 9, 328)


def test_a_bad_record_rolls_back_the_whole_import(tmp_path):
    good, bad = record(_id=1), record(_id=2, latitude="north")

    with pytest.raises(CommandError, match="_id 2"):
        run_import(write_records(tmp_path, [good, bad]))

    assert Attraction.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [{"result": {}}, [], {"result": {"results": ["text"]}}, "just a string"],
)
def test_sources_in_another_format_are_refused(tmp_path, payload):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(payload), encoding="utf-8")

    with pytest.raises(CommandError):
        run_import(path)


def test_a_missing_file_gives_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        run_import("/nonexistent/attractions.json")


def test_duplicate_ids_in_the_source_are_refused(tmp_path):
    with pytest.raises(CommandError, match="twice"):
        run_import(write_records(tmp_path, [record(), record()]))


def test_dry_run_reports_but_saves_nothing(open_data_path):
    output = run_import(open_data_path, "--dry-run")

    assert "58 created" in output
    assert Attraction.objects.count() == 0


def test_if_empty_skips_a_catalogue_that_already_has_attractions(
    tmp_path, catalogue_source
):
    run_import(write_records(tmp_path, [record()]))

    run_import(catalogue_source, "--if-empty")

    assert Attraction.objects.count() == 1


class OpenDataHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):
        status = 200 if self.path == "/data.json" else 404
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if status == 200:
            self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def open_data_server(open_data_path):
    handler = type("Handler", (OpenDataHandler,), {"body": open_data_path.read_bytes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_an_http_source_is_downloaded_and_imported(open_data_server):
    run_import(f"{open_data_server}/data.json")

    assert catalogue_counts() == (58, 32, 9, 328)


def test_a_failed_download_gives_a_clear_error(open_data_server):
    with pytest.raises(CommandError, match="download failed"):
        run_import(f"{open_data_server}/missing.json")


def test_the_import_runs_a_bounded_number_of_queries_per_attraction_not_per_image(
    catalogue_source, django_assert_max_num_queries
):
    # Per attraction: its row, name index, JSON row and image replacement.
    with django_assert_max_num_queries(58 * 16 + 20):
        run_import(catalogue_source, "-v0")


def test_glued_urls_are_split_and_media_files_dropped():
    glued = (
        "http://x/a.JPGhttps://x/b.mp3https://x/c.flvhttps://x/d.jpeghttps://x/e.png"
    )

    assert image_urls(glued) == [
        "http://x/a.JPG",
        "https://x/d.jpeg",
        "https://x/e.png",
    ]


def test_text_cleaning_folds_ideographic_and_doubled_spaces():
    assert clean_text("臺北市  北投區\u3000\u3000中山路 ") == "臺北市 北投區 中山路"
    assert clean_label("其\u3000\u3000他") == "其他"
