"""The trust pages, the footer every page shares and the site's own error pages."""

import pytest

from sitepages.models import Page
from sitepages.text import render_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "title", "words"),
    [
        ("terms", "服務條款", "預訂與付款"),
        ("privacy", "隱私權政策", "個人資料保護法"),
        ("refunds", "取消與退款政策", "24 小時"),
    ],
)
def test_each_trust_page_is_seeded_in_our_own_words(client, slug, title, words):
    response = client.get(f"/help/{slug}")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="page__title" id="page-title">{title}</h1>' in html
    assert words in html


def test_the_privacy_page_says_what_is_collected_why_and_the_pdpa_rights(client):
    html = client.get("/help/privacy").content.decode()

    for words in ["手機號碼", "履行契約", "請求刪除", "請求製給複製本", "停止蒐集"]:
        assert words in html


def test_a_staff_edit_shows_without_a_deploy(client):
    Page.objects.filter(slug="terms").update(body="## 新的條款\n第一段。")

    html = client.get("/help/terms").content.decode()

    assert "<h2>新的條款</h2>" in html
    assert "<p>第一段。</p>" in html


def test_an_unknown_page_is_the_sites_404(client):
    response = client.get("/help/no-such-page")

    assert response.status_code == 404
    assert "找不到這個頁面" in response.content.decode()


def test_page_text_is_escaped_and_only_its_blocks_become_markup():
    html = render_body(
        "## 標題 <b>\n第一行\n第二行 <script>x</script>\n\n- 一\n- 二 & 三\n說明"
    )

    assert html == (
        "<h2>標題 &lt;b&gt;</h2>\n"
        "<p>第一行<br>第二行 &lt;script&gt;x&lt;/script&gt;</p>\n"
        "<ul><li>一</li><li>二 &amp; 三</li></ul>\n"
        "<p>說明</p>"
    )


def test_every_page_footer_has_service_contact_policies_and_company(client, settings):
    settings.COMPANY_NAME = "範例旅行社股份有限公司"
    settings.COMPANY_TAX_ID = "12345678"
    settings.SUPPORT_EMAIL = "help@trip.example"

    # A page outside the catalogue's page cache, which another test may have filled.
    html = client.get("/help/terms").content.decode()

    footer = html.split('<footer class="footer">', 1)[1]
    assert 'href="mailto:help@trip.example"' in footer
    assert "範例旅行社股份有限公司" in footer
    assert "統一編號：12345678" in footer
    for slug in ["terms", "privacy", "refunds"]:
        assert f'href="/help/{slug}"' in footer


def test_with_debug_on_a_visitor_gets_the_sites_own_404(client, settings):
    settings.DEBUG = True

    response = client.get("/no/such/path")

    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到這個頁面" in html
    assert "URLconf" not in html


def test_with_debug_on_staff_keep_djangos_technical_404(client, settings, user):
    settings.DEBUG = True
    user.is_staff = True
    user.save()
    client.force_login(user)

    html = client.get("/no/such/path").content.decode()

    assert "URLconf" in html


def test_with_debug_on_a_visitor_gets_the_sites_own_500(client, settings, monkeypatch):
    settings.DEBUG = True
    client.raise_request_exception = False

    def broken(**kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("attractions.selectors.search_attractions", broken)

    response = client.get("/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "網站暫時無法完成您的要求" in html
    assert "secret detail" not in html


def test_api_errors_stay_json_with_debug_on(client, settings):
    settings.DEBUG = True

    response = client.get("/api/no-such-endpoint")

    assert response.status_code == 404
    assert response.json()["error"] is True


def test_the_footer_is_complete_without_a_request_as_cached_pages_render(settings):
    from django.template.loader import render_to_string

    settings.SUPPORT_EMAIL = "help@trip.example"

    html = render_to_string("404.html")

    assert 'href="mailto:help@trip.example">help@trip.example</a>' in html
