"""The little grammars of infobox values: every quantity and list form of the seeds and the dev corpus."""

from __future__ import annotations

import pytest

from battlegraph._names import Entry, parse_entries, split_fate
from battlegraph._quantities import parse_quantities, read_figures
from battlegraph._text import Item, clean, fold, split_items

Bound = tuple[int | None, int | None, str]


def figures(value: str, casualties: bool) -> list[Bound]:
    return [(q.min, q.max, q.category) for q in parse_quantities(value, casualties=casualties) if q.bounded]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # seeds
        ("30,000", [(30000, 30000, "Personnel")]),
        (
            "3,800 soldiers , 2,200+ irregulars, 170 muskets",
            [(3800, 3800, "Personnel"), (2200, None, "Personnel"), (170, 170, "Equipment")],
        ),
        ("50,000–68,000", [(50000, 68000, "Personnel")]),
        ("Korea:, 700–1,000, Ming:, 3,000 men", [(700, 1000, "Personnel"), (3000, 3000, "Personnel")]),
        # dev corpus
        (
            "120,000 initially,, 81,890 by the time of battle",
            [(120000, 120000, "Personnel"), (81890, 81890, "Personnel")],
        ),
        ("164,000 (winter), 150,000 (summer)", [(164000, 164000, "Personnel"), (150000, 150000, "Personnel")]),
        ("600", [(600, 600, "Personnel")]),
        ("80,000–90,000", [(80000, 90000, "Personnel")]),
        ("20,000 or 30,000", [(20000, 30000, "Personnel")]),
        ("|400 cannons", [(400, 400, "Equipment")]),
        ("?", []),
        ("50,000+", [(50000, None, "Personnel")]),
        (
            "650 troops, 1 frigate, 2 sloops-of-war, 2 gunboats",
            [(650, 650, "Personnel"), (1, 1, "Ships"), (2, 2, "Ships"), (2, 2, "Ships")],
        ),
        (
            "800 troops, 40 artillery pieces, 6 forts, 4 shore batteries",
            [(800, 800, "Personnel"), (40, 40, "Equipment"), (6, 6, "Equipment"), (4, 4, "Equipment")],
        ),
        (
            "25,000, of whom 6,000 advanced on the fort, 400 junks",
            [(25000, 25000, "Personnel"), (6000, 6000, "Personnel"), (400, 400, "Ships")],
        ),
        (
            "905 soldiers (Zeelandia), 140 soldiers (Provintia), 3 ships (Zeelandia), 12 ships (relief) with 700 sailors",
            [
                (905, 905, "Personnel"),
                (140, 140, "Personnel"),
                (3, 3, "Ships"),
                (12, 12, "Ships"),
                (700, 700, "Personnel"),
            ],
        ),
        ("305,000 (nominal)", [(305000, 305000, "Personnel")]),
        ("150 junks", [(150, 150, "Ships")]),
        ("8 warships , 50 junks", [(8, 8, "Ships"), (50, 50, "Ships")]),
        (
            "7 protected cruisers, 1 belted cruiser, 2 ironclads, 1 gunboat, 1 transport ship",
            [(7, 7, "Ships"), (1, 1, "Ships"), (2, 2, "Ships"), (1, 1, "Ships"), (1, 1, "Ships")],
        ),
        ("Unknown", []),
        ("4,000–5,000", [(4000, 5000, "Personnel")]),
        (
            "Second conflict: Approximately 300,000, Third conflict: Approximately 208,000",
            [(300000, 300000, "Personnel"), (208000, 208000, "Personnel")],
        ),
        (
            "First conflict: Approximately 800,000 Second conflict: Approximately 400,000, Third conflict: Approximately 100,000",
            [(800000, 800000, "Personnel"), (400000, 400000, "Personnel"), (100000, 100000, "Personnel")],
        ),
        # forms from the issue and other real infoboxes
        ("~9,000 – 20,000+", [(9000, None, "Personnel")]),
        ("Korea: 700–1,000", [(700, 1000, "Personnel")]),
        ("Total 3,800 soldiers and 2,200 irregulars", [(3800, 3800, "Personnel"), (2200, 2200, "Personnel")]),
        ("between 5,000 and 7,000 men", [(5000, 7000, "Personnel")]),
        ("1.2 million", [(1200000, 1200000, "Personnel")]),
        ("13 panokseon<br/ >1 turtle ship", [(13, 13, "Ships"), (1, 1, "Ships")]),
        ("20px Joseon: 3,000", [(3000, 3000, "Personnel")]),
        ("133 warships, 200+ logistical support ships", [(133, 133, "Ships"), (200, None, "Ships")]),
        ("5,000 cavalry, 10,000 infantry", [(5000, 5000, "Personnel"), (10000, 10000, "Personnel")]),
    ],
)
def test_strength_forms(value: str, expected: list[Bound]) -> None:
    assert figures(value, casualties=False) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # seeds
        ("10,300+ dead", [(10300, None, "Killed")]),
        ("less than 1,000 |", [(None, 1000, "CasualtiesUnspecified")]),
        ("3,726", [(3726, 3726, "CasualtiesUnspecified")]),
        ("Unknown", []),
        # dev corpus
        (
            "Sekigahara Gunki Taisei: 8,000–32,000 killed, Tokugawa Jikki; The Chronicles of Toshogu Shrine: 35,270 killed, "
            "Choyakyubun Hokou:30,000-35,270 (heads collected by the Eastern army after the battle), ~23,000 defected",
            [
                (8000, 32000, "Killed"),
                (35270, 35270, "Killed"),
                (30000, 35270, "Killed"),
                (23000, 23000, "OtherQuantity"),
            ],
        ),
        (
            "Korean records:, 129 ships, 1,939 destroyed homes, 114 dead (executed), 21 captured, Japanese records:, 123 dead",
            [
                (129, 129, "ShipsLost"),
                (1939, 1939, "OtherQuantity"),
                (114, 114, "Killed"),
                (21, 21, "Captured"),
                (123, 123, "Killed"),
            ],
        ),
        (
            "Korean records:, Over a hundred, 180 dead, Japanese records: , 2,500–3,700 dead",
            [(100, None, "CasualtiesUnspecified"), (180, 180, "Killed"), (2500, 3700, "Killed")],
        ),
        ("3 killed, 10 wounded, 1 gunboat damaged", [(3, 3, "Killed"), (10, 10, "Wounded"), (1, 1, "ShipsDamaged")]),
        (
            "243 killed (American estimate), ~350 killed (Korean estimate, likely including suicide), "
            "20 captured (later released), 40 artillery pieces captured, 5 forts destroyed, 1 fort damaged, "
            "4 shore batteries destroyed",
            [
                (243, 243, "Killed"),
                (350, 350, "Killed"),
                (20, 20, "Captured"),
                (40, 40, "OtherQuantity"),
                (5, 5, "OtherQuantity"),
                (1, 1, "OtherQuantity"),
                (4, 4, "OtherQuantity"),
            ],
        ),
        (
            "12,500 deserted or dead, mostly from disease, including more than 2,200 killed by natives",
            [(12500, 12500, "OtherQuantity"), (2200, None, "Killed")],
        ),
        (
            "1,600 killed or died of disease , Zeelandia: 1 warship sunk, Relief: 1 warship sunk, 2 ships abandoned, "
            "3 ships captured",
            [
                (1600, 1600, "Killed"),
                (1, 1, "ShipsLost"),
                (1, 1, "ShipsLost"),
                (2, 2, "ShipsLost"),
                (3, 3, "ShipsLost"),
            ],
        ),
        ("302,300 casualties", [(302300, 302300, "CasualtiesUnspecified")]),
        (
            "250 killed and wounded , 2 warships sunk, 1 warship captured",
            [(250, 250, "CasualtiesUnspecified"), (2, 2, "ShipsLost"), (1, 1, "ShipsLost")],
        ),
        (
            "1,350 killed and wounded, 1 protected cruiser sunk, 1 armoured cruiser sunk, 2 light cruisers sunk, "
            "1 composite cruiser scuttled",
            [
                (1350, 1350, "CasualtiesUnspecified"),
                (1, 1, "ShipsLost"),
                (1, 1, "ShipsLost"),
                (2, 2, "ShipsLost"),
                (1, 1, "ShipsLost"),
            ],
        ),
        (
            "380 killed and wounded 5 protected cruisers damaged, 1 ironclad damaged",
            [(380, 380, "CasualtiesUnspecified"), (5, 5, "ShipsDamaged"), (1, 1, "ShipsDamaged")],
        ),
        ("10,000", [(10000, 10000, "CasualtiesUnspecified")]),
        ("270 soldiers and civilians killed", [(270, 270, "Killed")]),
        ("295 killed, 5 ships destroyed", [(295, 295, "Killed"), (5, 5, "ShipsLost")]),
        ("Significant", []),
        ("Entire garrison, many civilians", []),
        # forms from the issue and other real infoboxes
        ("47 ships sunk", [(47, 47, "ShipsLost")]),
        ("30 ships destroyed, 92 damaged", [(30, 30, "ShipsLost"), (92, 92, "ShipsDamaged")]),
        ("10 ships sunk, 300 killed", [(10, 10, "ShipsLost"), (300, 300, "Killed")]),
        ("about 500 killed, 1,000 wounded", [(500, 500, "Killed"), (1000, 1000, "Wounded")]),
        ("200 taken prisoner", [(200, 200, "Captured")]),
        ("300 killed in action", [(300, 300, "Killed")]),
        ("None", [(0, 0, "CasualtiesUnspecified")]),
        # a comma inside the list of what was counted (Borodino, Blenheim, Tannenberg in the rendering)
        ("28,000–35,000 killed, wounded or captured", [(28000, 35000, "CasualtiesUnspecified")]),
        ("20,000 killed, drowned, or wounded", [(20000, 20000, "CasualtiesUnspecified")]),
        (
            "about 30,000 killed, wounded and captured, 92,000 captured",
            [
                (30000, 30000, "CasualtiesUnspecified"),
                (92000, 92000, "Captured"),
            ],
        ),
        ("3,000 killed, mostly from disease", [(3000, 3000, "Killed")]),
        # Verdun (piglix.com): the period after the figure is not its unit; Talas: survivors are no loss
        (
            "315,000–542,000 (156,000–162,000 killed) February–December 1916",
            [(315000, 542000, "CasualtiesUnspecified")],
        ),
        ("~2,000 survived and retreated", [(2000, 2000, "OtherQuantity")]),
    ],
)
def test_casualty_forms(value: str, expected: list[Bound]) -> None:
    assert figures(value, casualties=True) == expected


