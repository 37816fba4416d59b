"""The little grammar of infobox ``Date`` values.

A Date value names one or more periods ("November 8, 1614 – January 22, 1615 and
May – June 1615", "993, 1010, 1018–1019", "109–108 BCE"); battlegraph keeps the
earliest start and the latest end, each with the precision the text gives (day,
month or year), never inventing a day or a month.

Years are returned in astronomical numbering, as XSD 1.1 and SPARQL engines read
them: 1 BCE is year 0, 109 BCE is year -108.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH_NAMES = {number: name for name, number in MONTHS.items() if len(name) > 3 or name == "may"}

_CALENDAR_MARK = re.compile(
    r"\((?P<inner>[^()]*?\b(?P<cal>gregorian|lunar|julian|chinese|japanese|korean|swedish calendar|old style|new style|"
    r"o\.s\.|n\.s\.)"
    r"[^()]*)\)|\[(?P<bracket>[^\]]*)\]",
    re.IGNORECASE,
)
_TOKEN = re.compile(
    r"(?P<century>\d{1,2}(?:st|nd|rd|th)[\s-]+(?:century|centuries|c\.))"
    r"|(?P<era>\b(?:B\.?C\.?E?\.?|A\.?D\.?|C\.?E\.?)(?![A-Za-z]))"
    r"|(?P<num>\d+)(?:st|nd|rd|th)?"
    r"|(?P<word>[A-Za-z]+\.?)"
    r"|(?P<dash>[–—−-]+)"
    r"|(?P<sep>[,;/&])",
)
_RANGE_WORDS = {"to", "until", "till", "through", "thru"}
_SEP_WORDS = {"and", "or"}


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date of day, month or year precision; ``year`` is astronomical (1 BCE = 0)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def datatype(self) -> str:
        if self.day is not None:
            return XSD + "date"
        if self.month is not None:
            return XSD + "gYearMonth"
        return XSD + "gYear"

    @property
    def lexical(self) -> str:
        sign = "-" if self.year < 0 else ""
        text = f"{sign}{abs(self.year):04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def earliest(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def latest(self) -> tuple[int, int, int]:
        month = self.month or 12
        day = self.day or (_days_in(self.year, month))
        return (self.year, month, day)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: PartialDate | None
    end: PartialDate | None
    calendar: str | None  # the calendar the chosen text states, when it states one
    problems: tuple[str, ...] = ()  # dates written that cannot be ("31 February 1592"), left out


@dataclass
class _Atom:
    day: int | None = None
    month: int | None = None
    year: int | None = None
    bce: bool | None = None

    def empty(self) -> bool:
        return self.day is None and self.month is None and self.year is None


def parse_date(text: str) -> DateRange:
    """The earliest start and latest end a Date value names."""
    chunk, cal = _choose_calendar(_without_hijri(text))
    tokens = _tokens(chunk)
    if any(kind == "century" for kind, _ in tokens):
        # Century-only dates have no honest day, month or year.
        return DateRange(None, None, cal)
    has_month = any(kind == "month" for kind, _ in tokens)
    groups = _atoms(tokens, has_month)
    points: list[PartialDate] = []
    problems: list[str] = []
    for group in groups:
        _fill_range(group)
    _fill_missing_years(groups)
    for group in groups:
        for atom in group:
            problem = _impossible(atom)
            if problem is not None:
                problems.append(problem)
                continue
            point = _to_date(atom)
            if point is not None:
                points.append(point)
    if not points:
        return DateRange(None, None, cal, tuple(problems))
    start = min(points, key=PartialDate.earliest)
    end: PartialDate | None = max(points, key=PartialDate.latest)
    if _OPEN_END.search(chunk.rstrip()) and len(points) == 1:
        end = None  # "15 August 1096 –": a period whose end the value does not give
    return DateRange(start, end, cal, tuple(problems))


_OPEN_END = re.compile(r"[–—-]\s*(?:(?:present|ongoing)\s*)?(?:[|,;]\s*)?$", re.IGNORECASE)
# a date of the Islamic calendar beside the Gregorian one: "21 Jumādā I 917; 15 August 1511"
_HIJRI = re.compile(
    r"\b(?:A\.?H\.?|Muharram|Safar|Rab[iī]['ʿʻ]?|Jum[aā]d[aā]|Rajab|Sha['ʿʻ]?b[aā]n|Rama[dḍ][aā]n|Shaww[aā]l|Dh[uū])\b"
)


def _without_hijri(text: str) -> str:
    if not _HIJRI.search(text):
        return text
    parts = [part for part in re.split(r"[;/]", text) if part.strip()]
    kept = [part for part in parts if not _HIJRI.search(part)]
    return "; ".join(kept) if kept and len(kept) < len(parts) else text


def _impossible(atom: _Atom) -> str | None:
    """Why a written date cannot be, if it cannot: a day its month lacks, or a year 0 of an era."""
    if atom.year == 0 and atom.bce is not None:
        return "the date's year is 0, which no era has (1 BC is followed by AD 1); no date kept from it"
    if atom.year is None or atom.month is None or atom.day is None:
        return None
    year = 1 - atom.year if atom.bce else atom.year
    if atom.day > _days_in(year, atom.month):
        month = _MONTH_NAMES[atom.month].capitalize()
        days = _days_in(year, atom.month)
        return f"{atom.day} {month} {abs(atom.year)} is not a date ({month} has {days} days); no date kept from it"
    return None


def _choose_calendar(text: str) -> tuple[str, str | None]:
    """Keep the Gregorian reading when the value gives several calendars.

    "November 8–13, 1592 (Gregorian Calendar);, October 5–10, 1592 (Lunar Calendar)"
    names one battle twice; a value that only gives a lunar date is kept as stated.
    """
    chunks: list[tuple[str, str | None]] = []
    position = 0
    for mark in _CALENDAR_MARK.finditer(text):
        if mark["bracket"] is not None:
            # "[O.S. 28 August]": an alternative reading inside the date, not a period.
            chunks.append((text[position : mark.start()], None))
            position = mark.end()
            continue
        if re.search(r"\d", mark["inner"]):
            # "26 October 1597 (16 September in the lunar calendar)": the parenthesis is
            # the other calendar's reading of the date before it, which is left unlabelled
            chunks.append((text[position : mark.start()], None))
            position = mark.end()
            continue
        label = mark["cal"].lower()
        cal = {"o.s.": "julian", "old style": "julian", "n.s.": "gregorian", "new style": "gregorian"}.get(
            label, label if label in ("gregorian", "julian") else "swedish" if label.startswith("swedish") else "lunar"
        )  # the Swedish calendar of 1700–1712 ("3 February 1706 (Swedish calendar)"), one day off the Julian
        chunks.append((text[position : mark.start()], cal))
        position = mark.end()
    chunks.append((text[position:], None))
    chunks = [(body, cal) for body, cal in chunks if re.search(r"\d", body)]
    if not chunks:
        return text, None
    gregorian = [body for body, cal in chunks if cal == "gregorian"]
    if gregorian:
        return " , ".join(gregorian), "gregorian"
    unmarked = [body for body, cal in chunks if cal is None]
    if unmarked:
        return " , ".join(unmarked), None
    return " , ".join(body for body, _ in chunks), chunks[0][1]


_EITHER_DAY = re.compile(
    r"\b([1-9]|[12]\d|3[01])\s+or\s+([1-9]|[12]\d|3[01])\b(?=\s*,?\s*(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|\d{3,4}))",
    re.IGNORECASE,
)
_NIGHT = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})(?=\s+[A-Za-z])")
_SHORT_YEAR = re.compile(r"\b(\d{2})(\d{2})\s*/\s*(\d{2})\b")


def _night(match: re.Match[str]) -> str:
    """ "12/13 July" is a night; "11/22 September 1709" one day in two calendars, of which the New Style
    (the second) is kept, as a Gregorian reading is kept elsewhere."""
    first, second = int(match[1]), int(match[2])
    return f"{first}–{second}" if second == first + 1 else str(second)


def _years(match: re.Match[str]) -> str:
    """ "1592/93" is a year to the next; after a month ("19 January 1642/43") one date in two reckonings of
    the year, of which the New Style (the second) is kept."""
    century, low, high = match[1], int(match[2]), int(match[3])
    second = f"{int(century) + 1:02d}{high:02d}" if high < low else f"{century}{high:02d}"  # "1699/00"
    tail = match.string[max(0, match.start() - 12) : match.start()].rstrip().split()
    month = MONTHS.get(tail[-1].lower().rstrip(".,")) if tail else None
    if month is not None:
        # the year was written double only from 1 January to 24 March, when the two reckonings differ
        return second if month <= 3 else f"{century}{low:02d}"
    return f"{century}{low:02d}–{second}"


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _tokens(text: str) -> list[tuple[str, str]]:
    text = re.sub(r"\([^()]*\)", " , ", text)  # "(nation)", "()": qualifiers, not dates
    text = _NIGHT.sub(_night, text)  # "12/13 July 1943": a night, from one day to the next
    text = _EITHER_DAY.sub(r"\1–\2", text)  # "27 or 28 August": the day is one of two, kept as both ends
    text = _SHORT_YEAR.sub(_years, text)  # "1592/93": one year to the next
    # "1592-06-13": spelled out, so the dashes are not read as ranges
    text = _ISO.sub(lambda m: f" {int(m[3])} {_MONTH_NAMES[int(m[2])]} {m[1]} ", text)
    out: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group(0)
        if kind == "word":
            word = value.lower().rstrip(".")
            if word in MONTHS:
                out.append(("month", str(MONTHS[word])))
            elif word in _RANGE_WORDS:
                out.append(("dash", value))
            elif word in _SEP_WORDS:
                out.append(("sep", value))
            elif word in ("bc", "bce", "ad", "ce"):
                out.append(("era", word))
            # other words ("c.", "early", "spring", "between") carry no date
        elif kind == "num":
            if len(match["num"]) <= 6:  # a longer run of digits is no day or year (and int() refuses 4,300)
                out.append(("num", match["num"]))
        elif kind == "era":
            out.append(("era", value.lower().replace(".", "")))
        elif kind is not None:
            out.append((kind, value))
    return out


def _atoms(tokens: list[tuple[str, str]], has_month: bool) -> list[list[_Atom]]:
    """Group tokens into dates, and dates joined by dashes into ranges."""
    groups: list[list[_Atom]] = [[_Atom()]]

    def current() -> _Atom:
        return groups[-1][-1]

    def close(into_range: bool) -> None:
        if current().empty():
            return
        if into_range:
            groups[-1].append(_Atom())
        else:
            groups.append([_Atom()])

    pending_era: bool | None = None
    for position, (kind, value) in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ("", "")
        atom = current()
        if kind == "month":
            if atom.month is not None or atom.year is not None:
                close(False)
            current().month = int(value)
        elif kind == "num":
            number = int(value)
            # "8 September 9 AD", "AD 14": a number an era names is its year, however small
            names_era = following[0] == "era" or pending_era is not None
            is_day = has_month and len(value) <= 2 and 1 <= number <= 31 and not names_era
            if is_day:
                if atom.day is not None or atom.year is not None:
                    close(False)
                current().day = number
            else:
                if atom.year is not None:
                    close(False)
                current().year = number
                if pending_era is not None:
                    current().bce, pending_era = pending_era, None
        elif kind == "era":
            bce = value.startswith("b")
            if following[0] == "num" and atom.year is None:
                pending_era = bce  # "AD 20": the era comes first
            elif atom.year is not None:
                atom.bce = bce
            elif len(groups[-1]) > 1 and groups[-1][-2].year is not None and atom.empty():
                groups[-1][-2].bce = bce
            else:
                pending_era = bce
        elif kind == "dash":
            close(True)
        elif kind == "sep":
            after = tokens[position + 2] if position + 2 < len(tokens) else ("", "")
            joins_year = (
                value == ","
                and atom.year is None
                and (atom.month is not None or atom.day is not None)
                and following[0] == "num"
                # "April 6, 46 BC": a small number an era names is the year
                and (not (has_month and len(following[1]) <= 2) or after[0] == "era")
            )
            if not joins_year:
                close(False)
        # centuries were dealt with before
    return [[atom for atom in group if not atom.empty()] for group in groups if any(not a.empty() for a in group)]


def _fill_range(group: list[_Atom]) -> None:
    """Within "A – B", each end borrows what it lacks from the other."""
    for left, right in itertools.pairwise(group):
        if right.month is None and right.day is not None and left.month is not None:
            right.month = left.month
        if left.month is None and left.day is not None and right.month is not None:
            left.month = right.month
        if left.year is None and right.year is not None:
            left.year = right.year
            if left.bce is None:
                left.bce = right.bce
        if right.year is None and left.year is not None:
            right.year = left.year
            right.bce = left.bce
        if left.bce is None and right.bce:
            left.bce = True
        if (
            left.year is not None
            and right.year is not None
            and right.year < left.year
            and right.year < 100
            and right.bce is None
        ):
            # "1592–93", "1018–19": the century is written once.
            right.year += left.year // 100 * 100
            if right.year < left.year:
                right.year += 100


def _fill_missing_years(groups: list[list[_Atom]]) -> None:
    """A date with no year takes the next year written after it, else the one before."""
    flat = [atom for group in groups for atom in group]
    for index, atom in enumerate(flat):
        if atom.year is not None:
            continue
        source = next((a for a in flat[index + 1 :] if a.year is not None), None)
        if source is None:
            source = next((a for a in reversed(flat[:index]) if a.year is not None), None)
        if source is not None:
            atom.year, atom.bce = source.year, source.bce


def _to_date(atom: _Atom) -> PartialDate | None:
    if atom.year is None:
        return None
    year = 1 - atom.year if atom.bce else atom.year
    month = atom.month
    day = atom.day if month is not None else None
    return PartialDate(year, month, day)


def _days_in(year: int, month: int) -> int:
    # calendar handles only years 1..9999; leap rules repeat every 400 years
    return calendar.monthrange(year % 400 or 400, month)[1]
