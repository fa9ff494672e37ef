"""TapPay's backend notify: a hint that a redirect payment ended, checked before use.

TapPay documents no signature on the notify, so its body proves nothing: it only names
the transaction. The attempt is found by `rec_trade_id` (or, when the synchronous answer
was lost, by our own `bank_transaction_id`), the truth is re-read from the Record API,
matched against the attempt, and settled through payments.settle_from_record.
"""

import logging

from orders import tappay
from orders.models import Payment
from orders.services.payments import settle_from_record
from taipei_trip.errors import AppError

logger = logging.getLogger(__name__)

NOTIFY_MESSAGES = {
    "unknown": "unknown transaction",
    "mismatch": "the notify does not match this transaction",
    "record_missing": "TapPay has no such transaction",
    "record_mismatch": "TapPay's record does not match this transaction",
    "unavailable": "TapPay's Record API is unavailable; notify again later",
}


class NotifyError(AppError):
    """A notify that names nothing of ours or contradicts it; nothing was changed."""


def _find_attempt(*, rec_trade_id: str, bank_transaction_id: str) -> Payment | None:
    payment = (
        Payment.objects.select_related("order")
        .filter(rec_trade_id=rec_trade_id)
        .first()
    )
    if payment is None and bank_transaction_id:
        # The answer carrying rec_trade_id never reached us (timeout): the Record API
        # below must confirm that this rec_trade_id is that attempt's.
        payment = (
            Payment.objects.select_related("order")
            .filter(bank_transaction_id=bank_transaction_id, rec_trade_id="")
            .first()
        )
    return payment


def _claims_match(payment: Payment, *, claims: dict) -> bool:
    """Whatever the notify claims about our side must be what we sent."""
    expected = {
        "bank_transaction_id": payment.bank_transaction_id,
        "order_number": payment.order.number,
        "amount": payment.amount,
    }
    return all(claims.get(key) in (None, "", value) for key, value in expected.items())


def _record_matches(payment: Payment, record: dict) -> bool:
    amount = record.get("original_amount", record.get("amount"))
    return (
        record.get("bank_transaction_id") == payment.bank_transaction_id
        and amount == payment.amount
    )


def handle_notify(*, rec_trade_id: str, claims: dict) -> Payment:
    """Settle the attempt this notify names from the Record API; NotifyError if it is
    unknown or forged, AppError 503 when the Record API cannot be asked."""
    payment = _find_attempt(
        rec_trade_id=rec_trade_id,
        bank_transaction_id=str(claims.get("bank_transaction_id") or ""),
    )
    if payment is None:
        logger.warning("tappay notify rec_trade_id=%s: no such attempt", rec_trade_id)
        raise NotifyError(NOTIFY_MESSAGES["unknown"])
    if not _claims_match(payment, claims=claims):
        logger.warning(
            "tappay notify rec_trade_id=%s: does not match attempt %s; ignored",
            rec_trade_id,
            payment.pk,
        )
        raise NotifyError(NOTIFY_MESSAGES["mismatch"])
    if not payment.is_open:
        logger.info(
            "tappay notify rec_trade_id=%s: attempt %s of order %s already %s",
            rec_trade_id,
            payment.pk,
            payment.order.number,
            payment.state,
        )
        return payment
    try:
        record = tappay.query_transaction(rec_trade_id=rec_trade_id)
    except tappay.GatewayError as exc:
        logger.warning(
            "tappay notify rec_trade_id=%s: Record API unavailable (%s)",
            rec_trade_id,
            type(exc).__name__,
        )
        raise AppError(
            NOTIFY_MESSAGES["unavailable"], 503, headers={"Retry-After": "60"}
        ) from exc
    if record is None or not _record_matches(payment, record):
        logger.error(
            "tappay notify rec_trade_id=%s for attempt %s of order %s: %s",
            rec_trade_id,
            payment.pk,
            payment.order.number,
            "no record" if record is None else "record does not match the attempt",
        )
        raise NotifyError(
            NOTIFY_MESSAGES["record_missing" if record is None else "record_mismatch"]
        )
    settled = settle_from_record(payment=payment, record=record)
    logger.info(
        "tappay notify rec_trade_id=%s: attempt %s of order %s amount %s is %s",
        rec_trade_id,
        settled.pk,
        payment.order.number,
        settled.amount,
        settled.state,
    )
    return settled
