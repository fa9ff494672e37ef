"""The attraction page's calendar, the one way to choose a trip's date: a day's button,
turning to its month first, once the seats of that month have arrived."""

import datetime

CALENDAR_SETTLED = "[data-calendar]:not([aria-busy])"


def day_button(page, day: datetime.date):
    iso = day.isoformat()
    page.locator(f"{CALENDAR_SETTLED} [data-date]").first.wait_for()
    while not page.locator(f"[data-date='{iso}']").count():
        page.get_by_role("button", name="下個月").click()
        page.locator(f"{CALENDAR_SETTLED} [data-date^='{iso[:7]}']").first.wait_for()
    return page.locator(f"[data-date='{iso}']")


def pick_date(page, day: datetime.date) -> None:
    day_button(page, day).click()
