"""TapPay client: Pay by Prime, the Record API and the Refund API over `requests`.

Every call either returns TapPay's JSON answer or raises `GatewayError`, which means
"the outcome is unknown" (timeout, connection error, HTTP 5xx, redirect or a body that
is not TapPay's JSON). After a `GatewayError` on a charge, ask the Record API with
`query_transaction()`; never charge again. The partner key is read from settings on
every call and never logged; card data never reaches this server (only a prime).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

PAY_BY_PRIME_PATH = "/tpc/payment/pay-by-prime"
RECORD_PATH = "/tpc/transaction/query"
REFUND_PATH = "/tpc/transaction/refund"

# Connecting should be quick; TapPay advises about 30 s for the answer (banks are slow
# at peak hours), which is settings.TAPPAY_TIMEOUT.
CONNECT_TIMEOUT = 5.0

DETAILS_MAX = 100
ORDER_NUMBER_MAX = 50
BANK_TRANSACTION_ID_MAX = 40
RECORDS_PER_PAGE = 50
CARDHOLDER_REQUIRED = ("phone_number", "name", "email")
CARDHOLDER_OPTIONAL = ("zip_code", "address", "national_id")

# Record API `record_status` values (TapPay reference, "record_status").
RECORD_ERROR = -1  # the transaction failed (declined, bank error)
RECORD_AUTH = 0  # authorised by the bank, not captured yet
RECORD_OK = 1  # captured
RECORD_PARTIALLY_REFUNDED = 2
RECORD_REFUNDED = 3
RECORD_PENDING = 4  # waiting for the buyer (3-D Secure, e-wallets)
RECORD_CANCEL = 5
# The buyer's money is held for these: authorised, captured, or only partly refunded.
PAID_RECORD_STATUSES = frozenset({RECORD_AUTH, RECORD_OK, RECORD_PARTIALLY_REFUNDED})

SUCCESS = 0


class GatewayError(Exception):
    """TapPay's answer could not be read, so the outcome of the call is unknown."""


@dataclass(frozen=True)
class GatewayResponse:
    status: int
    message: str
    rec_trade_id: str
    bank_transaction_id: str
    data: dict = field(repr=False)

    @property
    def is_success(self) -> bool:
        return self.status == SUCCESS

    @property
    def payment_url(self) -> str:
        """Where the buyer must go to finish (3-D Secure, wallet); "" when final."""
        url = self.data.get("payment_url")
        return (
            url
            if isinstance(url, str) and url.startswith(("https://", "http://"))
            else ""
        )


def _credentials() -> tuple[str, str]:
    partner_key = settings.TAPPAY_PARTNER_KEY
    base_url = settings.TAPPAY_BASE_URL
    if not partner_key or not base_url:
        raise ImproperlyConfigured(
            "TAPPAY_PARTNER_KEY and TAPPAY_BASE_URL must be set to call TapPay"
        )
    return partner_key, base_url.rstrip("/")


