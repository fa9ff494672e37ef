"""Render the site's icon (static/img/favicon.svg) into the raster icons browsers ask for.

    .venv/bin/python scripts/icons.py

Writes static/img/favicon.ico (16, 32 and 48 px, for /favicon.ico), icon-192.png and
icon-512.png (the web app manifest) and apple-touch-icon.png (180 px, corners filled: iOS
rounds them itself and would show transparent ones black). Chromium draws the SVG, so the
PNGs match what browsers show for the SVG; run again after changing the SVG and commit
the results.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from taipei_trip.testing import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

IMG = PROJECT / "static" / "img"
SQUARE_BACKGROUND = "#3d7a89"  # the SVG's own fill, behind its rounded corners


def render(page, svg: str, size: int, *, square: bool = False) -> Image.Image:
    background = SQUARE_BACKGROUND if square else "transparent"
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(
        f"<html><body style='margin:0;background:{background}'>"
        f"<div style='width:{size}px;height:{size}px'>{svg}</div></body></html>"
    )
    page.eval_on_selector("svg", f"s => {{ s.setAttribute('width', {size}); "
                          f"s.setAttribute('height', {size}); }}")  # fmt: skip
    png = page.screenshot(omit_background=not square)
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> None:
    svg = (IMG / "favicon.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        for name, size in (("icon-192.png", 192), ("icon-512.png", 512)):
            render(page, svg, size).save(IMG / name, optimize=True)
        render(page, svg, 180, square=True).save(
            IMG / "apple-touch-icon.png", optimize=True
        )
        largest = render(page, svg, 48)
        largest.save(IMG / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
        browser.close()
    for name in ("favicon.ico", "icon-192.png", "icon-512.png", "apple-touch-icon.png"):
        print(f"{name}: {(IMG / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
