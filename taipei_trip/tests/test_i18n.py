"""The API's language comes from `lang` alone; pages' from the URL (taipei_trip/i18n.py)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_ignores_accept_language_and_the_language_cookie(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/api/nowhere", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.8")

    assert response.status_code == 404
    assert response.json() == {"error": True, "message": "找不到這個 API 路徑"}
    assert response["Content-Language"] == "zh-hant"
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize(
    ("lang", "code"), [("zh-Hant", "zh-hant"), ("en", "en"), ("ja", "ja")]
)
def test_lang_chooses_the_api_language(client, lang, code):
    response = client.get("/api/nowhere", {"lang": lang})

    assert response["Content-Language"] == code


@pytest.mark.parametrize(
    ("lang", "code"), [("EN", "en"), ("zh-hant", "zh-hant"), ("JA", "ja")]
)
def test_lang_is_case_insensitive_as_language_tags_are(client, lang, code):
    response = client.get("/api/mrts", {"lang": lang})

    assert response.status_code == 200
    assert response["Content-Language"] == code


@pytest.mark.parametrize("lang", ["", "fr", "zh-TW", "en-US", "en" * 40])
def test_an_unknown_lang_is_a_400_with_the_error_body(client, lang):
    response = client.get("/api/mrts", {"lang": lang})

    assert response.status_code == 400
    body = response.json()
    assert body["error"] is True
    assert body["message"] == "lang 只能是 zh-Hant、en 或 ja"


def test_pages_and_the_admin_are_chinese_whatever_the_browser_asks(client, settings):
    for path in ("/", "/admin/login/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 200
        assert response["Content-Language"] == "zh-hant"
        assert "Accept-Language" not in response.get("Vary", "")


def test_only_the_switchs_remembered_choice_moves_a_page_and_never_the_admin(
    client, settings
):
    # The cookie is set by the language switch alone (test_page_languages.py).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    admin = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 302
    assert page["Location"] == "/en/"
    assert admin.status_code == 200
    assert admin["Content-Language"] == "zh-hant"
