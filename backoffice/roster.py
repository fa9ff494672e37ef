"""The roster: who is coming on which trip, with how to reach them."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from bookings.models import Slot
from orders.models import OrderItem, OrderStatus

SLOT_ORDER = {slot: index for index, slot in enumerate(Slot.values)}
CSV_HEADER = [
    "日期 Date",
    "時段 Slot",
    "景點編號 Attraction id",
    "景點 Attraction",
    "訂單編號 Order",
    "聯絡人 Contact",
    "手機 Phone",
    "電子郵件 E-mail",
    "人數 Party size",
    "付款狀態 Payment",
]


@dataclass
class RosterRow:
    order_id: int
    order_number: str
    contact_name: str
    contact_phone: str
    contact_email: str
    party_size: int
    payment_state: str


@dataclass
class RosterSlot:
    day: date
    slot: str
    slot_label: str
    attraction_id: int
    attraction_name: str
    rows: list[RosterRow] = field(default_factory=list)

    @property
    def seats_taken(self) -> int:
        return sum(row.party_size for row in self.rows)


def roster(
    *, first: date, last: date, attraction_id: int | None = None
) -> list[RosterSlot]:
    """Every slot from `first` to `last` (inclusive) with paid trips, in date, slot and
    attraction order, each with its participants by contact name."""
    items = (
        OrderItem.objects.filter(
            order__status=OrderStatus.PAID,
            date__gte=first,
            date__lte=last,
            # A trip the member cancelled is no longer coming.
            cancelled_at=None,
        )
        .select_related("order")
        .order_by("date", "attraction_name", "order__contact_name", "order__number")
    )
    if attraction_id is not None:
        items = items.filter(attraction_id=attraction_id)
    slots: dict[tuple, RosterSlot] = {}
    for item in items:
        key = (
            item.date,
            SLOT_ORDER.get(item.slot, 99),
            item.attraction_name,
            item.attraction_snapshot_id,
        )
        entry = slots.get(key)
        if entry is None:
            entry = slots[key] = RosterSlot(
                day=item.date,
                slot=item.slot,
                slot_label=item.get_slot_display(),
                attraction_id=item.attraction_snapshot_id,
                attraction_name=item.attraction_name,
            )
        order = item.order
        entry.rows.append(
            RosterRow(
                order_id=order.pk,
                order_number=order.number,
                contact_name=order.contact_name,
                contact_phone=order.contact_phone,
                contact_email=order.contact_email,
                party_size=item.participants,
                payment_state=order.get_status_display(),
            )
        )
    return [slots[key] for key in sorted(slots)]


def roster_csv(slots: list[RosterSlot]) -> str:
    """The roster as CSV text, one participant a line, with a UTF-8 BOM so Excel reads
    the Chinese correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for entry in slots:
        for row in entry.rows:
            writer.writerow(
                [
                    entry.day.isoformat(),
                    f"{entry.slot_label} {entry.slot}",
                    entry.attraction_id,
                    spreadsheet_safe(entry.attraction_name),
                    row.order_number,
                    spreadsheet_safe(row.contact_name),
                    row.contact_phone,
                    spreadsheet_safe(row.contact_email),
                    row.party_size,
                    row.payment_state,
                ]
            )
    return buffer.getvalue()


def spreadsheet_safe(text: str) -> str:
    """A member-typed value a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
