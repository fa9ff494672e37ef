"""The privacy page said the site keeps only the sign-in credential in the browser; it
also keeps the visitor's language choice (the django_language cookie, set by the
language switch). The 繁體中文 is corrected where it is still 0002's words, English and
Japanese where still 0005's earlier words (0005 itself now writes the corrected ones);
a page staff rewrote keeps theirs."""

from django.db import migrations

# Per column: the paragraph as first seeded, and as it now reads.
PARAGRAPHS = {
    "body": (
        "本網站只在您的瀏覽器保存登入所需的憑證，不使用廣告或追蹤用的 Cookie。",
        "本網站只在您的瀏覽器保存兩樣東西：登入所需的憑證，以及您選擇的語言"
        "（名為 django_language 的 Cookie，讓網站下次以同一種語言顯示）。"
        "本網站不使用廣告或追蹤用的 Cookie。",
    ),
    "body_en": (
        "This site stores only the sign-in credential it needs in your browser. "
        "It uses no advertising or tracking cookies.",
        "This site stores only two things in your browser: the sign-in credential it "
        "needs, and the language you chose (a cookie named django_language, so the "
        "site opens in that language next time). It uses no advertising or tracking "
        "cookies.",
    ),
    "body_ja": (
        "当サイトがブラウザに保存するのは、ログインに必要な認証情報だけです。"
        "広告やトラッキングのためのCookieは使用していません。",
        "当サイトがブラウザに保存するのは、ログインに必要な認証情報と、お選びになった"
        "表示言語（次回も同じ言語で表示するための「django_language」というCookie）の"
        "2つだけです。広告やトラッキングのためのCookieは使用していません。",
    ),
}


def seeded_bodies() -> dict[str, str]:
    """Each column's privacy body as the seed migrations wrote it at first."""
    import importlib

    first = importlib.import_module("sitepages.migrations.0002_seed_pages")
    translations = importlib.import_module("sitepages.migrations.0005_seed_pages_en_ja")
    now = {
        "body": first.PRIVACY.replace(*PARAGRAPHS["body"]),
        "body_en": translations.PRIVACY_EN,
        "body_ja": translations.PRIVACY_JA,
    }
    return {column: text.replace(*reversed(PARAGRAPHS[column])) for column, text in now.items()}


def replace_bodies(apps, *, forward: bool) -> None:
    Page = apps.get_model("sitepages", "Page")
    page = Page.objects.filter(slug="privacy").first()
    if page is None:
        return
    changed = []
    for column, before in seeded_bodies().items():
        if not forward and column != "body":
            continue  # 0005 itself writes the corrected English and Japanese
        old, new = PARAGRAPHS[column] if forward else reversed(PARAGRAPHS[column])
        expected = before if forward else before.replace(*PARAGRAPHS[column])
        if getattr(page, column) == expected:
            setattr(page, column, expected.replace(old, new))
            changed.append(column)
    if changed:
        page.save(update_fields=changed)


def correct(apps, schema_editor):
    replace_bodies(apps, forward=True)


def revert(apps, schema_editor):
    """Back to 0005: the 繁體中文 as 0002 wrote it, beside 0005's own words."""
    replace_bodies(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("sitepages", "0005_seed_pages_en_ja")]

    operations = [migrations.RunPython(correct, revert)]
