"""Facts derived from what an article states, computed once, at build time.

For each side:

- **personnel**: how many people fought, low and high. The side's Personnel strength
  figures are added up, leaving out parts of another figure of the same category ("of
  whom 6,000 …"; the 1,754 killed of "13,047 (1,754 killed, …)" are the side's killed),
  counts of formations ("2 brigades") and stated totals ("Total: 59,000 men") unless a
  total is all the side gives. Figures for different phases or from different sources
  ("initially" / "by the time of battle", "Korean records" / "Japanese records") are
  alternatives, not parts: each phase or source is added up on its own and the largest
  is kept. An open upper bound is taken from the lower ("2,200+" counts 2,200 at both
  ends); an open lower bound is 0 ("less than 1,000" counts 0 to 1,000).
- **casualty totals**, one per category (killed, wounded, captured, unspecified, ships
  lost, ships damaged, other), by the same rule.

Each derived figure says which stated figures it sums (``prov:wasDerivedFrom`` in the
graph) and is a :class:`Derived`, never a :class:`~battlegraph._model.Figure`, so it is
never mistaken for something an article says. Queries, the site's pages and charts,
and validation read these instead of each adding the figures up again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ._model import Figure, Side


@dataclass(frozen=True, slots=True)
class Derived:
    """A side's total of one category, with the indexes (1-based, in the side's list) of the figures summed."""

    category: str
    low: int
    high: int
    sources: tuple[int, ...]


def _counts(figure: Figure, whole: Figure | None) -> bool:
    """Whether a figure is added up: bounded, no formations, and no part of a figure of its own category
    ("13,047 (1,754 killed, …)": the 1,754 killed are the side's killed, and a part of its casualties)."""
    value = figure.value
    if not value.bounded or value.kind == "formation":
        return False
    return not value.subset or (whole is not None and whole.value.category != value.category)


def _wholes(figures: Sequence[Figure]) -> list[Figure | None]:
    """For each figure, the figure it is a part of (the last one before it that is no part), if it is one."""
    out: list[Figure | None] = []
    last: Figure | None = None
    for figure in figures:
        out.append(last if figure.value.subset else None)
        if not figure.value.subset:
            last = figure
    return out


def total(figures: Sequence[Figure], category: str) -> Derived | None:
    """The rule above, over one side's figures of one category."""
    wholes = _wholes(figures)
    chosen = [
        (index, f)
        for index, (f, whole) in enumerate(zip(figures, wholes, strict=True), start=1)
        if f.value.category == category and _counts(f, whole)
    ]
    stated = [(i, f) for i, f in chosen if not f.value.total]
    if stated:
        chosen = stated
    if not chosen:
        return None
    variants: dict[str, list[tuple[int, Figure]]] = defaultdict(list)
    for index, figure in chosen:
        variants[figure.value.qualifier or figure.value.source or ""].append((index, figure))
    low = max(sum(_low(f) for _, f in members) for members in variants.values())
    high = max(sum(_high(f) for _, f in members) for members in variants.values())
    return Derived(category, low, high, tuple(index for index, _ in chosen))


def _low(figure: Figure) -> int:
    value = figure.value
    return value.min if value.min is not None else 0


def _high(figure: Figure) -> int:
    value = figure.value
    return value.max if value.max is not None else (value.min or 0)


CASUALTY_CATEGORIES = (
    "Killed", "Wounded", "Captured", "CasualtiesUnspecified", "ShipsLost", "ShipsDamaged", "OtherQuantity",
)  # fmt: skip


def personnel(side: Side) -> Derived | None:
    return total(side.strengths, "Personnel")


def casualty_totals(side: Side) -> list[Derived]:
    return [found for category in CASUALTY_CATEGORIES if (found := total(side.casualties, category)) is not None]