def test_a_list_of_kinds_keeps_every_kind_and_its_note() -> None:
    # The comma used to cut "wounded or captured" off as a note, and inside one item the
    # list lost its first kind ("killed, wounded or captured" read as wounded or captured).
    (figure,) = parse_quantities("70,000–120,219 killed, wounded or captured (Russian estimate)", casualties=True)
    assert figure.kind == "killed_or_wounded_or_captured"
    assert (figure.min, figure.max, figure.note) == (70000, 120219, None)
    assert figure.text == "70,000–120,219 killed, wounded or captured (Russian estimate)"
    (whole,) = [f for _, f in read_figures(["1,200 killed, wounded, or missing"], casualties=True)]
    assert whole.kind == "killed_or_wounded_or_missing"


def test_a_breakdown_in_brackets_gives_each_part_as_a_subset() -> None:
    # Shiloh in the rendering (the comma puts the brackets in an item of their own) and a
    # Gettysburg-like total: every figure of the list is read, none added to the total
    for value in (
        "13,047, (1,754 killed, 8,408 wounded, 2,885 captured/missing)",
        "13,047 (1,754 killed; 8,408 wounded; 2,885 captured/missing)",
    ):
        read = parse_quantities(value, casualties=True)
        assert [(f.min, f.category, f.subset) for f in read] == [
            (13047, "CasualtiesUnspecified", False),
            (1754, "Killed", True),
            (8408, "Wounded", True),
            (2885, "CasualtiesUnspecified", True),
        ], value
        assert read[0].text == "13,047" and read[1].text == "1,754 killed"
    troops = parse_quantities("100,000 (50,000 regulars, 20,000 newly recruited militia)", casualties=False)
    assert [(f.min, f.subset) for f in troops] == [(100000, False), (50000, True), (20000, True)]
    # not lists of figures: a note, and the formations of an order of battle
    (note,) = parse_quantities("2,000 dead (including 2,000 Turkish mercenaries, who stayed loyal)", casualties=True)
    assert note.note == "including 2,000 Turkish mercenaries, who stayed loyal"
    formations = parse_quantities("(1 armored brigade, 1 infantry brigade, 5 artillery battalions)", casualties=False)
    assert not any(f.subset for f in formations)


