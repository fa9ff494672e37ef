"""The staff groups the migrations make, and what each may do in the admin."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from backoffice.testing import sign_in_staff

pytestmark = pytest.mark.django_db

EDITORS, OPERATIONS, FINANCE = (
    "內容編輯 Content editors",
    "營運 Operations",
    "財務 Finance",
)


def staff_in(group_name: str) -> User:
    user = User.objects.create_user(
        f"{group_name.split()[-1].lower()}@example.com", "staff pass 123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_only_finance_may_refund():
    assert staff_in(FINANCE).has_perm("orders.refund_order")
    assert not staff_in(OPERATIONS).has_perm("orders.refund_order")
    assert not staff_in(EDITORS).has_perm("orders.refund_order")


def test_operations_read_orders_and_the_roster_but_change_nothing():
    operations = staff_in(OPERATIONS)

    assert operations.has_perm("orders.view_order")
    assert operations.has_perm("orders.view_roster")
    assert not operations.has_perm("orders.change_order")
    assert not operations.has_perm("attractions.change_attraction")


def test_content_editors_edit_the_catalogue_but_see_no_orders(client):
    editor = staff_in(EDITORS)
    sign_in_staff(client, editor)

    assert client.get("/admin/attractions/attraction/").status_code == 200
    assert client.get("/admin/attractions/mrtstation/add/").status_code == 200
    assert client.get("/admin/orders/order/").status_code == 403
