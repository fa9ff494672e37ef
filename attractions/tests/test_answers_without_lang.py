"""Without `lang`, every catalogue answer is byte for byte what it was before English and
Japanese content existed, whatever Accept-Language or the language cookie say.

data/catalogue_answers_zh.json holds the answers main gave on the demo catalogue (commit
9a509d3, before the API read any translation), status and body per request.
"""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "data" / "catalogue_answers_zh.json"
REQUESTS = [
    "/api/attractions?page=0",
    "/api/attractions?page=1",
    "/api/attractions?page=0&keyword=北投",
    "/api/attractions?page=0&keyword=新北投",
    "/api/attractions?page=0&keyword=台北",
    "/api/attractions?page=0&keyword=臺北",
    "/api/attractions?page=0&keyword=Taipei",
    "/api/attractions?page=0&keyword=101",
    "/api/attractions?page=0&category=藝文館所",
    "/api/attractions?page=0&keyword=山&category=戶外踏青",
    "/api/attractions?page=0&keyword=無此景點",
    "/api/attraction/1",
    "/api/attraction/25",
    "/api/attraction/3",
    "/api/attraction/abc",
    "/api/attraction/1/nearby",
    "/api/attraction/26/nearby",
    "/api/mrts",
    "/api/categories",
]


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "ja"}],
    ids=["no header", "English browser", "Japanese browser"],
)
def test_answers_without_lang_are_the_ones_from_before_translations(
    client, imported_catalogue, headers
):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    client.cookies["django_language"] = "en" if headers else ""
    for path in REQUESTS:
        response = client.get(path, **headers)
        assert [response.status_code, response.content.decode()] == golden[path], path


def test_lang_zh_hant_answers_the_same_bytes(client, imported_catalogue):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for path in REQUESTS:
        response = client.get(path + ("&" if "?" in path else "?") + "lang=zh-Hant")
        assert [response.status_code, response.content.decode()] == golden[path], path
