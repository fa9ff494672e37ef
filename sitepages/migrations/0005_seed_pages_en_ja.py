"""The trust pages' first words in English and Japanese, written here from the 繁體中文
of 0002 (same rules, same numbers); staff edit them in the admin from then on.

Only a page whose 繁體中文 body is still 0002's gets them (a title or summary also only
while its 繁體中文 is 0002's): where staff rewrote the 繁體中文, these words would say
something else, so that page shows its 繁體中文 (marked lang="zh-Hant") until staff
translate it. Only blank translations are filled, so a page staff already translated is
left alone. The privacy page's cookie paragraph says what 0006 makes the 繁體中文 say."""

import importlib

from django.db import migrations

FIRST_SEED = {
    slug: (title, summary, body)
    for slug, title, summary, body in importlib.import_module(
        "sitepages.migrations.0002_seed_pages"
    ).PAGES
}

TERMS_EN = """## What we offer
Taipei Day Trip runs half-day guided tours of places in Taipei (a morning or an afternoon). Your trip is confirmed once you have booked and paid on the site; your guide will contact you before it starts on the mobile number you gave us.

## Your account
- Sign up with your own email address and keep your password safe.
- Bookings and payments made with an account are treated as made by its holder.
- If you find that someone else is using your account, contact customer service straight away.

## Booking and payment
- Prices are in New Taiwan dollars (NT$). The price per person is shown on each attraction's page, and the total shown at checkout is what you pay.
- You pay by card. Payments are handled by our payment partner, and this site never stores your full card number.
- Once your payment goes through, we email you an order confirmation; you can also find the order under your orders.

## On the day
Please arrive at the meeting point on time and keep your phone on. If you are more than 30 minutes late and we cannot reach you, the trip counts as missed and is not refunded. If weather or other events beyond our control stop a trip from running, we will contact you to move it to another date or refund it in full.

## Cancellations and refunds
See the cancellation and refund policy page for the rules.

## Changes to these terms
If these terms change, we will publish the new version on this page with its last updated date; using the service after a change means you accept the new terms."""

PRIVACY_EN = """## What we collect, and why
- Name, email address and password (stored only as a hash that cannot be reversed): to create your account and recognise you.
- Contact name, email address and mobile number: so your guide can reach you before the trip, and to send your order confirmation.
- Orders and payments (order number, trips, amounts, payment results): to provide the service you bought, handle refunds and keep the accounts the law requires.
- Profile photo (if you upload one): shown in your member area.
- Connection records (IP address, time): to keep accounts from being taken over and the site secure.

## What we do not collect
Your full card number, expiry date and security code go straight to our payment partner; they never pass through or stay on this site.

## How we use and keep your data
We use this data only for the purposes listed here, and never sell it or give it to anyone unrelated to your trip. Accounting records are kept as the law requires; everything else is deleted when you delete your account.

## Your rights (Taiwan's Personal Data Protection Act, Article 3)
Under the Personal Data Protection Act, you may ask us to:
- tell you what we hold, or let you see it
- give you a copy
- complete or correct it
- stop collecting, processing or using it
- delete it
You can change most of your details in your member area; for anything else, email customer service and we will reply within 30 days.

## Cookies and local storage
This site stores only two things in your browser: the sign-in credential it needs, and the language you chose (a cookie named django_language, so the site opens in that language next time). It uses no advertising or tracking cookies."""

REFUNDS_EN = """## Cancelling a trip
- Cancel up to 24 hours before the trip starts: full refund.
- Within 24 hours of the start: the trip can no longer be cancelled or refunded.
- Morning trips start at 9:00 and afternoon trips at 14:00, Taipei time.

## How to cancel
Find the order under your orders, or email customer service with the order number.

## How and when you are refunded
The refund goes back to the card you paid with, for the trip's full price. It usually shows on your statement within 7 to 14 business days, depending on your card issuer.

## If a trip cannot run
If weather, traffic or other events beyond our control stop a trip from running, we will contact you before it starts, and you can move it to another date or get a full refund.

## Failed payments
An order whose payment failed is not charged; you can pay again with another card from the order page."""

TERMS_JA = """## サービス内容
台北一日遊は、台北市内の観光スポットを巡る半日ガイドツアー（午前または午後）を提供しています。サイトでご予約いただき、お支払いが完了した時点でツアーは成立します。ツアーの前に、ご登録の携帯電話番号へガイドからご連絡します。

## 会員アカウント
- 会員登録はご本人のメールアドレスで行い、パスワードは大切に管理してください。
- 同じアカウントでの予約とお支払いは、アカウント所有者によるものとみなします。
- アカウントが第三者に使われていると気づいた場合は、すぐにカスタマーサービスへご連絡ください。

## 予約とお支払い
- 料金は新台湾ドル（NT$）建てです。1名あたりの料金は各観光スポットのページに表示しており、お支払い時に表示される合計金額が最終的な金額となります。
- お支払いはクレジットカードで承ります。決済は提携の決済サービスが処理し、当サイトがカード番号の全桁を保存することはありません。
- お支払いが完了すると注文確認メールをお送りします。注文履歴からもご確認いただけます。

## ツアー当日
集合場所には時間どおりにお越しいただき、携帯電話はつながる状態にしておいてください。30分以上遅れ、ご連絡もつかない場合は、そのツアーへの参加を辞退されたものとみなし、返金はいたしかねます。天候や不可抗力によりツアーを催行できない場合は、こちらからご連絡し、日程変更または全額返金をご案内します。

## キャンセルと返金
キャンセルと返金のルールは「キャンセル・返金ポリシー」のページをご覧ください。

## 規約の変更
本規約を変更する場合は、このページに最終更新日とともに掲載します。変更後もサービスをご利用になった場合は、変更後の規約に同意されたものとみなします。"""