def test_a_month_after_a_figure_is_its_period_not_its_unit() -> None:
    (verdun,) = parse_quantities("315,000–542,000 (156,000–162,000 killed) February–December 1916", casualties=True)
    assert (verdun.unit, verdun.qualifier) == ("troops", "February–December 1916")
    (dated,) = parse_quantities("500 killed in March 1592", casualties=True)
    assert (dated.unit, dated.kind) == ("troops", "killed")


def test_a_range_of_days_heads_the_figures_after_it() -> None:
    # Tannenberg (an m.wikipedia mirror): the period is a label, not a casualty figure of 21 to 30
    read = parse_quantities("21–30 August:, 13,873+, 1,726+ killed", casualties=True)
    assert [(f.min, f.max, f.qualifier, f.group) for f in read] == [
        (13873, None, "21–30 August", None),
        (1726, None, "21–30 August", None),
    ]


def test_a_bracket_on_a_line_of_its_own_stays_with_the_figure_before() -> None:
    # Gaugamela's casualties, one line each: the sources were dropped, so the three rival
    # estimates were added up (177,000) instead of kept as alternatives
    lines = ["40,000", "(according to Curtius Rufus)", "47,000", "(according to Welman)", "90,000",
             "(according to Diodorus Siculus)"]  # fmt: skip
    read = [figure for _, figure in read_figures([Item(line) for line in lines], casualties=True)]
    assert [(f.min, f.source) for f in read] == [
        (40000, "according to Curtius Rufus"),
        (47000, "according to Welman"),
        (90000, "according to Diodorus Siculus"),
    ]
    # Manzikert (dev2): a bracket that is no source is the figure's note, not lost
    (captured,) = parse_quantities("~4,000 captured[4], (more than half deserted)", casualties=True)
    assert (captured.min, captured.note) == (4000, "more than half deserted")


def test_total_right_after_a_number_is_a_stated_total() -> None:
    # Chosin Reservoir (dev2, whose gold flags it) and Pyongyang: "17,843 total" restates the figures before it;
    # added to them, the side's unspecified losses were 30,075 instead of 13,900
    read = parse_quantities("600 killed, 33 missing in action, 633 total", casualties=True)
    assert [(f.min, f.total) for f in read] == [(600, False), (33, False), (633, True)]
    assert not parse_quantities("2,403 total killed", casualties=True)[0].total


def test_total_before_a_number_is_a_stated_total() -> None:
    # Tannenberg (allourtrenches.com) and Gorlice–Tarnów (dev2): "total N" restates the parts; it was
    # counted with the missing as one more unspecified figure (4,686 + 13,873)
    read = parse_quantities("Official German data: 1,726 KIA; 7,461 WIA; 4,686 MIA; total 13,873", casualties=True)
    assert [(f.min, f.total) for f in read] == [(1726, False), (7461, False), (4686, False), (13873, True)]
    (alone,) = parse_quantities("13,873 casualties", casualties=True)
    assert not alone.total


def test_second_sweep_of_real_values() -> None:
    # Rocroi (en.wikipedia.org): "----" is a rule between the total and its parts, not a range
    rocroi = parse_quantities("23,000 ----16,000 infantry, 7,000 cavalry, 12 guns", casualties=False)
    assert [(f.min, f.max, f.unit, f.subset) for f in rocroi] == [
        (23000, 23000, "troops", False),
        (16000, 16000, "infantry", True),
        (7000, 7000, "cavalry", True),
        (12, 12, "guns", False),
    ]
    # Narva (thefullwiki.org): a dot groups thousands; "2.000 million" stays two million
    narva = parse_quantities("8.000–10.000 killed, 20.000 captured", casualties=True)
    assert [(f.min, f.max, f.category) for f in narva] == [(8000, 10000, "Killed"), (20000, 20000, "Captured")]
    assert [f.min for f in parse_quantities("2.000 million men, 1.5 million", casualties=False)] == [2000000, 1500000]
    # Boyacá (dev2) and Curupayty: figures after a whole that add up to it are its parts;
    # losses of different kinds that happen to add up are not
    boyaca = parse_quantities("2,670, 2,300 infantry, 350 cavalry, 20 gunners, 3 guns", casualties=False)
    assert [f.subset for f in boyaca] == [False, True, True, True, False]
    curupayty = parse_quantities("4,227:, 2,225 Argentine casualties, 2,002 Brazilian casualties", casualties=True)
    assert [f.subset for f in curupayty] == [False, True, True]
    assert not any(f.subset for f in parse_quantities("1,000 killed, 500 wounded, 500 captured", casualties=True))
    # figures that add up by chance are no breakdown: each with its own noun, or its own group
    arms = parse_quantities("4,000 infantry, 2,000 cavalry, 2,000 archers", casualties=False)
    allies = parse_quantities("France: 20,000, Spain: 12,000, Portugal: 8,000", casualties=False)
    assert not any(f.subset for f in [*arms, *allies])
    # a totals line after the belligerents' lines: every figure of it is a total
    coalition = parse_quantities(
        "British: 500 killed, 1,000 wounded, Hanoverians: 300 killed, 200 wounded, Total: 800 killed, 1,200 wounded",
        casualties=True,
    )
    assert [f.total for f in coalition] == [False, False, False, False, True, True]
    # only "total" right before the number makes a stated total
    assert not any(f.total for f in parse_quantities("Combined Fleet 4 carriers, 2 battleships", casualties=False))
    # Okinawa (piglix.com): "out of some 300,000" is what the losses were drawn from, not a loss
    (okinawa,) = parse_quantities("40,000–150,000 civilians killed out of some est.300,000", casualties=True)
    assert (okinawa.min, okinawa.max, okinawa.qualifier) == (40000, 150000, "out of some est.300,000")
    names = [e.name for e in parse_entries("Chester W. Nimitz, William Halsey, Jr., Sir Bernard Rawlings", people=True)]
    assert names == ["Chester W. Nimitz", "William Halsey, Jr.", "Sir Bernard Rawlings"]


