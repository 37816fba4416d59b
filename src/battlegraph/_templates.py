"""What the templates of Wikipedia's military-conflict infoboxes show: one table.

The wikitext reader asks this table how each template inside an infobox value
shows on the page: its text, a separator between items, a fate mark for the name
before it, a list of items, a date, a number, or nothing at all. Names are compared
as MediaWiki compares them (case, underscores and runs of spaces ignored), and a
template's redirects are rows of their own.

The rows come from the templates' documentation and from real infobox values
(rendered pages read beside their wikitext). A template not in the table keeps its
first positional parameter as text, and the build lists it in ``templates.txt``, so
that what was not understood is seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# kinds
TEXT: Final = "text"  # shows one of its parameters (or a literal)
FLAG: Final = "flag"  # a flag and a country's name
ICON: Final = "icon"  # a flag or image alone: shows no text
FATE: Final = "fate"  # a mark for the name before it
BREAK: Final = "break"  # starts a new item
LIST: Final = "list"  # each parameter (or "*" line) an item
DATE: Final = "date"  # a date from its parameters
NUMBER: Final = "number"  # a number, maybe with a unit
NOTHING: Final = "nothing"  # references, notes, maintenance tags, navigation


@dataclass(frozen=True, slots=True)
class Rule:
    """How one template shows."""

    kind: str
    shows: str | int | None = None  # TEXT: a parameter (1-based position or name) or, as "=literal", fixed text
    fate: str | None = None  # FATE: the fate it marks
    country_name: bool = False  # FLAG: shows the country's short name (flagcountry), not the parameter as written
    suffix: str = ""  # TEXT, FLAG: text after the shown value ("Army" for {{army}})
    last: bool = False  # TEXT: the last positional parameter ({{resize|90%|text}}, {{transl|ja|text}})


def _rows(kind: str, names: str, **rule: object) -> dict[str, Rule]:
    made = Rule(kind, **rule)  # type: ignore[arg-type]
    return {name.strip(): made for name in names.split(",") if name.strip()}


# fmt: off
REGISTRY: Final[dict[str, Rule]] = {
    # flags and arms: {{flag|X}} shows X as written (or name=); {{flagcountry|X}} the country's short name
    **_rows(FLAG, "flag, flagu, flag u, flagcc, flaglink, flag link, flagg"),
    **_rows(FLAG, "flagcountry, flag country", country_name=True),
    **_rows(FLAG, "coat of arms, coa, arms", shows="text"),
    **_rows(FLAG, "army, military of", suffix=" Army", country_name=True),
    **_rows(FLAG, "navy", suffix=" Navy", country_name=True),
    **_rows(FLAG, "air force", suffix=" Air Force", country_name=True),
    **_rows(FLAG, "marines", suffix=" Marines", country_name=True),
    **_rows(
        ICON,
        "flagicon, flag icon, flagdeco, flag deco, flag decoration, flagicon image, flag icon image, flagiconlink,"
        "flag icon link, flagicon2, noflag, flagright, flagstate, coat of arms icon, royal standard",
    ),
    # fates: what befell the person named before the mark
    **_rows(FATE, "kia, killed in action, kia2, k.i.a., pkia", fate="KIA"),
    **_rows(FATE, "dow, died of wounds", fate="DOW"),
    **_rows(FATE, "pow, prisoner of war, p.o.w., captured", fate="POW"),
    **_rows(FATE, "wia, wounded in action, wounded", fate="WIA"),
    **_rows(FATE, "mia, missing in action", fate="MIA"),
    **_rows(FATE, "executed, execution", fate="EXECUTED"),
    **_rows(FATE, "surrendered, surrender", fate="SURRENDERED"),
    **_rows(FATE, "turncoat, defected", fate="DEFECTED"),
    **_rows(NOTHING, "awol, assassinated, natural causes, died in captivity"),
    # separators and punctuation
    **_rows(BREAK, "br, break, bull, bullet, •, dot, middot, ·, hr, sep"),
    **_rows(TEXT, "snd, sndash, spaced en dash, spaced ndash, spnd, spndash, snds, sndashs, spaced en dash space",
            shows="= – "),
    **_rows(TEXT, "ndash, en dash, –", shows="=–"),
    **_rows(TEXT, "mdash, em dash, emdash, —", shows="=—"),
    **_rows(TEXT, "snmd, spaced em dash, spaced mdash", shows="= — "),
    **_rows(TEXT, "!", shows="=|"),
    **_rows(TEXT, "nbsp, space, spaces, thinsp, thin space, zwsp", shows="= "),
    **_rows(TEXT, "=", shows="=="),
    **_rows(TEXT, "est., est", shows="=est. "),
    # lists: each parameter, or each "*" line, is an item
    **_rows(
        LIST,
        "ubl, ubli, ublist, unbulleted, unbulleted list, plainlist, plain list, flatlist, startflatlist, hlist,"
        "horizontal list, blist, bulleted, bulleted list, ulist, unordered list, olist, ordered list,"
        "collapsible list, cslist, tree list, treelist, vertical list",
    ),
    **_rows(NOTHING, "endplainlist, end plainlist, plainlist/end, endflatlist, tree list/end, end tree list"),
    # dates
    **_rows(DATE, "start date, start-date, start, end date, end-date, start date and age, end date and age, dts"),
    **_rows(DATE, "start and end dates"),
    **_rows(DATE, "oldstyledate, osd, oldstyledatedy, old style date, os2ns, old style to new style"),
    **_rows(DATE, "circa, c., c, ca, ca."),
    **_rows(NOTHING, "age in days, age in years, age in years and days, duration, age, age in weeks and days"),
    # durations: names with commas in them, so one row each
    **{name: Rule(NOTHING) for name in (
        "age in years, months and days", "age in months, weeks and days", "age in years, months, weeks and days",
        "age in years, months, days and hours",
    )},
    # numbers
    **_rows(NUMBER, "convert, cvt, formatnum, plural, nts, ntsh, val"),
    # text shown from a parameter
    **_rows(TEXT, "small, smaller, big, larger, large, nobold, nobold/italic, noitalic, nowrap, nobr, nobreak, j,"
                  "bold, b, italic, i, em, strong, aut, sc, smallcaps, small caps, abbr, abbrv, tooltip, hover title,"
                  "nihongo, nihongo2, nihongo3, korean, hangul, hanja, linktext, ill, interlanguage link,"
                  "interlanguage link multi, sup, sub, nowrap begin, ship prefix, keypress, underline, u,"
                  "strikethrough,"
                  "s, highlight, color, colour, font color, font, center, centre, small caps all, lower, upper,"
                  "lang-rtl, rtl-lang", shows=1),
    **_rows(TEXT, "resize, transl, transliteration, lang, langx, script", shows=2, last=True),
    **_rows(TEXT, "hms, uss, sms, hmas, hmcs, hmnzs, ship, ns, ins, pns, ara, kri, hswms, jds, rms, ss, sms",
            shows="ship"),
    # nothing a reader sees in the value: notes, references, maintenance tags, coordinates, navigation
    **_rows(NOTHING, "efn, efn-la, efn-lg, efn-lr, efn-ua, efn-ur, efn-note, notetag, ntag, note tag, refn, r, rp,"
                     "sfn, sfnp, sfnm, sfn whole, harv, harvnb, harvp, harvtxt, harvard citation no brackets,"
                     "citation needed, cn, fact, clarify, clarification needed, dubious, failed verification, vague,"
                     "verify source, better source needed, according to whom, by whom, when, which, who, who?,"
                     "note, note label, ref, ref label, reflist, citation, cite book, cite journal, cite news,"
                     "cite web, isbn, wayback, coord, coor, campaignbox, anchor, clear, -, main, see also,"
                     "further, refimprove, unreliable source?, page needed, original research inline, or,"
                     "disputed inline, self-published inline, sic, lower-alpha, nb, notelist, ref tag, tooltip note,"
                     "infobox military conflict/image, location map, location map~, image array, multiple image,"
                     "citation needed span, pp, pp-semi, use dmy dates, use mdy dates, crossreference, cross-reference,"
                     "crossref, cref, cref2, see above, see below, efn-lower-alpha"),
}
# fmt: on

#: Country codes the flag templates take, and the name they show.
COUNTRY_CODES: Final[dict[str, str]] = {
    "USA": "United States",
    "US": "United States",
    "U.S.": "United States",
    "UK": "United Kingdom",
    "GBR": "United Kingdom",
    "GB": "United Kingdom",
    "UKGBI": "United Kingdom",
    "FRA": "France",
    "GER": "Germany",
    "DEU": "Germany",
    "FRG": "West Germany",
    "GDR": "East Germany",
    "AUT": "Austria",
    "RUS": "Russia",
    "URS": "Soviet Union",
    "USSR": "Soviet Union",
    "TUR": "Turkey",
    "ITA": "Italy",
    "ESP": "Spain",
    "POR": "Portugal",
    "NED": "Netherlands",
    "NLD": "Netherlands",
    "BEL": "Belgium",
    "SWE": "Sweden",
    "NOR": "Norway",
    "DEN": "Denmark",
    "FIN": "Finland",
    "POL": "Poland",
    "JPN": "Japan",
    "CHN": "China",
    "PRC": "China",
    "ROC": "Republic of China",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "IND": "India",
    "PAK": "Pakistan",
    "ISR": "Israel",
    "EGY": "Egypt",
    "SYR": "Syria",
    "IRQ": "Iraq",
    "IRN": "Iran",
    "JOR": "Jordan",
    "LBN": "Lebanon",
    "CAN": "Canada",
    "AUS": "Australia",
    "NZL": "New Zealand",
    "MEX": "Mexico",
    "BRA": "Brazil",
    "ARG": "Argentina",
    "CHL": "Chile",
    "PER": "Peru",
    "CSA": "Confederate States",
    "NATO": "NATO",
    "VNM": "Vietnam",
    "VIE": "Vietnam",
    "THA": "Thailand",
    "PHI": "Philippines",
    "IDN": "Indonesia",
    "GRE": "Greece",
    "SRB": "Serbia",
    "YUG": "Yugoslavia",
    "HUN": "Hungary",
    "ROU": "Romania",
    "BUL": "Bulgaria",
    "CZE": "Czech Republic",
    "SVK": "Slovakia",
    "UKR": "Ukraine",
    "BLR": "Belarus",
    "IRL": "Ireland",
    "SUI": "Switzerland",
    "CHE": "Switzerland",
    "RSA": "South Africa",
    "ZAF": "South Africa",
    "ETH": "Ethiopia",
    "CUB": "Cuba",
    "AFG": "Afghanistan",
}

#: The short names {{flagcountry}} shows for historical states (Country data's "shortname alias").
SHORT_NAMES: Final[dict[str, str]] = {
    "Kingdom of England": "England",
    "Kingdom of Scotland": "Scotland",
    "Kingdom of Ireland": "Ireland",
    "Kingdom of Great Britain": "Great Britain",
    "Kingdom of France": "France",
    "French First Republic": "France",
    "First French Empire": "France",
    "French Second Republic": "France",
    "Second French Empire": "France",
    "French Third Republic": "France",
    "French Fourth Republic": "France",
    "Electorate of Saxony": "Saxony",
    "Kingdom of Saxony": "Saxony",
    "Kingdom of Bavaria": "Bavaria",
    "Kingdom of Württemberg": "Württemberg",
    "Electorate of Hanover": "Hanover",
    "Kingdom of Prussia": "Prussia",
    "German Empire": "Germany",
    "Weimar Republic": "Germany",
    "Nazi Germany": "Germany",
    "Austrian Empire": "Austria",
    "Archduchy of Austria": "Austria",
    "Russian Empire": "Russia",
    "Tsardom of Russia": "Russia",
    "Kingdom of Italy": "Italy",
    "Kingdom of Sardinia": "Sardinia",
    "Kingdom of the Two Sicilies": "Two Sicilies",
    "Republic of Venice": "Venice",
    "Spanish Empire": "Spain",
    "Francoist Spain": "Spain",
    "Crown of Castile": "Castile",
    "Crown of Aragon": "Aragon",
    "Kingdom of Portugal": "Portugal",
    "Swedish Empire": "Sweden",
    "Second Polish Republic": "Poland",
    "Kingdom of Poland": "Poland",
    "Kingdom of Hungary": "Hungary",
    "Kingdom of Bulgaria": "Bulgaria",
    "Kingdom of Yugoslavia": "Yugoslavia",
    "Kingdom of Serbia": "Serbia",
    "Kingdom of Montenegro": "Montenegro",
    "Kingdom of Greece": "Greece",
    "Kingdom of Romania": "Romania",
    "Empire of Japan": "Japan",
    "Republic of China (1912–1949)": "China",
    "People's Republic of China": "China",
    "British Raj": "India",
    "Kingdom of Egypt": "Egypt",
    "Kingdom of Iraq": "Iraq",
    "Ethiopian Empire": "Ethiopia",
    "Union of South Africa": "South Africa",
    "South African Republic": "Transvaal",
    "Second Mexican Empire": "Mexico",
    "Empire of Brazil": "Brazil",
    "Confederate States of America": "Confederate States",
    "United States of America": "United States",
    "Dominion of Newfoundland": "Newfoundland",
    "Kingdom of Mysore": "Mysore",
}

_SPACES = re.compile(r"[\s_]+")


def template_key(name: str) -> str:
    """A template's name as MediaWiki compares it: no namespace, case, underscores or runs of spaces."""
    name = _SPACES.sub(" ", name).strip()
    name = re.sub(r"^(?:template|t)\s*:\s*", "", name, flags=re.IGNORECASE)
    return name.lower()


