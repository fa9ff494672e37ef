"""The trust pages in English and Japanese: staff write each language beside the
繁體中文; a blank translation shows the 繁體中文, marked lang="zh-Hant"."""

import pytest

from sitepages.models import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "title", "words"),
    [
        ("/en/help/terms", "Terms of service", "Booking and payment"),
        ("/en/help/privacy", "Privacy policy", "Personal Data Protection Act"),
        ("/en/help/refunds", "Cancellation and refund policy", "24 hours"),
        ("/ja/help/terms", "利用規約", "予約とお支払い"),
        ("/ja/help/privacy", "プライバシーポリシー", "個人資料保護法"),
        ("/ja/help/refunds", "キャンセル・返金ポリシー", "24時間"),
    ],
)
def test_each_trust_page_is_seeded_in_english_and_japanese(client, path, title, words):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="page__title" id="page-title">{title}</h1>' in html
    assert words in html
    assert 'lang="zh-Hant"' not in html.split("<article", 1)[1].split("</article>")[0]


def test_a_page_without_its_translation_shows_the_chinese_marked_as_such(client):
    Page.objects.filter(slug="terms").update(title_ja="", body_ja="", summary_ja="")

    html = client.get("/ja/help/terms").content.decode()

    assert (
        '<h1 class="page__title" id="page-title" lang="zh-Hant">服務條款</h1>' in html
    )
    assert '<div lang="zh-Hant"><h2>服務內容</h2>' in html


def test_staff_edit_one_language_without_touching_the_others(client):
    Page.objects.filter(slug="refunds").update(body_en="## New rules\nFirst part.")

    english = client.get("/en/help/refunds").content.decode()
    chinese = client.get("/help/refunds").content.decode()

    assert "<h2>New rules</h2>" in english
    assert "<h2>取消行程</h2>" in chinese and "New rules" not in chinese


def test_staff_write_each_text_beside_its_translations_in_the_admin(admin_client):
    page = Page.objects.get(slug="privacy")

    html = admin_client.get(f"/admin/sitepages/page/{page.pk}/change/").content.decode()

    for name in ["title", "summary", "body"]:
        assert f'class="form-row field-{name} field-{name}_en field-{name}_ja"' in html