def test_review_of_the_new_rules() -> None:
    # a bracket on a line of its own never reaches across a label or an item that gave no figure
    lines = ["5,000 killed", "Unknown", "(according to Smith)", "3,000 killed"]
    assert [f.source for _, f in read_figures([Item(line) for line in lines], casualties=True)] == [None, None]
    # the parts of a breakdown are read under the label of their whole; years in brackets are no parts
    value = "French: 1,000 killed, British: 13,047 (1,754 killed, 8,408 wounded, 2,885 missing)"
    assert [(f.group, f.subset) for f in parse_quantities(value, casualties=True)] == [
        ("French", False), ("British", False), ("British", True), ("British", True), ("British", True),
    ]  # fmt: skip
    assert [f.min for f in parse_quantities("10,000 (1914, 1915)", casualties=True)] == [10000]
    # a surname ending in -ly opens no sentence
    assert all(e.name != "Patrick" for e in parse_entries("Patrick Kelly was wounded during the assault", people=True))


def test_figures_total_heads_after_its_own_are_its_parts() -> None:
    # Cannae (en.wikipedia.org): the arms after "Total: 86,400" were totals too, so the side's
    # personnel was all four added up (157,800)
    cannae = parse_quantities(
        "Total: 86,400 | 55,000 infantry | 6,400 cavalry | 10,000 allied garrison", casualties=False
    )
    assert [(f.min, f.total, f.subset) for f in cannae] == [
        (86400, True, False), (55000, False, True), (6400, False, True), (10000, False, True),
    ]  # fmt: skip
    # Tsushima (dev2): the gold flags only the first as a total; the ships of each type are its parts
    tsushima = parse_quantities(
        "Total: 38 ships, 8 battleships, 3 coastal battleships, 6 cruisers, 12 other ships", casualties=False
    )
    assert [(f.total, f.subset) for f in tsushima] == [(True, False)] + [(False, True)] * 4
    # Gallipoli: parts that add up exactly are no totals of their own either
    gallipoli = parse_quantities("Total: 489,000, 345,000 British, 79,000 French, c. 50,000 Australians, "
                                 "c. 15,000 New Zealanders, Supported by:, c. 2,000 civilian labourers", casualties=False)  # fmt: skip
    assert [(f.total, f.subset) for f in gallipoli] == [(True, False)] + [(False, True)] * 4 + [(False, False)]
    # not parts: another kind, bare rival counts, figures in phases, more than the whole, a lone figure
    for value in (
        "Total: 59,000 men, 102 ships, 11 trebuchets",
        "Total: 70,000, 50,000 (Polybius), 40,000",
        "Total: 30,000, 20,000 (initial), 10,000 (final)",
        "Total: 30,000, 20,000 infantry, 15,000 cavalry",
        "British: 5,000 men, Hanoverians: 3,000 men, Total: 8,000 men, 4,000 infantry",
    ):
        read = parse_quantities(value, casualties=False)
        assert not any(f.subset for f in read) and [f.total for f in read][-2:] == [True, True], value


