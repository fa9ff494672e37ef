"""How much memory one member's avatar upload can take (issue 18, point 6: a 113 kB
6300 x 6300 PNG cost ~435 MB of a worker, four at once took it to ~2 GB).

Measured in fresh processes by scripts/avatar_memory.py: the peak resident set's rise
while decoding, for the issue's image and for the largest PNG the limits allow.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import avatar_memory  # noqa: E402

ATTACK = "PNG 6300 x 6300 RGBA (the issue's attack)"
LARGEST_PNG = "PNG 4000 x 3000 RGBA (largest PNG allowed)"


@pytest.fixture(scope="module")
def measured():
    return avatar_memory.run(only={ATTACK, LARGEST_PNG})


def test_the_issues_png_is_refused_before_it_is_decoded(measured):
    for name in (ATTACK, f"{ATTACK}, 4 at once"):
        assert measured[name]["outcome"].startswith("refused")
        assert measured[name]["rise_mb"] < 10


def test_the_largest_png_allowed_stays_near_two_copies_of_its_pixels(measured):
    # 12 MP at 4 bytes a pixel is 48 MB; the decode and one reduce() copy ~96 MB.
    assert measured[LARGEST_PNG]["outcome"] == "accepted"
    assert measured[LARGEST_PNG]["rise_mb"] < 130


def test_four_at_once_in_one_process_take_turns(measured):
    together = measured[f"{LARGEST_PNG}, 4 at once"]

    assert together["outcome"] == "accepted"
    assert together["rise_mb"] < 160  # one decode at a time, not four times one
