"""The value grammar against real Strength and Casualties items of Wikipedia battle infoboxes.

``data/phrasings.tsv`` holds 1,770 items read from 197 copies of real pages (Wikipedia
and its mirrors, every era and continent), each with its page and the reading a
historian expects: min, max, unit (the counted noun, plural, lower case, ``troops``
when none is written; what befell them is the kind, not the unit), category and
whether the figure is approximate. The rows of one page and field are read together,
as one value, so that labels and lists work as they do in an article. A handful of
rows marked ``constructed: issue 11`` are the phrasings the issue named that no
collected page happened to use.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from battlegraph import _lexicon as lexicon
from battlegraph._quantities import QuantityValue, parse_quantities, read_figures
from battlegraph._text import Item

DATA = Path(__file__).parent / "data" / "phrasings.tsv"
CATEGORY = {
    "Personnel": "personnel", "Ships": "ships", "Equipment": "equipment", "OtherQuantity": "other",
    "Killed": "killed", "Wounded": "wounded", "Captured": "captured", "CasualtiesUnspecified": "casualties",
    "ShipsLost": "ships_lost", "ShipsDamaged": "ships_damaged",
}  # fmt: skip


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


ROWS = _rows()


def _readings() -> dict[int, QuantityValue | None]:
    """Every row's figure, each page's field read as one value."""
    by_value: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, row in enumerate(ROWS):
        by_value[(row["page"], row["field"])].append(number)
    out: dict[int, QuantityValue | None] = {}
    for (_, field), numbers in by_value.items():
        items = [Item(ROWS[n]["text"]) for n in numbers]
        figures = read_figures(items, casualties=field == "casualties")
        for number, item in zip(numbers, items, strict=True):
            out[number] = next((figure for source, figure in figures if source is item), None)
    return out


READINGS = _readings()


def test_the_corpus_is_real_and_broad() -> None:
    pages = {row["page"] for row in ROWS if not row["page"].startswith("constructed")}
    fields = {field: sum(1 for row in ROWS if row["field"] == field) for field in ("strength", "casualties")}
    assert len(ROWS) >= 400 and len(pages) >= 80
    assert min(fields.values()) >= 180


@pytest.mark.parametrize("number", range(len(ROWS)), ids=[f"{i}:{row['text'][:50]}" for i, row in enumerate(ROWS)])
def test_phrasing(number: int) -> None:
    row = ROWS[number]
    figure = READINGS[number]
    expected = (int(row["min"]) if row["min"] else None, int(row["max"]) if row["max"] else None)
    got = (figure.min, figure.max) if figure is not None else (None, None)
    assert got == expected, f"{row['text']!r} ({row['page']})"
    if expected == (None, None):
        return
    assert figure is not None
    assert CATEGORY[figure.category] == row["category"], row["text"]
    assert figure.unit == row["unit"], row["text"]
    assert figure.approximate == (row["approx"] == "1"), row["text"]


def test_numbers_no_battle_has_are_kept_as_text_with_a_warning() -> None:
    for text in ("1e9999", "10^30 men", "1" + "0" * 400, "2,000,000,000,000 men"):
        (figure,) = parse_quantities(text, casualties=False)
        assert (figure.min, figure.max) == (None, None) and figure.text == text
        assert figure.warning is not None and "10^12" not in figure.warning  # written out, not as a power
    (negative,) = parse_quantities("-50,000", casualties=False)
    assert (negative.min, negative.max, negative.warning) == (-50000, -50000, "a negative figure")


BOUNDS = sorted(lexicon.BOUND_PHRASES)
UNITS = sorted(lexicon.UNIT_CLASSES)
KINDS = sorted(lexicon.KIND_PHRASES)
JOINERS = ["–", "-", " to ", " or ", "/", "—"]


@st.composite
def figure_texts(draw: st.DrawFn) -> str:
    def number() -> str:
        value = draw(st.one_of(st.integers(-(10**15), 10**15), st.integers(0, 5000)))
        shape = draw(st.sampled_from(["plain", "comma", "decimal", "exp", "word"]))
        if shape == "comma":
            return f"{value:,}"
        if shape == "decimal":
            return f"{value}.{draw(st.integers(0, 99))}"
        if shape == "exp":
            return f"{abs(value) % 10}e{draw(st.integers(0, 5000))}"
        if shape == "word":
            return draw(st.sampled_from(sorted(lexicon.NUMBER_WORDS)))
        return str(value)

    parts = [draw(st.sampled_from(["", *BOUNDS])), number()]
    if draw(st.booleans()):
        parts += [draw(st.sampled_from(JOINERS)), number()]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["", "+", " thousand", " million", " lakh"])))
    parts.append(" " + draw(st.sampled_from(UNITS)))
    if draw(st.booleans()):
        parts.append(" " + draw(st.sampled_from(KINDS)))
    return " ".join(p for p in parts if p) + draw(st.sampled_from(["", " (note)", ", 5 ships sunk", ":"]))


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(figure_texts(), st.booleans())
def test_any_figure_reads_without_error_and_in_order(text: str, casualties: bool) -> None:
    """Random numbers, bound words and units: nothing raises, and a minimum never exceeds its maximum."""
    for figure in parse_quantities(text, casualties=casualties):
        if figure.min is not None and figure.max is not None:
            assert figure.min <= figure.max, text
        for bound in (figure.min, figure.max):
            assert bound is None or abs(bound) <= lexicon.MAX_FIGURE, text