def test_third_sweep_of_real_values() -> None:
    # Second Chuenpi, Kowloon, Pavia (en.wikipedia.org): "</br>", superscript footnotes, a range's lost dash
    assert clean("Gordon Bremer</br>Charles Elliot") == "Gordon Bremer, Charles Elliot"
    assert clean("1,500 men, 3 guns^{2}") == "1,500 men, 3 guns" and clean("2^{nd} Army") == "2nd Army"
    assert figures("8,00015,000", casualties=True) == [(8000, 15000, "CasualtiesUnspecified")]
    assert clean("1,000,000") == "1,000,000" and clean("1,0001") == "1,0001"
    # Gravelotte, Mars-la-Tour: " :" joins a total and its parts; the horses are no wounded
    read = parse_quantities("15,799 :4,421 killed :10,411 wounded :967 missing 2,736 horses", casualties=True)
    assert [(f.min, f.category, f.subset) for f in read] == [
        (15799, "CasualtiesUnspecified", False), (4421, "Killed", True), (10411, "Wounded", True),
        (967, "CasualtiesUnspecified", True), (2736, "OtherQuantity", False),
    ]  # fmt: skip
    assert [f.qualifier for f in parse_quantities("1942: 267,327 casualties", casualties=True)] == ["1942"]
    # Aspern-Essling: the year of a cited work is no figure; "Heavy (1500)" still is
    assert figures("John H. Gill (2016) generalizes casualties, as Gaston Bodart (1908) did.", casualties=True) == []
    assert figures("Heavy (1500)", casualties=True) == [(1500, 1500, "CasualtiesUnspecified")]
    # Tondibi, Ia Drang, 73 Easting, Khalkhin Gol, Tanga, Zenta
    assert figures("1,000 cattle", casualties=False) == [(1000, 1000, "Equipment")]
    assert figures("740 CAS sorties, 5 B-52 missions", casualties=False) == [
        (740, 740, "OtherQuantity"), (5, 5, "OtherQuantity"),
    ]  # fmt: skip
    assert figures("160 tanks, 180 personnel carriers", casualties=True) == [
        (160, 160, "OtherQuantity"), (180, 180, "OtherQuantity"),
    ]  # fmt: skip
    horses = parse_quantities("72 artillery pieces, 2,330 horses killed, injured, or sick", casualties=True)
    assert [(f.category, f.kind) for f in horses] == [
        ("OtherQuantity", "total"),
        ("OtherQuantity", "killed_or_wounded"),
    ]
    assert figures("76 Germans & Askaris wounded", casualties=True) == [(76, 76, "Wounded")]
    assert figures("≈ as high as 30,000 killed", casualties=True) == [(None, 30000, "Killed")]
    # Dan-no-ura: two estimates joined by "or", each with its bracket, are rivals from their sources, not a range
    rivals = parse_quantities("800 ships (Azuma Kagami) or 3,000 (The Tale of the Heike)", casualties=False)
    assert [(f.min, f.max, f.category, f.source) for f in rivals] == [
        (800, 800, "Ships", "Azuma Kagami"), (3000, 3000, "Ships", "The Tale of the Heike"),
    ]  # fmt: skip
    assert figures("164,000 (winter) or 150,000", casualties=False) == [(150000, 164000, "Personnel")]
    # Byeokjegwan, Haengju, Dogali, Mactan (the regions sweep)
    haengju = "110+ (likely much more since the Japanese took the dead back with them) or 10,000 dead and wounded"
    assert figures(haengju, casualties=True) == [(110, 10000, "CasualtiesUnspecified")]
    assert figures("500 (the dead were carried off)", casualties=True) == [(500, 500, "CasualtiesUnspecified")]
    assert figures("730, or, 1,071 killed", casualties=True) == [(730, 1071, "Killed")]
    assert figures("15,000 captured, or, 12,000 killed", casualties=True) == [
        (15000, 15000, "Captured"), (12000, 12000, "Killed"),
    ]  # fmt: skip
    assert figures("1,500 (Pigafetta's account)–3,000", casualties=False) == [(1500, 3000, "Personnel")]
    # the titles sweep: Bagration, Brusilov, Dieppe, Kargil, Warsaw, Masada, Diu
    bagration = parse_quantities(
        "Frieser:, 399,102 :26,397 killed :109,776 wounded :262,929 missing, Glantz and House:, 770,888",
        casualties=True,
    )
    assert [(f.min, f.category, f.subset, f.group) for f in bagration] == [
        (399102, "CasualtiesUnspecified", False, "Frieser"), (26397, "Killed", True, "Frieser"),
        (109776, "Wounded", True, "Frieser"), (262929, "CasualtiesUnspecified", True, "Frieser"),
        (770888, "CasualtiesUnspecified", False, "Glantz and House"),
    ]  # fmt: skip
    assert figures("40+ infantry divisions (573,000 men)", casualties=False) == [
        (40, None, "Personnel"), (573000, 573000, "Personnel"),
    ]  # fmt: skip
    assert figures("64 Supermarine Spitfire fighters, 23 Fw 190, 10 Mustang Mk 1 fighters", casualties=True) == [
        (64, 64, "OtherQuantity"), (23, 23, "OtherQuantity"), (10, 10, "OtherQuantity"),
    ]  # fmt: skip
    assert figures("1 Mil Mi-17 shot down, 1 submarine chaser UJ-1404 sunk", casualties=True) == [
        (1, 1, "OtherQuantity"), (1, 1, "ShipsLost"),
    ]  # fmt: skip
    assert figures("3 Commando, 4 Commando, 2,000 Cavalry", casualties=False) == [(2000, 2000, "Personnel")]
    assert figures("7 captured (2 women, 5 children)", casualties=True) == [
        (7, 7, "Captured"), (2, 2, "Captured"), (5, 5, "Captured"),
    ]  # fmt: skip
    assert figures("All but 40 killed or wounded", casualties=True) == []
    # the fourth sweep and its review: Preveza, Elbistan, Noryang, Westerplatte, Gingindlovu, Lake Khasan,
    # Mount Kent, Mers-el-Kébir, Monterrey, Raszyn, Zonchio
    assert figures("Several ships damaged", casualties=True) == []
    assert figures("13 ships sunk, 3,000 prisoners", casualties=True) == [
        (13, 13, "ShipsLost"), (3000, 3000, "Captured"),
    ]  # fmt: skip
    assert figures("2,000 or more Georgians", casualties=True) == [(2000, None, "CasualtiesUnspecified")]
    assert figures("500 soldiers beheaded", casualties=True) == [(500, 500, "Killed")]
    assert [f.note for f in parse_quantities("50 killed, wounded", casualties=True)] == ["wounded"]
    assert figures("31,000–43,000 killed, wounded, missing, or captured", casualties=True) == [
        (31000, 43000, "CasualtiesUnspecified"),
    ]  # fmt: skip
    assert figures("2 × 9-pounder guns, 4 × 24-pound rocket battery", casualties=False) == [
        (2, 2, "Equipment"), (4, 4, "Equipment"),
    ]  # fmt: skip
    assert figures("70 fighters, 180 bombers", casualties=False) == [(70, 70, "Equipment"), (180, 180, "Equipment")]
    assert figures("4,000 militiamen and civilian fighters, 5 bombers", casualties=False)[0][2] == "Personnel"
    assert figures("4 helicopters, (1 Chinook, 3 Sea King)", casualties=False) == [(4, 4, "Equipment")] * 1 + [
        (1, 1, "Equipment"), (3, 3, "Equipment"),
    ]  # fmt: skip
    assert figures("30 galiots, 40 fustas, 1 tugboat", casualties=False) == [
        (30, 30, "Ships"),
        (40, 40, "Ships"),
        (1, 1, "Ships"),
    ]
    monterrey = parse_quantities("Total: 531, 120 killed, 368 wounded, 43 missing", casualties=True)
    assert [(f.total, f.subset) for f in monterrey] == [(True, False)] + [(False, True)] * 3
    raszyn = parse_quantities("26,000 to 29,790:, 24,500 infantry, 4,500 cavalry", casualties=False)
    assert [f.subset for f in raszyn] == [False, True, True]
    greeks = parse_quantities("Total: 9,000, 6,000 (Greeks), 3,000 (Macedonians)", casualties=False)
    assert [f.subset for f in greeks] == [False, True, True]
    assert figures("1,000 (est.) or 2,000 (est.)", casualties=True) == [(1000, 2000, "CasualtiesUnspecified")]
    assert figures("1942 :267,327 killed", casualties=True) == [(267327, 267327, "Killed")]
    assert figures("Tanks & SPGs: 6,250", casualties=False) == [(6250, 6250, "Equipment")]
    assert figures("20 Marine AH-1W, 500 Marine, Infantry (12000), Cavalry (1500)", casualties=False) == [
        (20, 20, "Equipment"), (500, 500, "Personnel"), (12000, 12000, "Personnel"), (1500, 1500, "Personnel"),
    ]  # fmt: skip
    # the fifth sweep: Cape Passaro, Sunda Strait, Praying Mantis, Cape Spartivento, Texel, Honkaniemi, Focșani, Xuzhou
    assert figures("1 storeship, 58 troopships, 6 Boghammar speedboats, 3 colliers", casualties=False) == [
        (1, 1, "Ships"), (58, 58, "Ships"), (6, 6, "Ships"), (3, 3, "Ships"),
    ]  # fmt: skip
    assert figures("1 light cruiser minor damage", casualties=True) == [(1, 1, "ShipsDamaged")]
    assert figures("64 ships of the line, 20,000 mensfn, Blok, 1928, p=345", casualties=False) == [
        (64, 64, "Ships"), (20000, 20000, "Personnel"),
    ]  # fmt: skip
    assert figures("Jaeger Battalion 3, 4th Armoured Company", casualties=False) == []
    assert figures("17,000–18,000, 6,000–7,000 of 10,000", casualties=False) == [
        (17000, 18000, "Personnel"), (6000, 7000, "Personnel"),
    ]  # fmt: skip
    assert figures("1,200 of 3,000 killed", casualties=True) == [(1200, 1200, "Killed")]
    xuzhou = "Japanese claim:, According to statistical table compiled in mid-July 1938 : 3,171 killed"
    assert figures(xuzhou, casualties=True) == [(3171, 3171, "Killed")]
    cannae = parse_quantities("67,500–80,000 ; Polybius : 70,000 killed : 10,000 captured", casualties=True)
    assert [(f.min, f.source) for f in cannae] == [(67500, None), (70000, "Polybius"), (10000, "Polybius")]
    # the second review: militants beside helicopters, small totals before " :", cited works, corps with their
    # men, rival sources that cite, people aboard ships, "Hung" in a name
    assert figures("1,500 fighters, 12 helicopters", casualties=False)[0] == (1500, 1500, "Personnel")
    assert figures("150 fighters killed, 3 bombers", casualties=True)[0] == (150, 150, "Killed")
    assert [f.subset for f in parse_quantities("850 :250 killed :600 wounded", casualties=True)] == [False, True, True]
    assert figures("1,000 (low estimate) or 2,000 (high estimate)", casualties=False) == [(1000, 2000, "Personnel")]
    assert figures("40 Commando (Royal Marines), 2 Para (about 600 men)", casualties=False) == [(600, 600, "Personnel")]
    assert figures("4,000 regulars, Hessians (1200)", casualties=False) == [
        (4000, 4000, "Personnel"), (1200, 1200, "Personnel"),
    ]  # fmt: skip
    assert figures("4+ helicopters (3 Chinook, 2 Sea King)", casualties=False)[1:] == [
        (3, 3, "Equipment"), (2, 2, "Equipment"),
    ]  # fmt: skip
    assert figures("Eastern Task Group 12 destroyers", casualties=False) == [(12, 12, "Ships")]
    assert figures("2 Corps (about 30,000 men)", casualties=False) == [(2, 2, "Personnel"), (30000, 30000, "Personnel")]
    livy = parse_quantities("40,000 (according to Livy) or 50,000 (according to Polybius)", casualties=False)
    assert [(f.min, f.source) for f in livy] == [(40000, "according to Livy"), (50000, "according to Polybius")]
    assert figures("12 galleys (1,500 Venetians, 800 Genoese)", casualties=False)[1:] == [
        (1500, 1500, "Personnel"), (800, 800, "Personnel"),
    ]  # fmt: skip
    assert [f.group for f in parse_quantities("Tran Hung Dao: 2,000", casualties=True)] == ["Tran Hung Dao"]
    assert clean("Near Kraków (), Poland", as_written=True) == "Near Kraków, Poland"
    assert clean("Near Kraków ( , ), Poland", as_written=True) == "Near Kraków, Poland"
    assert clean("DPR and LPR victory , ", as_written=True) == "DPR and LPR victory"
    assert clean("Tokugawa Shogunate , (present-day Nagasaki)", as_written=True).startswith("Tokugawa Shogunate ,")
    # the last sweep: Plataea's list styling and historians in brackets
    plataea = parse_quantities(
        "item_style=text-indent:-1.5em; margin-left:1.5em, 300,000 (Herodotus), 500,000 (Diodorus)", casualties=False
    )
    assert [(f.min, f.source, f.group) for f in plataea] == [(300000, "Herodotus", None), (500000, "Diodorus", None)]
    # commanders: a glued mark between run-together names ends one (Towton, Bannockburn), not before a note;
    # "Cao Cao" is a name, "Spain Spain" a flag's alt text; a bare label last is the person (Red Cliffs);
    # lone marks in a row are people whose names were lost (Grozny); a unit after a name is its note (Ia Drang)
    towton = parse_entries("Duke of Exeter Earl of NorthumberlandKIA Sir Andrew TrollopeKIA", people=True)
    assert [(e.name, e.fate) for e in towton] == [
        ("Duke of Exeter Earl of Northumberland", "KIA"), ("Sir Andrew Trollope", "KIA"),
    ]  # fmt: skip
    assert [e.name for e in parse_entries("Cao Cao", people=True)] == ["Cao Cao"]
    assert [e.name for e in parse_entries("Spain Spain", people=False)] == ["Spain"]
    red_cliffs = parse_entries("Zhou Yu, Liu Bei, Liu Qi", people=True, labels={"liu qi"})
    assert [(e.name, e.group) for e in red_cliffs][-1] == ("Liu Qi", None)
    easter = parse_entries(
        "Ivor Guest, 1st Viscount Wimborne, Lord Wimborne, Military leaders:, ubl, John Maxwell (British Army "
        "officer), John Maxwell, Pánfilo de NarváezWIAPOW, Suleiman I #",
        people=True,
    )
    assert [(e.name, e.fate, e.aliases) for e in easter] == [
        ("Ivor Guest, 1st Viscount Wimborne", None, ("Lord Wimborne",)), ("John Maxwell", None, ()),
        ("Pánfilo de Narváez", "POW", ()), ("Suleiman I", None, ()),
    ]  # fmt: skip
    aztecs = parse_entries("Spanish commanders: Hernán Cortés, Tlaxcalan leaders: Xicotencatl", people=True)
    assert [(e.name, e.group) for e in aztecs] == [
        ("Hernán Cortés", "Spanish commanders"),
        ("Xicotencatl", "Tlaxcalan leaders"),
    ]
    assert [(e.name, e.group) for e in parse_entries("Negros Republic, 1902–1913:, Tagalog Republic", people=False)] == [
        ("Negros Republic", None), ("Tagalog Republic", "1902–1913"),
    ]  # fmt: skip
    assert (
        clean("25px|border António da Silveira, border|25px Gujarat Sultanate")
        == "António da Silveira, Gujarat Sultanate"
    )
    eckmuhl = parse_entries(
        "Archduke Charles, Johann Kollowrat, Gen. Lucas Meyer, Gen., UK Lt-Gen. Sir William Symons", people=True
    )
    assert [e.name for e in eckmuhl] == [
        "Archduke Charles",
        "Johann Kollowrat",
        "Gen. Lucas Meyer",
        "Lt-Gen. Sir William Symons",
    ]
    assert [e.name for e in parse_entries("Edward, the Black Prince, Edward the Black Prince, Earl of Warwick", people=True)] == [
        "Edward, the Black Prince", "Edward the Black Prince", "Earl of Warwick",
    ]  # fmt: skip
    units = parse_entries("1st Marine Division (Oliver P. Smith), 7th Infantry Division (David Barr)", people=True)
    assert [e.note for e in units] == ["Oliver P. Smith", "David Barr"]
    assert clean("border|22pxborder|22px Rüdiger von der Goltz") == "Rüdiger von der Goltz"
    sluys = parse_entries("King Edward IIIWIA, Earl of Huntingdon", people=True)
    assert [(e.name, e.fate) for e in sluys] == [("King Edward III", "WIA"), ("Earl of Huntingdon", None)]
    st_albans = parse_entries("Henry VIPOW Duke of SomersetKIA Baron CliffordKIA", people=True)
    assert [(e.name, e.fate) for e in st_albans] == [
        ("Henry VI", "POW"), ("Duke of Somerset", "KIA"), ("Baron Clifford", "KIA"),
    ]  # fmt: skip
    assert parse_entries("54th Soviet Rifle Division", people=True) == []
    rymnik = parse_entries("Alexander Suvorov, :ru:Позняков, Александр Андрианович, Aleksandr Poznyakov", people=True)
    assert [(e.name, e.group) for e in rymnik] == [("Alexander Suvorov", None), ("Aleksandr Poznyakov", None)]
    panzers = parse_entries("1st Panzer Division (Hasso von Manteuffel), 3rd Division (Picton)", people=True)
    assert [e.note for e in panzers] == ["Hasso von Manteuffel", "Picton"]
    model = parse_entries(
        "Walter Model, 9th Army (Germany), Baibars, the Mamluk Sultan Qutuz, the Dauphin", people=True
    )
    assert [e.name for e in model] == ["Walter Model", "Baibars", "the Mamluk Sultan Qutuz", "the Dauphin"]
    bauge = parse_entries(
        "John Stewart, Earl of Buchan, Archibald Douglas, Earl of Wigton, John, Baron RosKIA", people=True
    )
    assert [(e.name, e.fate) for e in bauge] == [
        ("John Stewart, Earl of Buchan", None), ("Archibald Douglas, Earl of Wigton", None), ("John, Baron Ros", "KIA"),
    ]  # fmt: skip
    rocroi = parse_entries("Jean de Gassion, Duke of La Ferté-Senneterre, Marquis of Espenan", people=True)
    assert [e.name for e in rocroi] == ["Jean de Gassion", "Duke of La Ferté-Senneterre", "Marquis of Espenan"]
    assert [e.name for e in parse_entries("Arthur Wellesley, Lord Hill", people=True)] == [
        "Arthur Wellesley",
        "Lord Hill",
    ]
    grozny = parse_entries("Lev Rokhlin, Vladimir Shamanov, KIA, KIA", people=True)
    assert [(e.name, e.fate) for e in grozny] == [("Lev Rokhlin", None), ("Vladimir Shamanov", None)]
    ia_drang = parse_entries(
        "Richard T. Knowles 1st Air Cavalry Division Fwd CP, Harold G. Moore, 1st Battalion, 7th Cavalry, "
        "Lê Xuân Phôi 8/66KIA, John Churchill, 1st Duke of Marlborough",
        people=True,
    )
    assert [(e.name, e.fate, e.note) for e in ia_drang] == [
        ("Richard T. Knowles", None, "1st Air Cavalry Division Fwd CP"),
        ("Harold G. Moore", None, "1st Battalion; 7th Cavalry"),
        ("Lê Xuân Phôi", "KIA", "8/66"),
        ("John Churchill, 1st Duke of Marlborough", None, None),
    ]


