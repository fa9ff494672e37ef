"""The JavaScript strings of each language (taipei_trip/js_catalogue.py, static/js/i18n.js):
one ES module per language, named by its digest, linked from every English and Japanese
page and from no 繁體中文 one."""

import re

import pytest

from taipei_trip.js_catalogue import catalogue_module

pytestmark = pytest.mark.django_db


def catalogue_url(html: str) -> str | None:
    match = re.search(r'<html lang="[^"]+" data-catalogue="([^"]+)">', html)
    return match.group(1) if match else None


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Loading…"), ("ja", "読み込み中…")]
)
def test_each_language_has_its_strings_as_a_module_kept_a_year(client, language, text):
    url = catalogue_url(client.get(f"/{language}/orders").content.decode())

    response = client.get(url)

    assert url == f"/jsi18n/{language}.{catalogue_module(language)[1]}.js"
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    body = response.content.decode()
    assert body.startswith("export const catalog = {")
    assert f'"載入中…": "{text}"' in body
    assert "export const plural = (n) => Number(" in body


def test_the_modules_carry_only_the_sites_own_strings(client):
    body = catalogue_module("en")[0].decode()

    # The admin's own JavaScript catalogue (calendar widgets, ...) stays out.
    assert "Choose a Date" not in body
    assert '"上半天": "Morning"' in body


def test_an_old_version_is_answered_with_todays_strings_briefly(client):
    response = client.get("/jsi18n/ja.000000000000.js")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.content == catalogue_module("ja")[0]


@pytest.mark.parametrize("language", ["zh-hant", "fr"])
def test_chinese_pages_need_no_catalogue_and_no_other_exists(client, language):
    assert client.get(f"/jsi18n/{language}.x.js").status_code == 404


def test_chinese_pages_load_no_catalogue(client):
    html = client.get("/orders").content.decode()

    assert catalogue_url(html) is None
    assert "modulepreload" not in html


def test_prefixed_pages_preload_their_catalogue(client):
    html = client.get("/ja/orders").content.decode()

    assert f'<link rel="modulepreload" href="{catalogue_url(html)}">' in html


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_plural_rule_is_a_plain_expression(language):
    body = catalogue_module(language)[0].decode()
    rule = re.search(r"Number\((.*)\);\n$", body).group(1)

    assert re.fullmatch(r"[n0-9 !=<>%&|?:()]+", rule)
