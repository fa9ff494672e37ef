"""The roster: who is coming on which trip, with how to reach them."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from attractions.models import Attraction
from bookings.models import Departure, Slot
from bookings.seats import capacity_of
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
    "剩餘名額 Seats left",
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
    # From the slot's departure (bookings/seats.py): every placed order holding seats,
    # paid or still being paid, and whether staff closed it. None: place deleted.
    capacity: int | None = None
    seats_held: int = 0
    is_closed: bool = False

    @property
    def seats_taken(self) -> int:
        return sum(row.party_size for row in self.rows)

    @property
    def seats_left(self) -> int | None:
        """What is still for sale: none when closed, else capacity less every seat
        held (paid trips and orders still in checkout)."""
        if self.capacity is None:
            return None
        if self.is_closed:
            return 0
        return max(self.capacity - self.seats_held, 0)


def roster(
    *, first: date, last: date, attraction_id: int | None = None
) -> list[RosterSlot]:
    """Every slot from `first` to `last` (inclusive) with paid trips or seats held,
    in date, slot and attraction order, each with its participants by contact name
    and its seats left. With one attraction, every slot of every day is listed, so
    staff also see the empty ones."""
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
    _add_seats(slots, first=first, last=last, attraction_id=attraction_id)
    return [slots[key] for key in sorted(slots)]


def _add_seats(
    slots: dict[tuple, RosterSlot],
    *,
    first: date,
    last: date,
    attraction_id: int | None,
) -> None:
    """Fill in each slot's capacity and seats held from the departures, adding the
    slots that hold seats or are closed with nobody paid yet."""
    departures = Departure.objects.filter(date__gte=first, date__lte=last)
    if attraction_id is not None:
        departures = departures.filter(attraction_id=attraction_id)
    by_trip = {(d.attraction_id, d.date, d.slot): d for d in departures}
    attraction_ids = {key[3] for key in slots} | {key[0] for key in by_trip}
    if attraction_id is not None:
        attraction_ids.add(attraction_id)
    places = Attraction.objects.only("id", "name", "seats_per_slot").in_bulk(
        attraction_ids
    )
    wanted = {trip for trip, d in by_trip.items() if d.taken or d.is_closed}
    if attraction_id is not None and attraction_id in places:
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        wanted |= {(attraction_id, day, slot) for day in days for slot in Slot.values}
    listed = {(entry.attraction_id, entry.day, entry.slot) for entry in slots.values()}
    for place_id, day, slot in wanted - listed:
        place = places.get(place_id)
        if place is not None:
            slots[(day, SLOT_ORDER.get(slot, 99), place.name, place_id)] = RosterSlot(
                day=day,
                slot=slot,
                slot_label=Slot(slot).label,
                attraction_id=place_id,
                attraction_name=place.name,
            )
    for entry in slots.values():
        place = places.get(entry.attraction_id)
        if place is None:
            continue
        departure = by_trip.get((entry.attraction_id, entry.day, entry.slot))
        entry.capacity = capacity_of(place)
        entry.seats_held = departure.taken if departure else 0
        entry.is_closed = bool(departure and departure.is_closed)


def roster_csv(slots: list[RosterSlot]) -> str:
    """The roster as CSV text, one participant a line, with a UTF-8 BOM so Excel reads
    the Chinese correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for entry in slots:
        trip = [
            entry.day.isoformat(),
            f"{entry.slot_label} {entry.slot}",
            entry.attraction_id,
            spreadsheet_safe(entry.attraction_name),
        ]
        seats_left = "" if entry.seats_left is None else entry.seats_left
        for row in entry.rows:
            writer.writerow(
                [
                    *trip,
                    row.order_number,
                    spreadsheet_safe(row.contact_name),
                    row.contact_phone,
                    spreadsheet_safe(row.contact_email),
                    row.party_size,
                    row.payment_state,
                    seats_left,
                ]
            )
        if not entry.rows:
            # A slot nobody has paid for yet still tells its seats left.
            writer.writerow([*trip, "", "", "", "", "", "", seats_left])
    return buffer.getvalue()


def spreadsheet_safe(text: str) -> str:
    """A member-typed value a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
