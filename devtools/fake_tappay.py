"""A local stand-in for TapPay: a real HTTP server on 127.0.0.1 (standard library only).

It speaks Pay by Prime, the Record API and the Refund API with TapPay's paths and
answer shapes and checks what the real gateway checks (x-api-key against the body's
partner_key and its own key, merchant id, required fields and types, positive integer
amounts, single-use primes, unique bank_transaction_id). Special primes drive the
unhappy paths:

- `SANDBOX_TEST_PRIME` and any other prime: approved once; a reused prime is refused.
- `fake_decline...`: declined by the "bank" (non-zero status, bank message).
- `fake_timeout...`: charged, but the answer comes only after `slow_seconds`.
- `fake_error500...`: HTTP 500 with an HTML body, nothing charged.
- `fake_3ds...`: a card enrolled in 3-D Secure. Sent with `three_domain_secure: true`
  and `result_url`, it answers with a `payment_url` to the fake bank's challenge page
  (record_status 4 until the buyer acts); without 3-D Secure it is refused (status 75).
  Any other prime sent with 3-D Secure is a card not enrolled: the answer is final.
- `fake_linepay...`, `fake_jkopay...`: wallet primes, paid with the wallet's merchant id
  and `result_url`; they answer with a `payment_url` to the wallet's page.

The challenge and wallet pages (`/fake/redirect/<rec_trade_id>`, buttons "Complete" and
"Fail") do what `complete()` does: settle the record, send the browser to
`frontend_redirect_url` and POST the notify to `backend_notify_url`, as `notify_mode`
says: "after" the browser is sent back (default), "before" it, "twice", or "drop".

Used by the `fake_tappay` pytest fixture, by `manage.py run_fake_tappay` and by
`manage.py rundev` (`make run` without TapPay keys). Its status codes mimic TapPay's
style; clients must rely only on "0 is success".
"""

from __future__ import annotations

import html
import json
import logging
import secrets
import string
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

logger = logging.getLogger(__name__)

SANDBOX_TEST_PRIME = "test_3a2fb2b7e892b914a03c95dd4dd5dc7970c908df67a49527c0a648b2bc9"
DECLINE_PREFIX = "fake_decline"
TIMEOUT_PREFIX = "fake_timeout"
ERROR500_PREFIX = "fake_error500"
THREE_DS_PREFIX = "fake_3ds"
LINE_PAY_PREFIX = "fake_linepay"
JKO_PAY_PREFIX = "fake_jkopay"

DEFAULT_PARTNER_KEY = "partner_local_fake_tappay_key"
DEFAULT_MERCHANT_ID = "local_fake_merchant"
DEFAULT_LINE_PAY_MERCHANT_ID = "local_fake_merchant_LINEPAY"
DEFAULT_JKO_PAY_MERCHANT_ID = "local_fake_merchant_JKOPAY"
NOTIFY_MODES = ("after", "before", "twice", "drop")
# How long "after" waits, so the browser's return usually comes first.
NOTIFY_DELAY_SECONDS = 0.3
NOTIFY_TIMEOUT_SECONDS = 10
# What the page's TPDirect stand-in needs: its static path and placeholder app keys.
FAKE_SDK_URL = "/static/js/tappay-fake-sdk.js"
FAKE_APP_ID = "11327"
FAKE_APP_KEY = "app_local_fake"

PAY_BY_PRIME_PATH = "/tpc/payment/pay-by-prime"
RECORD_PATH = "/tpc/transaction/query"
REFUND_PATH = "/tpc/transaction/refund"
REDIRECT_PATH = "/fake/redirect/"

STATUS_OK = 0
STATUS_AUTH_FAILED = 4
STATUS_INVALID_ARGUMENTS = 121
STATUS_PRIME_USED = 91
STATUS_MERCHANT_NOT_FOUND = 421
STATUS_NOT_FOUND = 2
STATUS_CARD_ERROR = 10003
STATUS_DUPLICATE_TRANSACTION = 10006
STATUS_REFUND_REFUSED = 10009
STATUS_3DS_REQUIRED = (
    75  # TapPay: the merchant does not support non-3-D Secure payments
)

