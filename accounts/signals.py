"""What other apps hook into a member's account without accounts importing them.

- `account_deleting(user=...)`: sent inside the deletion's transaction, before the
  member's own row is anonymised; receivers erase or anonymise what they keep about
  the member (bookings drops the cart, orders anonymises contact data).
- `member_data_requested(user=...)`: for "Download my data"; each receiver returns a
  dict of sections (e.g. {"orders": [...]}) merged into the export.
"""

from django.dispatch import Signal

account_deleting = Signal()
member_data_requested = Signal()
