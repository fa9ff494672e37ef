"""The copy guide's "Not" words (docs/frontend.md, "Copy guide") stay out of the site.

Pages, scripts, e-mails, messages and the admin's names: everything but migrations
(history) and tests. 預約 and 再試一次 are left to the guide alone: they can be fair
words elsewhere.
"""

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NOT_WORDS = ("預定", "連絡", "新台幣", "過期時間", "驗證密碼")
FOLDERS = ("templates", "static/js", "accounts", "attractions", "bookings", "orders")
FOLDERS += ("mail", "sitepages", "backoffice", "devtools", "taipei_trip")
ENDINGS = {".py", ".html", ".js", ".txt"}


def site_files() -> list[Path]:
    return [
        path
        for folder in FOLDERS
        for path in sorted((PROJECT / folder).rglob("*"))
        if path.suffix in ENDINGS
        and not {"migrations", "tests"} & set(path.relative_to(PROJECT).parts)
    ]


def test_no_page_message_or_admin_name_uses_a_word_the_copy_guide_replaces():
    found = [
        f"{path.relative_to(PROJECT)}: {word}"
        for path in site_files()
        for word in NOT_WORDS
        if word in path.read_text(encoding="utf-8")
    ]

    assert found == []
