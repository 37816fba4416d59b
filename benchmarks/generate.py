"""Generate N synthetic battle articles in the plain-text rendering, quirks included.

    python benchmarks/generate.py N OUT_DIR [--seed S]

The articles look like the real ones: a title, an ``Infobox`` block (sometimes with
a stray header, a missing header, keys out of order, CRLF line ends or a BOM), lead
prose, sections, and in some articles an order-of-battle list with a stated total.
Values carry the residue the real corpus has: ``KIA`` glued to names, group labels
(``Korea:,``), empty items, ``<br/ >``, ``20px``, stray pipes, ranges with and
without spaces, ``+``, ``less than``, ``~``, casualty kinds and ships. About one
article in twenty is not a battle (no infobox, or a non-conflict infobox). Names
come from a pool, so the same people recur across articles as they do in a war.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import bz2
import random
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

SYLLABLES = [
    "ka",
    "ki",
    "ku",
    "ta",
    "to",
    "mi",
    "na",
    "ha",
    "yo",
    "shi",
    "sa",
    "ro",
    "jin",
    "min",
    "sung",
    "won",
    "gyu",
    "hyeon",
    "ho",
    "dae",
    "yeong",
    "chul",
    "bok",
    "nam",
    "ji",
    "tae",
    "hwan",
    "su",
    "ri",
    "mo",
]
SURNAMES = [
    "Kim",
    "Yi",
    "Park",
    "Choi",
    "Jeong",
    "Kang",
    "Yun",
    "Jang",
    "Im",
    "Han",
    "Ukita",
    "Kato",
    "Konishi",
    "Shimazu",
    "Mori",
    "Kuroda",
    "Hosokawa",
    "Ōta",
    "Tōdō",
    "Sō",
    "Liu",
    "Chen",
    "Zhang",
    "Wang",
    "Li",
]
PLACES = [
    "Jinju",
    "Namwon",
    "Busan",
    "Chungju",
    "Sangju",
    "Haengju",
    "Ulsan",
    "Suncheon",
    "Sacheon",
    "Okpo",
    "Hansan",
    "Noryang",
    "Myeongnyang",
    "Pyongyang",
    "Kaesong",
    "Dongnae",
    "Yongin",
    "Geumsan",
]
WARS = [
    "Imjin War",
    "Japanese invasions of Korea",
    "the Japanese invasions of Korea (1592–1598)",
    "Sengoku period",
    "the Goguryeo–Sui War",
    "Korean–Jurchen conflicts",
    "First Sino-Japanese War",
]
SIDES = [
    ("Joseon", "Korean army"),
    ("Ming", "Ming army"),
    ("Japan", "Japanese army"),
    ("Toyotomi", "Toyotomi Japan"),
    ("Qing", "Qing dynasty"),
    ("Goryeo", "Goryeo dynasty"),
    ("Sui", "Sui dynasty"),
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def person(rng: random.Random) -> str:
    given = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    if rng.random() < 0.4:
        given = f"{given[:3]}-{given[3:].lower()}" if len(given) > 4 else given
    return f"{rng.choice(SURNAMES)} {given}"


def number(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high):,}"


def strength(rng: random.Random) -> str:
    forms: list[Callable[[], str]] = [
        lambda: number(rng, 500, 90000),
        lambda: f"{number(rng, 1000, 30000)}–{number(rng, 31000, 90000)}",
        lambda: f"{number(rng, 1000, 30000)} – {number(rng, 31000, 90000)}",
        lambda: f"{number(rng, 100, 9000)}+ irregulars",
        lambda: (
            f"{number(rng, 1000, 9000)} soldiers , {number(rng, 100, 3000)}+ irregulars, {rng.randint(10, 300)} muskets"
        ),
        lambda: f"~{number(rng, 1000, 9000)} – {number(rng, 10000, 20000)}+",
        lambda: f"{rng.randint(5, 200)} warships<br/ >{rng.randint(5, 300)} junks",
        lambda: f"Korea:, {number(rng, 300, 900)}–{number(rng, 1000, 2000)}, Ming:, {number(rng, 1000, 5000)} men",
        lambda: f"less than {number(rng, 1000, 9000)}",
        lambda: "Unknown",
        lambda: f"|{rng.randint(10, 400)} cannons",
    ]
    return rng.choice(forms)()


def casualties(rng: random.Random) -> str:
    forms: list[Callable[[], str]] = [
        lambda: f"{number(rng, 100, 20000)}+ dead",
        lambda: f"less than {number(rng, 100, 2000)} |",
        lambda: number(rng, 100, 9000),
        lambda: f"{rng.randint(1, 900)} killed, {rng.randint(1, 900)} wounded, {rng.randint(1, 90)} captured",
        lambda: f"{rng.randint(1, 60)} ships sunk, {rng.randint(1, 40)} damaged",
        lambda: f"Korean records:, {rng.randint(10, 900)} dead, Japanese records: , {number(rng, 100, 900)} dead",
        lambda: f"{number(rng, 100, 5000)} killed and wounded",
        lambda: "Unknown",
        lambda: "Heavy",
    ]
    return rng.choice(forms)()


def date(rng: random.Random) -> str:
    year = rng.randint(900, 1900)
    month, day, day2 = rng.randint(1, 12), rng.randint(1, 14), rng.randint(15, 28)
    forms = [
        f"{MONTHS[month - 1]} {day}–{day2}, {year} (Gregorian Calendar);, {MONTHS[(month + 10) % 12]} {day}–{day2}, "
        f"{year} (Lunar Calendar)",
        f"{day} – {day2} {MONTHS[month - 1]} {year}",
        f"{MONTHS[month - 1]} {day}, {year}",
        f"{MONTHS[month - 1]} – {MONTHS[min(month + 2, 12) - 1]} {year}",
        f"{year}",
        f"{year}–{year + 1}",
        f"{day} {MONTHS[month - 1]} {year} – {day2} {MONTHS[(month % 12)]} {year + 1}",
    ]
    return rng.choice(forms)


def commanders(rng: random.Random, pool: list[str], group: str | None) -> tuple[str, list[str]]:
    names = rng.sample(pool, rng.randint(1, 8))
    items = []
    if group and rng.random() < 0.3:
        items.append(f"{group}:")
    for name in names:
        mark = rng.choice(["", "", "", "", "KIA", " (WIA)", "POW"])
        items.append(name + mark)
    if rng.random() < 0.15:
        items.insert(rng.randrange(len(items) + 1), "")  # an empty item ", ,"
    separator = "<br/ >" if rng.random() < 0.1 else ", "
    return separator.join(items), names


def article(rng: random.Random, index: int, pool: list[str]) -> tuple[str, str]:
    place = rng.choice(PLACES)
    kind = rng.choice(["Battle of", "Siege of", "Battle of", "Siege of", "Raid on"])
    title = f"{kind} {place} ({rng.randint(900, 1900)}) {index}"
    roll = rng.random()
    if roll < 0.03:
        return title, f"= {title} =\n\nA page about {place} with no infobox at all.\n\n==History==\nText.\n"
    if roll < 0.05:
        return title, f"= {title} =\n\nInfobox\n- Title: {place}\n- Hangul: 진주\n- Rr: {place}\n\nA place page.\n"
    (group1, army1), (group2, army2) = rng.sample(SIDES, 2)
    lines1, names1 = commanders(rng, pool, group1)
    lines2, names2 = commanders(rng, pool, group2)
    fields = [
        ("Conflict", f"{kind} {place}"),
        ("Partof", rng.choice(WARS)),
        ("Date", date(rng)),
        ("Place", f"{place} Fortress, Korea"),
        ("Result", rng.choice([f"{group1} victory", f"Decisive {group2} victory", "Inconclusive"])),
        ("Combatant1", ("20px " if rng.random() < 0.1 else "") + army1),
        ("Combatant2", army2 + (", citizens" if rng.random() < 0.2 else "")),
        ("Commander1", lines1),
        ("Commander2", lines2),
        ("Strength1", strength(rng)),
        ("Strength2", strength(rng)),
        ("Casualties1", casualties(rng)),
        ("Casualties2", casualties(rng)),
    ]
    if rng.random() < 0.1:
        fields.pop(rng.randrange(len(fields)))  # a missing line
    if rng.random() < 0.1:
        rng.shuffle(fields)  # keys out of order
    header = rng.choice(["Infobox"] * 18 + ["", "China"])
    body = [f"= {title} =", ""]
    if header:
        body.append(header)
    body += [f"- {key}: {value}" for key, value in fields]
    body += ["", f"The {kind.lower()} {place} was fought between {army1} and {army2}.", ""]
    if rng.random() < 0.3:
        body.append("== Military strength ==")
        for heading, names in ((group2, names2), (group1, names1)):
            body.append(f"==={heading}===")
            total = 0
            for name in names[: rng.randint(1, len(names))]:
                size = rng.randint(1, 80) * 50
                total += size
                body.append(f"- {name} – {size:,} soldiers")
            stated = total if rng.random() < 0.7 else total + rng.randint(1, 50) * 100
            body.append(f"Total {stated:,} soldiers")
            body.append("")
    body += ["==Background==", f"{place} guarded the roads to the south.", "", "==See also==", "- Battle of Okpo", ""]
    text = "\n".join(body)
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.03:
        text = "\ufeff" + text
    return title, text


def generate(count: int, out_dir: Path, seed: int = 1592) -> list[Path]:
    rng = random.Random(seed)
    pool = sorted({person(rng) for _ in range(max(50, count // 2))})
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    width = len(str(count))
    for index in range(count):
        _, text = article(rng, index, pool)
        path = out_dir / f"{index:0{width}d}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# Wikitext and dumps


def to_wikitext(text: str) -> tuple[str, str]:
    """A generated article as (title, wikitext) with an {{Infobox military conflict}}."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    title = lines[0].strip("= ").strip()
    out: list[str] = []
    body = lines[1:]
    index = 0
    while index < len(body) and not body[index].strip():
        index += 1
    fields = []
    if (
        index < len(body)
        and not body[index].startswith("- ")
        and index + 1 < len(body)
        and body[index + 1].startswith("- ")
    ):
        index += 1  # the "Infobox" header line
    while index < len(body) and body[index].startswith("- ") and ": " in body[index]:
        key, value = body[index][2:].split(": ", 1)
        fields.append((key, value))
        index += 1
    conflict = any(key.lower().startswith(("combatant", "commander", "conflict")) for key, _ in fields)
    if fields:
        out.append("{{Infobox military conflict" if conflict else "{{Infobox settlement")
        for key, value in fields:
            value = re.sub(r"(?<=[^\sA-Z])(KIA|WIA|POW)\b", r" {{\1}}", value)
            out.append(f"| {key.lower().replace(' ', '_')} = {value}")
        out.append("}}")
    for line in body[index:]:
        out.append("* " + line[2:] if line.startswith("- ") else line)
    return title, "\n".join(out) + "\n"