def _post(path: str, body: dict[str, Any], *, reference: str = "") -> dict[str, Any]:
    """POST one TapPay API call and return its JSON answer, or raise GatewayError."""
    partner_key, base_url = _credentials()
    payload = {"partner_key": partner_key, **body}
    timeout = (CONNECT_TIMEOUT, float(settings.TAPPAY_TIMEOUT))
    try:
        # A fresh connection per call: a pooled keep-alive connection that the far
        # end has dropped would turn a clean failure into an "unknown" payment.
        response = requests.post(
            base_url + path,
            json=payload,
            headers={"x-api-key": partner_key},
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.Timeout as exc:
        logger.warning("tappay %s ref=%s timed out: outcome unknown", path, reference)
        raise GatewayError(f"TapPay {path} timed out") from exc
    except requests.RequestException as exc:
        logger.warning(
            "tappay %s ref=%s failed (%s): outcome unknown",
            path,
            reference,
            type(exc).__name__,
        )
        raise GatewayError(f"TapPay {path} could not be reached") from exc
    return _read_answer(path, response, reference=reference)


def _read_answer(
    path: str, response: requests.Response, *, reference: str
) -> dict[str, Any]:
    code = response.status_code
    data: Any = None
    if code < 300 or 400 <= code < 500:
        try:
            data = response.json()
        except ValueError:
            data = None
    is_readable = (
        isinstance(data, dict)
        and isinstance(data.get("status"), int)
        and not isinstance(data.get("status"), bool)
        # A 4xx that claims success is not an answer to trust.
        and (code < 300 or data["status"] != SUCCESS)
    )
    if not is_readable:
        logger.warning(
            "tappay %s ref=%s http=%s: no TapPay answer, outcome unknown",
            path,
            reference,
            code,
        )
        raise GatewayError(f"TapPay {path} answered HTTP {code} without a result")
    logger.info(
        "tappay %s ref=%s http=%s status=%s rec_trade_id=%s",
        path,
        reference,
        code,
        data["status"],
        data.get("rec_trade_id", ""),
    )
    return data


def _response(data: dict[str, Any]) -> GatewayResponse:
    return GatewayResponse(
        status=data["status"],
        message=str(data.get("msg") or ""),
        rec_trade_id=str(data.get("rec_trade_id") or ""),
        bank_transaction_id=str(data.get("bank_transaction_id") or ""),
        data=data,
    )


def _check_text(name: str, value: str, limit: int) -> None:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ValueError(f"{name} must be a string of 1 to {limit} characters")


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive integer of TWD")


def pay_by_prime(
    *,
    prime: str,
    amount: int,
    details: str,
    cardholder: dict,
    order_number: str,
    bank_transaction_id: str,
    merchant_id: str = "",
    three_domain_secure: bool = False,
    result_url: dict | None = None,
) -> GatewayResponse:
    """Charge `amount` TWD with a one-time prime; status 0 means paid.

    With `three_domain_secure` or a wallet's `merchant_id`, pass `result_url`
    (`frontend_redirect_url`, `backend_notify_url`): status 0 with a `payment_url`
    then means "send the buyer there", not "paid".
    Raises GatewayError when the outcome is unknown: then query, never charge again.
    Bad arguments raise ValueError before anything is sent.
    """
    _check_text("prime", prime, 200)
    _check_amount(amount)
    _check_text("order_number", order_number, ORDER_NUMBER_MAX)
    _check_text("bank_transaction_id", bank_transaction_id, BANK_TRANSACTION_ID_MAX)
    if not isinstance(details, str):
        raise ValueError("details must be a string")
    if not isinstance(cardholder, dict):
        raise ValueError("cardholder must be a dict")
    missing = [key for key in CARDHOLDER_REQUIRED if not cardholder.get(key)]
    if missing:
        raise ValueError(f"cardholder needs {', '.join(missing)}")
    if three_domain_secure and not result_url:
        raise ValueError("three_domain_secure needs a result_url")
    body = {
        "prime": prime,
        "merchant_id": merchant_id or settings.TAPPAY_MERCHANT_ID,
        "amount": amount,
        "currency": "TWD",
        # Details are a description for fraud checks; cutting them is harmless,
        # refusing the payment over their length is not.
        "details": (details.strip() or order_number)[:DETAILS_MAX],
        "cardholder": {
            key: str(cardholder[key])
            for key in CARDHOLDER_REQUIRED + CARDHOLDER_OPTIONAL
            if key in cardholder
        },
        "order_number": order_number,
        "bank_transaction_id": bank_transaction_id,
        "remember": False,
    }
    if three_domain_secure:
        body["three_domain_secure"] = True
    if result_url:
        body["result_url"] = dict(result_url)
    return _response(_post(PAY_BY_PRIME_PATH, body, reference=bank_transaction_id))


def query_transaction(
    *, bank_transaction_id: str = "", rec_trade_id: str = ""
) -> dict | None:
    """Find one transaction in TapPay's Record API by our id or TapPay's: its trade
    record, or None.

    None means TapPay answered and has no such transaction (it was never charged).
    An unreadable answer or a failed query raises GatewayError: unknown, ask later.
    """
    if rec_trade_id:
        _check_text("rec_trade_id", rec_trade_id, 64)
        key, value = "rec_trade_id", rec_trade_id
    else:
        _check_text("bank_transaction_id", bank_transaction_id, BANK_TRANSACTION_ID_MAX)
        key, value = "bank_transaction_id", bank_transaction_id
    body = {
        "records_per_page": RECORDS_PER_PAGE,
        "page": 0,
        "filters": {key: value},
    }
    data = _post(RECORD_PATH, body, reference=value)
    records = data.get("trade_records")
    # Only a readable list of records proves absence; a failed query proves nothing.
    if not isinstance(records, list) or (data["status"] != SUCCESS and records):
        raise GatewayError(
            f"TapPay record query failed: status {data['status']} {data.get('msg', '')}"
        )
    for record in records:
        if isinstance(record, dict) and record.get(key) == value:
            return record
    return None


def record_is_paid(record: dict) -> bool:
    """True when a trade record shows the buyer's money taken and not fully returned."""
    status = record.get("record_status")
    return (
        isinstance(status, int)
        and not isinstance(status, bool)
        and status in PAID_RECORD_STATUSES
    )


def record_is_waiting(record: dict) -> bool:
    """True while TapPay waits for the buyer (3-D Secure challenge, wallet app)."""
    return record.get("record_status") == RECORD_PENDING


def refund(*, rec_trade_id: str, amount: int | None = None) -> GatewayResponse:
    """Refund a charge in full, or `amount` TWD of it; status 0 means refunded.

    A GatewayError means the refund may or may not have happened: check the record
    (record_status 2 or 3) before trying again.
    """
    _check_text("rec_trade_id", rec_trade_id, 64)
    body: dict[str, Any] = {"rec_trade_id": rec_trade_id}
    if amount is not None:
        _check_amount(amount)
        body["amount"] = amount
    return _response(_post(REFUND_PATH, body, reference=rec_trade_id))
