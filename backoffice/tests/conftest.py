import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from backoffice.testing import sign_in_staff
from bookings.pricing import today_in_taipei

TOMORROW = today_in_taipei() + timedelta(days=1)


@pytest.fixture(autouse=True)
def staff_groups(db):
    """The groups the data migration makes. A transactional test elsewhere in the run
    flushes every table, and a flush does not re-run data migrations."""
    migration = importlib.import_module("backoffice.migrations.0001_staff_groups")
    migration.add_groups(Group, Permission)


@pytest.fixture
def make_paid_order(user, make_attraction):
    """An order with trips, written with the ORM, paid by default."""
    from orders.models import Order, OrderItem

    def make(*trips, status="paid", name="王小明", phone="0912345678", member=None):
        order = Order.objects.create(
            user=member or user,
            status=status,
            amount=sum(2000 if slot == "morning" else 2500 for _, _, slot in trips),
            contact_name=name,
            contact_email="ming@example.com",
            contact_phone=phone,
        )
        for attraction, day, slot in trips:
            OrderItem.objects.create(
                order=order,
                attraction=attraction,
                attraction_snapshot_id=attraction.pk,
                attraction_name=attraction.name,
                attraction_address=attraction.address,
                date=day,
                slot=slot,
                price=2000 if slot == "morning" else 2500,
            )
        return order

    return make


@pytest.fixture
def staff_in_group(client):
    def make(group_name: str):
        staff = User.objects.create_user(
            f"{abs(hash(group_name))}@example.com", "staff pass 123", is_staff=True
        )
        staff.groups.add(Group.objects.get(name=group_name))
        return sign_in_staff(client, staff)

    return make
