"""The records extraction produces: plain frozen dataclasses, no RDF in them.

::

    Battle ── wars, place, dates, result
      └── Side (1, 2, 3 …)
            ├── Belligerent        name, group, description
            ├── Commander          name, fate (KIA/WIA/POW/DOW/MIA), group, role
            ├── Figure             strengths and casualties: bounded quantities
            ├── Contingent         leaders and size, from order-of-battle lists
            └── stated totals      "Total 3,800 soldiers and 2,200 irregulars"
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._dates import PartialDate
from ._quantities import QuantityValue


@dataclass(frozen=True, slots=True)
class Source:
    """Where in the article a fact was read: field or section, line, text."""

    field: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Belligerent:
    name: str
    group: str | None
    description: str | None
    note: str | None
    source: Source
    link: str | None = None  # the wiki page the name links to, when the input is wikitext
    aliases: tuple[str, ...] = ()  # other names the article gives it ("Siam", "Rattanakosin Kingdom (Siam)")


@dataclass(frozen=True, slots=True)
class Commander:
    name: str
    fate: str | None  # "KIA", "WIA", "POW", "DOW", "MIA", "EXECUTED", "SURRENDERED", "DEFECTED"
    group: str | None
    role: str | None
    note: str | None
    source: Source
    link: str | None = None
    aliases: tuple[str, ...] = ()  # other names the article gives the person ("King Richard III", "Kalla")


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity and where it was read."""

    value: QuantityValue
    source: Source


@dataclass(frozen=True, slots=True)
class Contingent:
    leaders: tuple[str, ...]
    size: Figure
    section: str


@dataclass(frozen=True, slots=True)
class Side:
    number: int
    belligerents: tuple[Belligerent, ...] = ()
    commanders: tuple[Commander, ...] = ()
    strengths: tuple[Figure, ...] = ()
    casualties: tuple[Figure, ...] = ()
    units: tuple[str, ...] = ()
    contingents: tuple[Contingent, ...] = ()
    stated_totals: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class Battle:
    title: str
    path: str
    sha256: str
    conflict_name: str | None
    wars: tuple[str, ...]
    date_text: str | None
    start: PartialDate | None
    end: PartialDate | None
    calendar: str | None
    place: str | None
    result: str | None
    territory: str | None
    sides: tuple[Side, ...]
    casualties: tuple[Figure, ...] = ()  # battle-wide: a CasualtiesN line with no CombatantN (civilians, totals)
    links: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # shown name → wiki page
    victor: int | None = None  # the number of the side the Result names as the winner
    see_also: tuple[str, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict, compare=False, hash=False)

    def side(self, number: int) -> Side | None:
        return next((side for side in self.sides if side.number == number), None)
