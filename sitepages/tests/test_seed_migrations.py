"""The trust pages' seed migrations leave what staff wrote: English and Japanese are
seeded only beside the 繁體中文 they were written from (0005), and the privacy page's
words on what the browser keeps are corrected only where still as seeded (0006)."""

import importlib

import pytest
from django.apps import apps

from sitepages.models import Page

pytestmark = pytest.mark.django_db

FIRST_SEED = importlib.import_module("sitepages.migrations.0002_seed_pages")
TRANSLATIONS = importlib.import_module("sitepages.migrations.0005_seed_pages_en_ja")
COOKIES = importlib.import_module("sitepages.migrations.0006_privacy_language_cookie")
BLANK = {
    f"{f}_{lang}": "" for f in ("title", "summary", "body") for lang in "en ja".split()
}


def test_a_page_as_first_seeded_gets_its_english_and_japanese():
    Page.objects.filter(slug="terms").update(body=FIRST_SEED.TERMS, **BLANK)

    TRANSLATIONS.seed(apps, None)

    page = Page.objects.get(slug="terms")
    assert page.body_en == TRANSLATIONS.TERMS_EN and page.title_ja == "利用規約"


def test_a_page_staff_rewrote_in_chinese_is_not_given_the_seeds_translations():
    edited = FIRST_SEED.TERMS + "\n\n## 新條款\n staff 加的條款。"
    Page.objects.filter(slug="terms").update(body=edited, **BLANK)

    TRANSLATIONS.seed(apps, None)

    page = Page.objects.get(slug="terms")
    assert (page.title_en, page.summary_en, page.body_en, page.body_ja) == ("",) * 4
    assert page.body == edited


@pytest.mark.parametrize("column", ["body", "body_en", "body_ja"])
def test_the_privacy_page_as_seeded_says_the_language_choice_is_kept_too(column):
    # The words 0002 and (before it was corrected) 0005 wrote.
    Page.objects.filter(slug="privacy").update(
        **{column: COOKIES.seeded_bodies()[column]}
    )
    assert "django_language" not in getattr(Page.objects.get(slug="privacy"), column)

    COOKIES.correct(apps, None)

    body = getattr(Page.objects.get(slug="privacy"), column)
    assert body.endswith(COOKIES.PARAGRAPHS[column][1])
    assert "django_language" in body


def test_a_privacy_page_staff_rewrote_keeps_their_words():
    Page.objects.filter(slug="privacy").update(
        body="## 我們的新政策", body_en="## Our own policy"
    )

    COOKIES.correct(apps, None)

    page = Page.objects.get(slug="privacy")
    assert (page.body, page.body_en) == ("## 我們的新政策", "## Our own policy")
    assert page.body_ja.endswith(COOKIES.PARAGRAPHS["body_ja"][1])


def test_the_migrated_privacy_page_names_the_language_cookie_in_each_language(client):
    for path in ("/help/privacy", "/en/help/privacy", "/ja/help/privacy"):
        assert "django_language" in client.get(path).content.decode(), path


def test_going_back_to_0005_restores_only_the_chinese_as_first_seeded():
    COOKIES.revert(apps, None)

    page = Page.objects.get(slug="privacy")
    assert page.body == COOKIES.seeded_bodies()["body"]
    assert "django_language" not in page.body
    assert page.body_en == TRANSLATIONS.PRIVACY_EN  # 0005's own, corrected words