def write_dump(count: int, path: Path, seed: int = 1592) -> dict[str, int]:
    """A MediaWiki XML dump (bz2 when the name ends in .bz2) of ``count`` generated pages.

    Besides the articles it holds redirects, a talk page and one corrupt page (a
    revision without text). Returns what a reader should find: pages, battle pages,
    corrupt pages.
    """
    rng = random.Random(seed)
    pool = sorted({person(rng) for _ in range(max(50, count // 2))})
    pages: list[str] = []
    battles = 0
    for index in range(count):
        _, text = article(rng, index, pool)
        title, wikitext = to_wikitext(text)
        if "{{Infobox military conflict" in wikitext:
            battles += 1
        pages.append(_page(title, index + 1, 0, wikitext))
    extra = [
        _page("Jinju Castle", count + 1, 0, None, redirect="Jinjuseong"),
        _page("Talk:Siege of Jinju", count + 2, 1, "{{Infobox military conflict\n| conflict = x\n}}"),
        _page("Corrupt page", count + 3, 0, None),
    ]
    for offset, page in enumerate(extra):
        pages.insert((offset + 1) * len(pages) // (len(extra) + 1), page)
    document = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
        "  <siteinfo><sitename>Wikipedia</sitename><dbname>enwiki</dbname></siteinfo>\n"
        + "".join(pages)
        + "</mediawiki>\n"
    ).encode("utf-8")
    if path.name.endswith(".bz2"):
        document = bz2.compress(document)
    path.write_bytes(document)
    return {"pages": len(pages), "battles": battles, "corrupt": 1}


def _page(title: str, page_id: int, namespace: int, text: str | None, redirect: str | None = None) -> str:
    parts = [f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{namespace}</ns>\n    <id>{page_id}</id>\n"]
    if redirect:
        parts.append(f'    <redirect title="{escape(redirect)}" />\n')
    parts.append(f"    <revision>\n      <id>{page_id + 100000}</id>\n")
    if redirect:
        parts.append(f'      <text bytes="20" xml:space="preserve">#REDIRECT [[{escape(redirect)}]]</text>\n')
    elif text is not None:
        parts.append(f'      <text bytes="{len(text)}" xml:space="preserve">{escape(text)}</text>\n')
    parts.append("    </revision>\n  </page>\n")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1592)
    parser.add_argument("--dump", action="store_true", help="write one MediaWiki XML dump (OUT_DIR is its file name)")
    args = parser.parse_args()
    if args.dump:
        counts = write_dump(args.count, args.out_dir, args.seed)
        print(f"wrote {args.out_dir}: {counts}")
        return
    paths = generate(args.count, args.out_dir, args.seed)
    print(f"wrote {len(paths)} articles to {args.out_dir}")


if __name__ == "__main__":
    main()