RECORD_ERROR = -1
RECORD_AUTH = 0
RECORD_PARTIALLY_REFUNDED = 2
RECORD_REFUNDED = 3
RECORD_PENDING = 4
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WALLETS = {
    LINE_PAY_PREFIX: ("LINE Pay", "LINEPAY"),
    JKO_PAY_PREFIX: ("街口支付 JKO Pay", "JKOPAY"),
}

MAX_AMOUNT_TWD = 20_000_000
MAX_BODY_BYTES = 64 * 1024
ID_ALPHABET = string.ascii_uppercase + string.digits


def _now_millis() -> int:
    return int(time.time() * 1000)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class ReceivedRequest:
    """One request as the fake received it, for tests to assert on."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Transaction:
    """A trade record: every attempt that reached the bank, approved or declined."""

    rec_trade_id: str
    bank_transaction_id: str
    order_number: str
    merchant_id: str
    prime: str
    amount: int
    currency: str
    details: str
    cardholder: dict
    record_status: int
    auth_code: str
    bank_result_code: str
    bank_result_msg: str
    card_info: dict
    time_millis: int
    refunded_amount: int = 0
    refunds: list[dict] = field(default_factory=list)
    result_url: dict = field(default_factory=dict)
    payment_url: str = ""
    # The prime's kind for redirect payments: fake_3ds, fake_linepay or fake_jkopay.
    redirect_kind: str = ""

    @property
    def is_charged(self) -> bool:
        return self.record_status not in (RECORD_ERROR, RECORD_PENDING)

    @property
    def is_waiting(self) -> bool:
        return self.record_status == RECORD_PENDING

    def to_record(self) -> dict[str, Any]:
        """The Record API shape of this transaction."""
        return {
            "rec_trade_id": self.rec_trade_id,
            "auth_code": self.auth_code,
            "merchant_id": self.merchant_id,
            "merchant_name": "台北一日遊 (fake)",
            "app_name": "taipei-day-trip",
            "time": self.time_millis,
            "amount": self.amount - self.refunded_amount,
            "refund_amount": self.refunded_amount,
            "original_amount": self.amount,
            "record_status": self.record_status,
            "bank_transaction_id": self.bank_transaction_id,
            "order_number": self.order_number,
            "currency": self.currency,
            "cap_millis": self.time_millis + 86_400_000,
            "is_captured": False,
            "bank_transaction_start_millis": self.time_millis,
            "bank_transaction_end_millis": self.time_millis + 120,
            "bank_result_code": self.bank_result_code,
            "bank_result_msg": self.bank_result_msg,
            "partial_card_number": (
                f"{self.card_info['bin_code']}******{self.card_info['last_four']}"
            ),
            "details": self.details,
            "cardholder": dict(self.cardholder),
            **self.pay_info(),
        }

    def pay_info(self) -> dict[str, Any]:
        wallet = WALLETS.get(self.redirect_kind)
        return {"pay_info": {"method": wallet[1]}} if wallet else {}


@dataclass(frozen=True)
class Completion:
    """What the buyer's click on a challenge or wallet page produced."""

    redirect_url: str
    notify_body: dict


class Refused(Exception):
    """A request the fake answers with a non-zero TapPay status."""

    def __init__(self, status: int, msg: str, http_status: int = HTTPStatus.OK):
        super().__init__(msg)
        self.status = status
        self.msg = msg
        self.http_status = http_status


def _card_for(prime: str) -> dict[str, Any]:
    last_four = "4242"
    bin_code = "424242"
    if prime.startswith(DECLINE_PREFIX):
        bin_code, last_four = "400000", "0002"
    elif prime.startswith(TIMEOUT_PREFIX):
        bin_code, last_four = "400000", "0119"
    elif prime.startswith(THREE_DS_PREFIX):
        bin_code, last_four = "400000", "3220"
    return {
        "bin_code": bin_code,
        "last_four": last_four,
        "issuer": "FAKE BANK",
        "issuer_zh_tw": "測試銀行",
        "bank_id": "",
        "funding": 0,
        "type": 1,
        "level": "CLASSIC",
        "country": "TAIWAN",
        "country_code": "TW",
        "expiry_date": "203012",
    }


