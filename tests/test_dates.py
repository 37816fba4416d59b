"""Every Date form of the seeds and the dev corpus, and the edge cases around them."""

from __future__ import annotations

import pytest

from battlegraph._dates import PartialDate, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end", "calendar"),
    [
        # seeds
        (
            "November 8–13, 1592 (Gregorian Calendar);, October 5–10, 1592 (Lunar Calendar)",
            "1592-11-08",
            "1592-11-13",
            "gregorian",
        ),
        ("23 – 26 September 1597", "1597-09-23", "1597-09-26", None),
        # dev corpus
        ("October 21, 1600", "1600-10-21", "1600-10-21", None),
        ("November 8, 1614 – January 22, 1615 and May – June 1615", "1614-11-08", "1615-06", None),
        ("June 20, 1419 – July 3, 1419, ()", "1419-06-20", "1419-07-03", None),
        ("9 December 1636 – 30 January 1637", "1636-12-09", "1637-01-30", None),
        ("March – October 1592", "1592-03", "1592-10", None),
        ("660 (nation), 660–663 (resistance)", "0660", "0663", None),
        ("109–108 BCE", "-0108", "-0107", None),  # astronomical years: 109 BCE is -108
        ("1 June – 3 July 1871, ()", "1871-06-01", "1871-07-03", None),
        ("March 30, 1661 – February 1, 1662", "1661-03-30", "1662-02-01", None),
        ("612", "0612", "0612", None),
        ("July 7 – October 22, 1633", "1633-07-07", "1633-10-22", None),
        ("17 September 1894", "1894-09-17", "1894-09-17", None),
        ("January – 3 March 1627", "1627-01", "1627-03-03", None),
        ("April 4 – April 19, 1510", "1510-04-04", "1510-04-19", None),
        ("December 4, 1884 – December 6, 1884", "1884-12-04", "1884-12-06", None),
        ("March 1–2, 1582 (Lunar calendar)", "1582-03-01", "1582-03-02", "lunar"),
        ("993, 1010, 1018–1019", "0993", "1019", None),
        ("10th century – 17th century", None, None, None),
        # other forms users meet
        ("1592–93", "1592", "1593", None),
        ("1018–19", "1018", "1019", None),
        ("c. 1500", "1500", "1500", None),
        ("Spring 1593", "1593", "1593", None),
        ("8 September [O.S. 28 August] 1380", "1380-09-08", "1380-09-08", None),
        ("50 BC – AD 20", "-0049", "0020", None),
        ("1 BC", "0000", "0000", None),
        ("February 30, 1600", None, None, None),
        ("29 February 1600", "1600-02-29", "1600-02-29", None),
        ("26 October 1597 (16 September in the lunar calendar)", "1597-10-26", "1597-10-26", None),
        (
            "October 26, 1597 (Gregorian calendar); September 16, 1597 (Lunar calendar)",
            "1597-10-26",
            "1597-10-26",
            "gregorian",
        ),
        ("1592-06-13 – 1592-07-01", "1592-06-13", "1592-07-01", None),
        ("", None, None, None),
        ("Unknown", None, None, None),
    ],
)
def test_date_forms(text: str, start: str | None, end: str | None, calendar: str | None) -> None:
    result = parse_date(text)
    assert (result.start.lexical if result.start else None) == start
    assert (result.end.lexical if result.end else None) == end
    assert result.calendar == calendar


def test_dates_that_cannot_be_are_kept_as_text_and_reported_never_changed() -> None:
    """ "31 February 1592" is no date: no day, month or year is invented from it, and the reason is given."""
    impossible = parse_date("31 February 1592")
    assert (impossible.start, impossible.end) == (None, None)
    assert impossible.problems == ("31 February 1592 is not a date (February has 29 days); no date kept from it",)
    year_zero = parse_date("1 January 0 AD")
    assert (year_zero.start, year_zero.end) == (None, None) and "year is 0" in year_zero.problems[0]
    # the other end of a range still counts
    mixed = parse_date("31 February – 5 March 1592")
    assert (mixed.start, mixed.end) == (PartialDate(1592, 3, 5), PartialDate(1592, 3, 5))
    assert len(mixed.problems) == 1
    assert parse_date("29 February 1592").problems == ()  # 1592 is a leap year


@pytest.mark.parametrize(
    ("date", "datatype"),
    [
        (PartialDate(1592, 11, 8), "date"),
        (PartialDate(1592, 11), "gYearMonth"),
        (PartialDate(1592), "gYear"),
    ],
)
def test_precision_is_the_datatype(date: PartialDate, datatype: str) -> None:
    assert date.datatype == f"http://www.w3.org/2001/XMLSchema#{datatype}"


def test_start_is_never_after_end() -> None:
    for text in ("November 8, 1614 – January 22, 1615 and May – June 1615", "993, 1010, 1018–1019", "109–108 BCE"):
        result = parse_date(text)
        assert result.start is not None and result.end is not None
        assert result.start.earliest() <= result.end.latest()


def test_dates_of_the_third_sweep() -> None:
    # Fraustadt (en.wikipedia.org): Old Style, Swedish and New Style; the New Style is kept
    fraustadt = parse_date("2 February 1706 (O.S.), 3 February 1706 (Swedish calendar), 13 February 1706 (N.S.)")
    assert (fraustadt.start, fraustadt.end, fraustadt.calendar) == (
        PartialDate(1706, 2, 13), PartialDate(1706, 2, 13), "gregorian",
    )  # fmt: skip
    # Teutoburg Forest: a small number an era names is a year, not a day
    teutoburg = parse_date("8-9 September 9 AD")
    assert (teutoburg.start, teutoburg.end) == (PartialDate(9, 9, 8), PartialDate(9, 9, 9))
    assert parse_date("8 September AD 14").start == PartialDate(14, 9, 8)
    assert parse_date("9 June 1592").start == PartialDate(1592, 6, 9)
    # Malacca: the Islamic calendar's date beside the Gregorian one; the First Crusade: a period left open
    malacca = parse_date("21 Jumādā I 917; 15 August 1511|")
    assert (malacca.start, malacca.end) == (PartialDate(1511, 8, 15), PartialDate(1511, 8, 15))
    crusade = parse_date("15 August 1096 –")
    assert (crusade.start, crusade.end) == (PartialDate(1096, 8, 15), None)
    # Kolombangara: a night; a year to the next
    assert parse_date("12/13 July 1943").end == PartialDate(1943, 7, 13)
    assert (parse_date("1592/93").start, parse_date("1592/93").end) == (PartialDate(1592), PartialDate(1593))
    assert parse_date("3 July 1708 (Swedish siege lifted)").calendar is None
    # one day in two calendars, not a night: the New Style is kept, as elsewhere
    assert parse_date("11/22 September 1709").start == PartialDate(1709, 9, 22)
    assert parse_date("19 January 1642/43").start == PartialDate(1643, 1, 19)
    assert parse_date("1699/00").end == PartialDate(1700)
    # Plataea, Thapsus: one of two days; a month first and a small year an era names
    plataea = parse_date("27 or 28 August, 479BC")
    assert (plataea.start, plataea.end) == (PartialDate(-478, 8, 27), PartialDate(-478, 8, 28))
    assert parse_date("April 6, 46 BC (Julian calendar)").start == PartialDate(-45, 4, 6)