def test_quantity_details_are_kept() -> None:
    first, second = parse_quantities("Korea:, 700–1,000, Ming:, 3,000 men", casualties=False)
    assert (first.group, first.unit, second.group, second.unit) == ("Korea", "troops", "Ming", "men")
    (approx,) = parse_quantities("~23,000 defected", casualties=True)
    assert approx.approximate and approx.kind == "defected"
    whole, part, _ = parse_quantities("25,000, of whom 6,000 advanced on the fort, 400 junks", casualties=False)
    assert not whole.subset and part.subset and part.qualifier == "advanced on the fort"
    (single,) = parse_quantities("1 gunboat damaged", casualties=True)
    assert single.unit == "gunboats"  # the contract's units are plural
    (sourced,) = parse_quantities("243 killed (American estimate)", casualties=True)
    assert sourced.source == "American estimate"
    (total,) = parse_quantities("Total: 8,000", casualties=False)
    assert total.total
    qualitative = parse_quantities("Entire garrison, many civilians", casualties=True)
    assert [(q.min, q.max, q.text) for q in qualitative] == [
        (None, None, "Entire garrison"),
        (None, None, "many civilians"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Kim Si-minKIA, Gwak Jaeu, Yu Sung-inKIA",
            [("Kim Si-min", "KIA", None), ("Gwak Jaeu", None, None), ("Yu Sung-in", "KIA", None)],
        ),
        (
            "Korea:, Yi Bok-namKIA, Yi Chun-won, Ming:,",
            [("Yi Bok-nam", "KIA", "Korea"), ("Yi Chun-won", None, "Korea")],
        ),
        ("Tang:, Su Dingfang, Silla:, Kim Chun-Chu", [("Su Dingfang", None, "Tang"), ("Kim Chun-Chu", None, "Silla")]),
        (
            "Joseon dynasty: , Jeong Bong-su, Ming dynasty:, Mao Wenlong",
            [("Jeong Bong-su", None, "Joseon dynasty"), ("Mao Wenlong", None, "Ming dynasty")],
        ),
        (
            "Emperor Shengzong, Xiao Hengde, , , Yelü Pennu",
            [("Emperor Shengzong", None, None), ("Xiao Hengde", None, None), ("Yelü Pennu", None, None)],
        ),
        ("VOC Hans Putmans , Liu Xiang", [("Hans Putmans", None, None), ("Liu Xiang", None, None)]),
        ("Son of Sō YoshimoriKIA, Obarishi", [("Son of Sō Yoshimori", "KIA", None), ("Obarishi", None, None)]),
        (
            "King UgeoKIA, Gen. Seong GiKIA, Min. No In",
            [("King Ugeo", "KIA", None), ("Gen. Seong Gi", "KIA", None), ("Min. No In", None, None)],
        ),
        (
            "Yi Sun-sin (WIA), Won Gyun †, Kim (captured)",
            [("Yi Sun-sin", "WIA", None), ("Won Gyun", "KIA", None), ("Kim", "POW", None)],
        ),
        ("20px Yi Sun-sin<br/ >Won GyunKIA", [("Yi Sun-sin", None, None), ("Won Gyun", "KIA", None)]),
        ("Kim Si-min POW", [("Kim Si-min", "POW", None)]),
    ],
)
def test_commander_lists(value: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert [(e.name, e.fate, e.group) for e in parse_entries(value, people=True)] == expected


def test_a_sentence_after_a_name_is_its_note_and_a_footnote_alone_is_dropped() -> None:
    # Tannenberg (en.wikipedia.org): the footnote's text follows the name it is about
    read = parse_entries("Alexander Samsonov, Yakov Zhilinsky Not actually involved in the battle.", people=True)
    assert [(e.name, e.note) for e in read] == [
        ("Alexander Samsonov", None),
        ("Yakov Zhilinsky", "Not actually involved in the battle."),
    ]
    (marked,) = parse_entries("Kim Si-minKIA Later died of his wounds in the castle", people=True)
    assert (marked.name, marked.fate, marked.note) == ("Kim Si-min", "KIA", "Later died of his wounds in the castle")
    # a footnote spilled into the list, with no commander before it (dev2, Rạch Gầm-Xoài Mút)
    assert parse_entries("Ong Chiang Su derived from the Vietnamese word Ông thượng thư", people=True) == []
    assert parse_entries("According to some sources he was killed in the battle", people=True) == []


def test_labels_without_colons_are_known_from_the_side() -> None:
    entries = parse_entries("Korea, Yi Bok-nam, Ming, Yang Yuan", people=True, labels={"korea", "ming"})
    assert [(e.name, e.group) for e in entries] == [("Yi Bok-nam", "Korea"), ("Yang Yuan", "Ming")]


def test_roles_and_notes() -> None:
    entries = parse_entries(
        "Tokugawa Ieyasu: Overall commander, Oda Nobukatsu (defected to Tokugawa side), Honda TadatomoKIA", people=True
    )
    assert entries == [
        Entry("Tokugawa Ieyasu", role="Overall commander"),
        Entry("Oda Nobukatsu", note="defected to Tokugawa side"),
        Entry("Honda Tadatomo", fate="KIA"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Western Army: Forces loyal to Ishida Mitsunari", [("Western Army", None)]),
        ("Korea: Joseon Dynasty", [("Joseon Dynasty", "Korea")]),
        (
            "Radical Gaehwa Party, Supported by:, Empire of Japan",
            [("Radical Gaehwa Party", None), ("Empire of Japan", "Supported by")],
        ),
        ("Goguryeo, • East Turk Khaganate", [("Goguryeo", None), ("East Turk Khaganate", None)]),
        (
            "VOC Dutch East India Company, Chinese pirates",
            [("Dutch East India Company", None), ("Chinese pirates", None)],
        ),
        (
            "Paekche, Yamato (at the Battle of Baekgang), Goguryeo",
            [("Paekche", None), ("Yamato", None), ("Goguryeo", None)],
        ),
        (
            "Japanese living on Tsushima Island and in Korea, Sō clan",
            [("Japanese living on Tsushima Island and in Korea", None), ("Sō clan", None)],
        ),
    ],
)
def test_combatant_lists(value: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(e.name, e.group) for e in parse_entries(value, people=False)] == expected


def test_split_keeps_thousands_and_brackets() -> None:
    assert split_items("3,800 soldiers, ~350 killed (Korean estimate, likely including suicide)") == [
        "3,800 soldiers",
        "~350 killed (Korean estimate, likely including suicide)",
    ]


def test_clean_removes_residue_but_not_unknown_tags() -> None:
    assert clean("Kim<br/ >Yi [1] 20px (), •") == "Kim, Yi"
    assert "<script>" in clean("<script>alert(1)</script> Kim")
    assert clean("Wiman Chosŏn | ibox-order = ko1, zh") == "Wiman Chosŏn"


def test_fate_marks() -> None:
    assert split_fate("Kim Si-minKIA (died of wounds)") == ("Kim Si-min", "KIA", "died of wounds")
    assert split_fate("Yi (DOW)") == ("Yi", "DOW", None)
    assert split_fate("NAKIA") == ("NAKIA", None, None)  # capitals before the mark: part of the name


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("Ōta Kazuyoshi", "Ota Kazuyoshi", True),
        ("Gwak Jae-u", "Gwak Jae u", True),
        ("Gwak Jaeu", "Gwak Jae-u", False),
        ("Ota Kazuyosi", "Ōta Kazuyoshi", False),
        ("KIM SI-MIN", "Kim Si-min", True),
    ],
)
def test_fold(left: str, right: str, same: bool) -> None:
    assert (fold(left) == fold(right)) is same