def rule(name: str) -> Rule | None:
    """How the template called ``name`` shows, or None when the table does not know it."""
    key = template_key(name)
    found = REGISTRY.get(key)
    if found is not None:
        return found
    if key.startswith(("cite ", "citation", "lang-", "efn", "sfn", "harv", "campaignbox", "pp-", "use ")):
        return REGISTRY["lang"] if key.startswith("lang-") else Rule(NOTHING)
    if key.startswith("formatnum:"):
        return REGISTRY["formatnum"]
    if key.startswith("#"):  # parser functions: {{#if:…}}, {{#tag:ref|…}}
        return Rule(NOTHING)
    if key.startswith("country data "):
        return Rule(NOTHING)
    if key.upper() in COUNTRY_CODES:
        return Rule(FLAG)  # {{USA}}, {{GBR}}, {{USSR}}, {{NATO}}: a flag and the full name
    return None


def country_name(argument: str) -> str:
    """The name a flag template shows for its country argument: a code is spelled out, a name kept as written."""
    argument = argument.strip()
    return COUNTRY_CODES.get(argument, argument)


def short_name(name: str) -> str | None:
    """The short name {{flagcountry}} would show for a state, when it differs from the name."""
    found = SHORT_NAMES.get(name)
    return found if found and found != name else None