PRIVACY_JA = """## 収集する情報とその目的
- お名前、メールアドレス、パスワード（元に戻せないハッシュ値のみを保存）：会員アカウントの作成と本人確認のため。
- 連絡先のお名前、メールアドレス、携帯電話番号：ツアー前にガイドからご連絡し、注文確認メールをお送りするため。
- 注文とお支払いの記録（注文番号、ツアー、金額、お支払い結果）：ご契約の履行、返金の処理、法令に基づく会計記録の保存のため。
- プロフィール画像（アップロードされた場合）：会員ページに表示するため。
- 接続記録（IPアドレス、日時）：アカウントの不正利用を防ぎ、サイトの安全を守るため。

## 収集しない情報
カード番号の全桁、有効期限、セキュリティコードは提携の決済サービスが直接処理し、当サイトを経由したり保存されたりすることはありません。

## 情報の利用と保存
上記の情報はこのページに記載した目的にのみ利用し、ツアーに関係のない第三者に販売・提供することはありません。会計記録は法令に従って保存し、その他の情報はアカウントの削除後に削除します。

## お客様の権利（台湾の個人資料保護法 第3条）
個人資料保護法に基づき、お客様はご自身の個人情報について次のことを請求できます：
- 照会または閲覧
- 複製物の交付
- 補充または訂正
- 収集・処理・利用の停止
- 削除
ほとんどの情報は会員ページで変更できます。その他のご請求はカスタマーサービスまでメールでご連絡ください。30日以内にお返事します。

## Cookieとローカルストレージ
当サイトがブラウザに保存するのは、ログインに必要な認証情報と、お選びになった表示言語（次回も同じ言語で表示するための「django_language」というCookie）の2つだけです。広告やトラッキングのためのCookieは使用していません。"""

REFUNDS_JA = """## ツアーのキャンセル
- ツアー開始の24時間前まで：全額返金いたします。
- ツアー開始前24時間以内：キャンセル・返金はお受けできません。
- 午前のツアーは9:00、午後のツアーは14:00開始です（台北時間）。

## キャンセルの方法
注文履歴から該当の注文を開くか、注文番号を添えてカスタマーサービスへメールでご連絡ください。

## 返金の方法と時期
返金はお支払いいただいたクレジットカードへ、そのツアーの代金全額を返金します。通常7〜14営業日でご利用明細に反映されますが、時期はカード発行会社によって異なります。

## ツアーを催行できない場合
天候、交通事情、その他の不可抗力によりツアーを催行できない場合は、出発前にこちらからご連絡します。日程変更または全額返金をお選びいただけます。

## お支払いに失敗した場合
お支払いに失敗した注文は請求されません。注文ページから別のカードでもう一度お支払いいただけます。"""

TEXTS = {
    "terms": {
        "en": ("Terms of service", "The terms to read before you book a trip.", TERMS_EN),
        "ja": ("利用規約", "ツアーをご予約の前にお読みください。", TERMS_JA),
    },
    "privacy": {
        "en": (
            "Privacy policy",
            "What personal data we collect, why, and your rights.",
            PRIVACY_EN,
        ),
        "ja": (
            "プライバシーポリシー",
            "収集する個人情報とその目的、お客様の権利について。",
            PRIVACY_JA,
        ),
    },
    "refunds": {
        "en": (
            "Cancellation and refund policy",
            "Cancelling a trip, and how and when you are refunded.",
            REFUNDS_EN,
        ),
        "ja": (
            "キャンセル・返金ポリシー",
            "ツアーのキャンセル、返金の方法と時期について。",
            REFUNDS_JA,
        ),
    },
}


def seed(apps, schema_editor):
    Page = apps.get_model("sitepages", "Page")
    for page in Page.objects.filter(slug__in=TEXTS):
        seeded = dict(zip(("title", "summary", "body"), FIRST_SEED[page.slug]))
        if page.body != seeded["body"]:
            continue  # staff rewrote the 繁體中文: these words no longer translate it
        changed = []
        for language, texts in TEXTS[page.slug].items():
            for field, text in zip(("title", "summary", "body"), texts, strict=True):
                column = f"{field}_{language}"
                if not getattr(page, column) and getattr(page, field) == seeded[field]:
                    setattr(page, column, text)
                    changed.append(column)
        if changed:
            page.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("sitepages", "0004_page_translations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