def site_environment(
    base_url: str,
    *,
    partner_key: str = DEFAULT_PARTNER_KEY,
    merchant_id: str = DEFAULT_MERCHANT_ID,
    line_pay_merchant_id: str = DEFAULT_LINE_PAY_MERCHANT_ID,
    jko_pay_merchant_id: str = DEFAULT_JKO_PAY_MERCHANT_ID,
) -> dict[str, str]:
    """The TAPPAY_* variables that point a site at a fake on base_url and the fake SDK."""
    return {
        "TAPPAY_BASE_URL": base_url,
        "TAPPAY_PARTNER_KEY": partner_key,
        "TAPPAY_MERCHANT_ID": merchant_id,
        "TAPPAY_LINE_PAY_MERCHANT_ID": line_pay_merchant_id,
        "TAPPAY_JKO_PAY_MERCHANT_ID": jko_pay_merchant_id,
        "TAPPAY_APP_ID": FAKE_APP_ID,
        "TAPPAY_APP_KEY": FAKE_APP_KEY,
        "TAPPAY_SDK_URL": FAKE_SDK_URL,
    }


class FakeTapPay:
    """A threaded HTTP server speaking TapPay's server APIs on 127.0.0.1."""

    def __init__(
        self,
        *,
        partner_key: str = DEFAULT_PARTNER_KEY,
        merchant_id: str = DEFAULT_MERCHANT_ID,
        host: str = "127.0.0.1",
        port: int = 0,
        slow_seconds: float = 2.0,
        line_pay_merchant_id: str = DEFAULT_LINE_PAY_MERCHANT_ID,
        jko_pay_merchant_id: str = DEFAULT_JKO_PAY_MERCHANT_ID,
        notify_mode: str = "after",
    ) -> None:
        if notify_mode not in NOTIFY_MODES:
            raise ValueError(f"notify_mode must be one of {', '.join(NOTIFY_MODES)}")
        self.partner_key = partner_key
        self.merchant_id = merchant_id
        self.line_pay_merchant_id = line_pay_merchant_id
        self.jko_pay_merchant_id = jko_pay_merchant_id
        self.slow_seconds = slow_seconds
        self.notify_mode = notify_mode
        self.transactions: list[Transaction] = []
        self.requests: list[ReceivedRequest] = []
        # The HTTP status each notify got from the site (or the error's name).
        self.notifications: list[int | str] = []
        self._host = host
        self._port = port
        self._used_primes: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------

    def start(self) -> FakeTapPay:
        server = ThreadingHTTPServer((self._host, self._port), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._stopping.clear()
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-tappay",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping on a fake_timeout prime
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeTapPay:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake TapPay server is not running")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    def site_environment(self) -> dict[str, str]:
        """The TAPPAY_* variables that point a site at this fake."""
        return site_environment(
            self.base_url,
            partner_key=self.partner_key,
            merchant_id=self.merchant_id,
            line_pay_merchant_id=self.line_pay_merchant_id,
            jko_pay_merchant_id=self.jko_pay_merchant_id,
        )

    @property
    def charges(self) -> list[Transaction]:
        """Transactions that took the buyer's money (declined ones excluded)."""
        with self._lock:
            return [t for t in self.transactions if t.is_charged]

    def find(self, **filters: str) -> list[Transaction]:
        with self._lock:
            return [
                t
                for t in self.transactions
                if all(getattr(t, key) == value for key, value in filters.items())
            ]

    def wait_for_notifications(self, count: int, timeout: float = 10.0) -> list:
        """The first `count` notify results, waiting up to `timeout` for them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.notifications) >= count:
                    return list(self.notifications)
            time.sleep(0.02)
        with self._lock:
            return list(self.notifications)

    # --- the buyer's side of redirect payments ---------------------------------

    def complete(self, rec_trade_id: str, *, success: bool) -> Completion:
        """The buyer passes (or fails) the challenge or wallet page: settle the record,
        notify the site as `notify_mode` says, and give the browser's return address.

        Raises LookupError when no transaction waits for the buyer under that id.
        """
        with self._lock:
            waiting = [
                t
                for t in self.transactions
                if t.rec_trade_id == rec_trade_id and t.is_waiting
            ]
            if not waiting:
                raise LookupError(f"no transaction waits for the buyer: {rec_trade_id}")
            transaction = waiting[0]
            transaction.record_status = RECORD_AUTH if success else RECORD_ERROR
            transaction.auth_code = (
                f"{secrets.randbelow(1_000_000):06d}" if success else ""
            )
            transaction.bank_result_code = "00" if success else "05"
            transaction.bank_result_msg = (
                "Approved" if success else "Authentication failed"
            )
            notify_body = _notify_body(transaction)
            redirect_url = _with_query(
                transaction.result_url["frontend_redirect_url"],
                {
                    "rec_trade_id": transaction.rec_trade_id,
                    "order_number": transaction.order_number,
                    "status": notify_body["status"],
                },
            )
            notify_url = transaction.result_url["backend_notify_url"]
        self._deliver(notify_url, notify_body)
        return Completion(redirect_url=redirect_url, notify_body=notify_body)

    def _deliver(self, url: str, body: dict) -> None:
        mode = self.notify_mode
        if mode == "drop":
            return
        if mode == "before":
            self._post_notify(url, body)
            return

        def later() -> None:
            if self._stopping.wait(NOTIFY_DELAY_SECONDS):
                return
            for _ in range(2 if mode == "twice" else 1):
                self._post_notify(url, body)

        threading.Thread(target=later, name="fake-tappay-notify", daemon=True).start()

    def _post_notify(self, url: str, body: dict) -> None:
        request = urllib.request.Request(  # noqa: S310 (http(s) only: checked on entry)
            url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=NOTIFY_TIMEOUT_SECONDS
            ) as response:
                result: int | str = response.status
        except urllib.error.HTTPError as exc:
            result = exc.code
        except OSError as exc:
            result = type(exc).__name__
        logger.info("fake tappay: notify %s -> %s", body["rec_trade_id"], result)
        with self._lock:
            self.notifications.append(result)

    def redirect_page(self, method: str, path: str, raw: bytes) -> tuple[int, str, str]:
        """The challenge or wallet page: (HTTP status, HTML, Location or "")."""
        rec_trade_id = path[len(REDIRECT_PATH) :].split("?", 1)[0]
        with self._lock:
            found = [t for t in self.transactions if t.rec_trade_id == rec_trade_id]
        if not found or not found[0].redirect_kind:
            return HTTPStatus.NOT_FOUND, _page("找不到這筆交易", ""), ""
        transaction = found[0]
        if method == "POST":
            action = parse_qs(raw.decode("utf-8", "replace")).get("action", [""])[0]
            if action not in ("complete", "fail"):
                return HTTPStatus.BAD_REQUEST, _page("請選擇 Complete 或 Fail", ""), ""
            try:
                completion = self.complete(rec_trade_id, success=action == "complete")
            except LookupError:
                return HTTPStatus.CONFLICT, _page("這筆交易已經完成", ""), ""
            return HTTPStatus.SEE_OTHER, "", completion.redirect_url
        if not transaction.is_waiting:
            return HTTPStatus.CONFLICT, _page("這筆交易已經完成", ""), ""
        return HTTPStatus.OK, _challenge_page(transaction), ""

    # --- request handling (called from server threads) -------------------------

    def handle(
        self, method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, dict | str]:
        """Answer one request: (HTTP status, JSON dict or plain text body)."""
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = None
            parse_error = True
        else:
            parse_error = False
        with self._lock:
            self.requests.append(ReceivedRequest(method, path, headers, body))
        routes = {
            PAY_BY_PRIME_PATH: self._pay_by_prime,
            RECORD_PATH: self._query,
            REFUND_PATH: self._refund,
        }
        if path not in routes:
            return HTTPStatus.NOT_FOUND, {
                "status": STATUS_NOT_FOUND,
                "msg": "Not Found",
            }
        if method != "POST":
            return HTTPStatus.METHOD_NOT_ALLOWED, {
                "status": STATUS_INVALID_ARGUMENTS,
                "msg": "Method Not Allowed",
            }
        try:
            if parse_error or not isinstance(body, dict):
                raise Refused(
                    STATUS_INVALID_ARGUMENTS,
                    "Invalid arguments : body must be a JSON object",
                    HTTPStatus.BAD_REQUEST,
                )
            self._authenticate(headers, body)
            return routes[path](body)
        except Refused as refused:
            return refused.http_status, {"status": refused.status, "msg": refused.msg}

    def _authenticate(self, headers: dict[str, str], body: dict) -> None:
        expected = self.partner_key.encode()
        api_key = headers.get("x-api-key", "").encode("utf-8", "surrogateescape")
        partner_key = body.get("partner_key")
        if not secrets.compare_digest(api_key, expected) or not (
            isinstance(partner_key, str)
            and secrets.compare_digest(partner_key.encode(), expected)
        ):
            raise Refused(STATUS_AUTH_FAILED, "Authentication failed : partner_key")

    def _pay_by_prime(self, body: dict) -> tuple[int, dict | str]:
        _validate_payment(body)
        prime = body["prime"]
        kind = self._check_merchant(body)
        if prime.startswith(ERROR500_PREFIX):
            return HTTPStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"
        with self._lock:
            if prime in self._used_primes:
                raise Refused(STATUS_PRIME_USED, "Prime is expired or already used")
            bank_transaction_id = body.get("bank_transaction_id") or _new_id("TP", 18)
            if any(
                t.bank_transaction_id == bank_transaction_id for t in self.transactions
            ):
                raise Refused(
                    STATUS_DUPLICATE_TRANSACTION,
                    "Duplicate bank_transaction_id",
                )
            self._used_primes.add(prime)
            transaction = self._record(body, bank_transaction_id)
            if kind:
                transaction.redirect_kind = kind
                transaction.record_status = RECORD_PENDING
                transaction.auth_code = ""
                transaction.bank_result_code = ""
                transaction.bank_result_msg = ""
                transaction.result_url = dict(body["result_url"])
                if kind in WALLETS:
                    transaction.rec_trade_id = _new_rec_trade_id(
                        "LN" if kind == LINE_PAY_PREFIX else "D"
                    )
                transaction.payment_url = (
                    f"{self.base_url}{REDIRECT_PATH}{transaction.rec_trade_id}"
                )
        if prime.startswith(TIMEOUT_PREFIX):
            # The charge stands; the answer just comes too late for the client.
            self._stopping.wait(self.slow_seconds)
        return HTTPStatus.OK, _payment_answer(transaction)

    def _check_merchant(self, body: dict) -> str:
        """Refuse a prime paid with the wrong merchant id or without what its kind
        needs; the redirect kind ("" for a plain card payment)."""
        prime = body["prime"]
        wallet = next((p for p in WALLETS if prime.startswith(p)), "")
        wallet_merchants = {
            LINE_PAY_PREFIX: self.line_pay_merchant_id,
            JKO_PAY_PREFIX: self.jko_pay_merchant_id,
        }
        expected = wallet_merchants[wallet] if wallet else self.merchant_id
        if body["merchant_id"] != expected:
            raise Refused(STATUS_MERCHANT_NOT_FOUND, "Merchant not found")
        three_ds = body.get("three_domain_secure", False)
        if wallet or three_ds:
            _validate_result_url(body.get("result_url"))
        if wallet:
            return wallet
        if prime.startswith(THREE_DS_PREFIX):
            if not three_ds:
                raise Refused(
                    STATUS_3DS_REQUIRED, "This card requires 3D Secure authentication"
                )
            return THREE_DS_PREFIX
        return ""

    def _record(self, body: dict, bank_transaction_id: str) -> Transaction:
        declined = body["prime"].startswith(DECLINE_PREFIX)
        transaction = Transaction(
            rec_trade_id=_new_rec_trade_id(),
            bank_transaction_id=bank_transaction_id,
            order_number=body.get("order_number") or "",
            merchant_id=body["merchant_id"],
            prime=body["prime"],
            amount=body["amount"],
            currency=body.get("currency") or "TWD",
            details=body["details"],
            cardholder=dict(body["cardholder"]),
            record_status=RECORD_ERROR if declined else RECORD_AUTH,
            auth_code="" if declined else f"{secrets.randbelow(1_000_000):06d}",
            bank_result_code="05" if declined else "00",
            bank_result_msg="Do not honour" if declined else "Approved",
            card_info=_card_for(body["prime"]),
            time_millis=_now_millis(),
        )
        self.transactions.append(transaction)
        return transaction

    def _query(self, body: dict) -> tuple[int, dict | str]:
        per_page = body.get("records_per_page", 50)
        page = body.get("page", 0)
        filters = body.get("filters", {})
        if not _is_int(per_page) or not 1 <= per_page <= 200:
            raise Refused(
                STATUS_INVALID_ARGUMENTS, "Invalid arguments : records_per_page"
            )
        if not _is_int(page) or page < 0:
            raise Refused(STATUS_INVALID_ARGUMENTS, "Invalid arguments : page")
        _validate_filters(filters)
        with self._lock:
            found = [t for t in self.transactions if _matches(t, filters)]
            found.sort(key=lambda t: t.time_millis, reverse=True)
            records = [t.to_record() for t in found]
        start = page * per_page
        return HTTPStatus.OK, {
            "status": STATUS_OK,
            "msg": "Success",
            "records_per_page": per_page,
            "page": page,
            "total_page_count": max(1, -(-len(records) // per_page)),
            "number_of_transactions": len(records),
            "trade_records": records[start : start + per_page],
        }

    def _refund(self, body: dict) -> tuple[int, dict | str]:
        rec_trade_id = body.get("rec_trade_id")
        amount = body.get("amount")
        if not isinstance(rec_trade_id, str) or not rec_trade_id:
            raise Refused(STATUS_INVALID_ARGUMENTS, "Invalid arguments : rec_trade_id")
        if amount is not None and (not _is_int(amount) or amount <= 0):
            raise Refused(STATUS_INVALID_ARGUMENTS, "Invalid arguments : amount")
        with self._lock:
            matches = [t for t in self.transactions if t.rec_trade_id == rec_trade_id]
            if not matches or not matches[0].is_charged:
                raise Refused(
                    STATUS_NOT_FOUND, "Transaction not found or not refundable"
                )
            transaction = matches[0]
            remaining = transaction.amount - transaction.refunded_amount
            if remaining <= 0:
                raise Refused(STATUS_REFUND_REFUSED, "Transaction already refunded")
            refund_amount = remaining if amount is None else amount
            if refund_amount > remaining:
                raise Refused(
                    STATUS_REFUND_REFUSED, "Refund amount exceeds the balance"
                )
            transaction.refunded_amount += refund_amount
            transaction.record_status = (
                RECORD_REFUNDED
                if transaction.refunded_amount == transaction.amount
                else RECORD_PARTIALLY_REFUNDED
            )
            refund_id = _new_id("R", 19)
            transaction.refunds.append(
                {"refund_id": refund_id, "amount": refund_amount, "time": _now_millis()}
            )
        return HTTPStatus.OK, {
            "status": STATUS_OK,
            "msg": "Success",
            "refund_id": refund_id,
            "refund_amount": refund_amount,
            "is_captured": False,
            "currency": transaction.currency,
            "bank_result_code": "00",
            "bank_result_msg": "Approved",
        }


def _new_id(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def _new_rec_trade_id(prefix: str = "D") -> str:
    # TapPay's ids look like D + date + random, 20 characters in all (LINE Pay's: LN...).
    day = datetime.now(tz=UTC).strftime("%Y%m%d")
    return _new_id(prefix + day, 12 - len(prefix))


def _validate_result_url(result_url: Any) -> None:
    """Both URLs present and https (the notify on port 443), or http on loopback."""
    if not isinstance(result_url, dict):
        raise _invalid("result_url")
    for name in ("frontend_redirect_url", "backend_notify_url"):
        url = result_url.get(name)
        parts = urlsplit(url) if isinstance(url, str) else None
        is_https = bool(parts and parts.scheme == "https" and parts.hostname)
        if is_https and name == "backend_notify_url" and parts.port not in (None, 443):
            is_https = False
        is_loopback = bool(
            parts and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
        )
        if not (is_https or is_loopback):
            raise _invalid(f"result_url.{name}")


def _with_query(url: str, params: dict) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


def _notify_body(transaction: Transaction) -> dict[str, Any]:
    """The backend notify: the core fields of the Pay by Prime answer."""
    paid = transaction.is_charged
    return {
        "rec_trade_id": transaction.rec_trade_id,
        "bank_transaction_id": transaction.bank_transaction_id,
        "order_number": transaction.order_number,
        "amount": transaction.amount,
        "status": STATUS_OK if paid else STATUS_CARD_ERROR,
        "msg": "Success" if paid else "Authentication failed",
        "transaction_time_millis": transaction.time_millis,
        "acquirer": "TW_CTBC",
        "bank_result_code": transaction.bank_result_code,
        "bank_result_msg": transaction.bank_result_msg,
        **transaction.pay_info(),
    }


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )


def _challenge_page(transaction: Transaction) -> str:
    wallet = WALLETS.get(transaction.redirect_kind)
    title = f"{wallet[0]}（測試）" if wallet else "3-D Secure 驗證（測試銀行）"
    action = html.escape(f"{REDIRECT_PATH}{transaction.rec_trade_id}")
    body = (
        f"<p>訂單 {html.escape(transaction.order_number)}，"
        f"新臺幣 {transaction.amount:,} 元</p>"
        f'<form method="post" action="{action}">'
        '<button type="submit" name="action" value="complete">Complete</button> '
        '<button type="submit" name="action" value="fail">Fail</button>'
        "</form>"
    )
    return _page(title, body)


def _invalid(name: str) -> Refused:
    return Refused(STATUS_INVALID_ARGUMENTS, f"Invalid arguments : {name}")


def _check_string(body: dict, name: str, limit: int, *, required: bool) -> None:
    value = body.get(name)
    if value is None and not required:
        return
    if not isinstance(value, str) or (required and not value) or len(value) > limit:
        raise _invalid(name)


def _validate_payment(body: dict) -> None:
    """Refuse what TapPay refuses: missing fields, wrong types, bad amounts."""
    _check_string(body, "prime", 71, required=True)
    _check_string(body, "merchant_id", 50, required=True)
    _check_string(body, "details", 100, required=True)
    _check_string(body, "order_number", 50, required=False)
    _check_string(body, "bank_transaction_id", 40, required=False)
    amount = body.get("amount")
    if not _is_int(amount) or not 1 <= amount <= MAX_AMOUNT_TWD:
        raise _invalid("amount")
    if body.get("currency", "TWD") != "TWD":
        raise _invalid("currency")
    cardholder = body.get("cardholder")
    if not isinstance(cardholder, dict):
        raise _invalid("cardholder")
    for name, limit in (("phone_number", 64), ("name", 64), ("email", 128)):
        value = cardholder.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise _invalid(f"cardholder.{name}")
    if "@" not in cardholder["email"]:
        raise _invalid("cardholder.email")
    for name in ("remember", "three_domain_secure"):
        if name in body and not isinstance(body[name], bool):
            raise _invalid(name)


def _validate_filters(filters: Any) -> None:
    if not isinstance(filters, dict):
        raise _invalid("filters")
    for name in ("rec_trade_id", "bank_transaction_id", "order_number"):
        if name in filters and not isinstance(filters[name], str):
            raise _invalid(f"filters.{name}")
    if "record_status" in filters and not _is_int(filters["record_status"]):
        raise _invalid("filters.record_status")
    for name, keys in (
        ("time", ("start_time", "end_time")),
        ("amount", ("lower_limit", "upper_limit")),
    ):
        if name not in filters:
            continue
        bounds = filters[name]
        if not isinstance(bounds, dict) or not all(
            _is_int(bounds[key]) for key in keys if key in bounds
        ):
            raise _invalid(f"filters.{name}")


def _payment_answer(transaction: Transaction) -> dict[str, Any]:
    declined = not transaction.is_charged and not transaction.is_waiting
    extra = {"payment_url": transaction.payment_url} if transaction.payment_url else {}
    return {
        **extra,
        "status": STATUS_CARD_ERROR if declined else STATUS_OK,
        "msg": "Card Error: declined by the issuing bank" if declined else "Success",
        "rec_trade_id": transaction.rec_trade_id,
        "bank_transaction_id": transaction.bank_transaction_id,
        "auth_code": transaction.auth_code,
        "amount": transaction.amount,
        "currency": transaction.currency,
        "order_number": transaction.order_number,
        "acquirer": "TW_CTBC",
        "card_info": dict(transaction.card_info),
        "card_identifier": secrets.token_hex(16),
        "transaction_time_millis": transaction.time_millis,
        "bank_transaction_time": {
            "start_time_millis": transaction.time_millis,
            "end_time_millis": transaction.time_millis + 120,
        },
        "bank_result_code": transaction.bank_result_code,
        "bank_result_msg": transaction.bank_result_msg,
    }


def _matches(transaction: Transaction, filters: dict) -> bool:
    for name in ("rec_trade_id", "bank_transaction_id", "order_number"):
        if name in filters and getattr(transaction, name) != filters[name]:
            return False
    if "record_status" in filters and transaction.record_status != filters.get(
        "record_status"
    ):
        return False
    time_range = filters.get("time", {})
    start = time_range.get("start_time", 0)
    end = time_range.get("end_time", float("inf"))
    amount_range = filters.get("amount", {})
    low = amount_range.get("lower_limit", 0)
    high = amount_range.get("upper_limit", float("inf"))
    return start <= transaction.time_millis <= end and low <= transaction.amount <= high


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeTapPay/1.0"
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        fake: FakeTapPay = self.server.fake  # type: ignore[attr-defined]
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._send(HTTPStatus.BAD_REQUEST, "Bad Content-Length")
            return
        raw = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.path.startswith(REDIRECT_PATH) and self.command in ("GET", "POST"):
            self._send_page(*fake.redirect_page(self.command, self.path, raw))
            return
        try:
            code, body = fake.handle(self.command, self.path, headers, raw)
        except Exception:
            # A bug in the fake must show up in test output, not as a silent hang.
            logger.exception("fake tappay: error answering %s", self.path)
            code, body = HTTPStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"
        self._send(code, body)

    do_POST = _answer
    do_GET = _answer
    do_PUT = _answer
    do_DELETE = _answer

    def _send(self, code: int, body: dict | str) -> None:
        if isinstance(body, dict):
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        else:
            payload = body.encode("utf-8")
            content_type = "text/html; charset=utf-8"
        try:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (it timed out); the charge is recorded anyway.
            logger.info("fake tappay: client left before the answer to %s", self.path)

    def _send_page(self, code: int, page: str, location: str) -> None:
        payload = page.encode("utf-8")
        try:
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            logger.info("fake tappay: browser left before the page %s", self.path)

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines only (path and status), never bodies: they carry the key.
        logger.debug("fake tappay: " + format, *args)
