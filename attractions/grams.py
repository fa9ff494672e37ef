"""The pieces of text the name search index stores: pure functions, no database.

A keyword found in a name (case-insensitively) has each of its characters and each of its
neighbouring pairs in the name too, so the attractions holding all of a keyword's pairs are
a superset of the matches; the exact `icontains` check then keeps the real ones.
"""

import itertools

# Enough pairs to make the candidate set small; the exact check does the rest, so a long
# keyword does not turn into dozens of joins.
MAX_KEYWORD_GRAMS = 6


# Characters a reader takes for one: 臺北 and 台北 (searches in English and Japanese
# fold them together, selectors.name_holds; the 繁體中文 search stays literal, whose
# candidates are then a superset as ever).
SAME_CHARACTER = {"臺": "台"}


def fold(char: str) -> str:
    """One character in the case (and form) both sides are compared in.

    `str.lower()` turns a few characters into two ("İ" → "i̇"); those stay as they are so a
    name's pieces keep lining up with its characters.
    """
    lowered = char.lower()
    return SAME_CHARACTER.get(lowered, lowered) if len(lowered) == 1 else char


def name_grams(name: str) -> set[str]:
    """Every character and every neighbouring pair of the folded name."""
    chars = [fold(char) for char in name]
    return set(chars) | {first + second for first, second in itertools.pairwise(chars)}


def keyword_grams(keyword: str) -> list[str]:
    """The pieces a name must hold to contain the keyword, at most MAX_KEYWORD_GRAMS.

    One character needs that character; longer keywords need their pairs. For long
    keywords the first and last pairs and evenly spread ones in between are kept.
    """
    chars = [fold(char) for char in keyword]
    if not chars:
        return []
    if len(chars) == 1:
        return chars
    pairs = list(dict.fromkeys(a + b for a, b in itertools.pairwise(chars)))
    if len(pairs) <= MAX_KEYWORD_GRAMS:
        return pairs
    step = (len(pairs) - 1) / (MAX_KEYWORD_GRAMS - 1)
    return list(dict.fromkeys(pairs[round(i * step)] for i in range(MAX_KEYWORD_GRAMS)))
