"""HTML pages of the published site: plain HTML and CSS, every text escaped, nothing fetched from elsewhere.

A resource's page lives at its IRI's path (``battle/siege-of-jinju-1592/index.html``)
with its data beside it (``battle/siege-of-jinju-1592.ttl``, ``.jsonld``, ``.nt``).
Links are relative and name ``index.html``, so the site works from any host, from a
sub-folder, and from the file system.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from pyoxigraph import Literal, NamedNode

from .._formats import FORMATS
from .._iris import ONTOLOGY
from .._queries import CannedQuery
from .._vocab import PREFIXES, RDFS, XSD
from .svg import Bar, SideFigures, Tie, TimelineEntry, commander_network, force_chart, war_timeline
from .view import View

BG = ONTOLOGY
PAGE_CLASSES = ("Battle", "Side", "Person", "War", "Place", "Belligerent")
CSS = """
:root { --ink: #1d2433; --muted: #5b6478; --line: #d9dde6; --accent: #2f5d9b; --paper: #fbfbfd; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--paper); }
header { background: var(--ink); color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; } header a:hover { text-decoration: underline; }
header .brand { font-weight: 700; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { margin: .6rem 0 .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); }
.iri { color: var(--muted); font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
.kind { color: var(--muted); }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { background: #eef1f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
.side { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1rem; }
.fate { font-size: .8rem; padding: 0 .3rem; border-radius: 3px; background: #f6d5d5; color: #7a1f1f; }
.victor { background: #dff0d8; color: #2d5a1f; font-size: .8rem; padding: 0 .3rem; border-radius: 3px; }
.data { color: var(--muted); font-size: .9rem; }
svg { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
nav.sort a { margin-right: .8rem; }
pre { background: #f3f4f8; padding: .6rem; overflow-x: auto; font-size: .85rem; }
form label { display: block; margin: .4rem 0; }
"""


def short(iri: str) -> str:
    """``bg:Battle`` for vocabulary IRIs; the IRI itself otherwise."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class Site:
    """Where pages link to: the data base IRI and the page's depth below the site root."""

    view: View

    def rel(self, node: str) -> str | None:
        """The site path of a resource (``battle/x``), or None when it has no page here."""
        base = self.view.base
        if not node.startswith(base):
            return None
        path = node[len(base) :]
        return path if path and not path.startswith(("/", ".")) and ".." not in path else None

    def href(self, node: str, root: str) -> str | None:
        path = self.rel(node)
        if path is None or not self._has_page(node):
            return None
        return f"{root}{path}/index.html"

    def _has_page(self, node: str) -> bool:
        return any(t.endswith(tuple("#" + c for c in PAGE_CLASSES)) for t in self.view.types(node))

    def link(self, node: str, root: str, text: str | None = None) -> str:
        label = escape(text if text is not None else self.view.label(node))
        href = self.href(node, root)
        return f'<a href="{escape(href)}">{label}</a>' if href else label

    def term(self, term: NamedNode | Literal, root: str) -> str:
        if isinstance(term, Literal):
            return _literal(term)
        value = term.value
        if value.startswith(BG):
            return f'<a href="{root}ontology.html#{escape(value[len(BG) :])}">{escape(short(value))}</a>'
        if self.href(value, root) is not None or value.startswith(self.view.base):
            return self.link(value, root)  # a part of a battle without a page of its own shows its name
        return f'<a href="{escape(value)}">{escape(value)}</a>'


def _literal(term: Literal) -> str:
    datatype = term.datatype.value
    if datatype == XSD.iri + "integer":
        try:
            return f"{int(term.value):,}"
        except ValueError:
            return escape(term.value)
    return escape(term.value)


def document(title: str, body: str, root: str, *, alternates: dict[str, str] | None = None) -> str:
    links = "".join(
        f'<link rel="alternate" type="{escape(kind)}" href="{escape(href)}">'
        for kind, href in (alternates or {}).items()
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} — battlegraph</title>"
        f'<link rel="stylesheet" href="{root}style.css">{links}</head><body>'
        f'<header><a class="brand" href="{root}index.html">battlegraph</a>'
        f'<a href="{root}index.html">battles</a><a href="{root}wars.html">wars</a>'
        f'<a href="{root}people.html">people</a><a href="{root}places.html">places</a>'
        f'<a href="{root}network.html">network</a>'
        f'<a href="{root}ontology.html">ontology</a><a href="{root}query.html">questions</a>'
        f'<a href="{root}void.ttl">dataset</a></header>'
        f"<main>{body}</main></body></html>\n"
    )


# ---------------------------------------------------------------------------
# Resource pages


def resource_page(site: Site, node: str) -> str:
    view = site.view
    path = site.rel(node) or ""
    depth = path.count("/") + 1
    root = "../" * depth
    name = path.rsplit("/", 1)[-1]
    kinds = [short(t) for t in view.types(node)]
    label = view.label(node)
    body = [
        f"<h1>{escape(label)}</h1>",
        f'<p class="iri">{escape(node)}</p>',
        f'<p class="kind">{escape(", ".join(kinds))}</p>',
    ]
    if BG + "Battle" in view.types(node):
        body.append(_battle(site, node, root))
    if BG + "Side" in view.types(node):
        body.append(_side_detail(site, node, root))
    if BG + "Person" in view.types(node):
        body.append(_person(site, node, root))
    if BG + "War" in view.types(node):
        body.append(_war(site, node, root))
    if BG + "Place" in view.types(node) or BG + "Belligerent" in view.types(node):
        body.append(_battles_pointing(site, node, root))
    body.append(_facts(site, node, root))
    body.append(
        f'<p class="data">This resource as data: <a href="../{escape(name)}.ttl">Turtle</a> · '
        f'<a href="../{escape(name)}.jsonld">JSON-LD</a> · <a href="../{escape(name)}.nt">N-Triples</a></p>'
    )
    alternates = {
        "text/turtle": f"../{name}.ttl",
        "application/ld+json": f"../{name}.jsonld",
        "application/n-triples": f"../{name}.nt",
    }
    return document(label, "".join(body), root, alternates=alternates)


def _facts(site: Site, node: str, root: str) -> str:
    view = site.view
    rows = defaultdict(list)
    for predicate, term in view.outgoing(node):
        rows[predicate].append(site.term(term, root))
    out = ["<h2>Facts</h2><table><tr><th>property</th><th>value</th></tr>"]
    for predicate in sorted(rows, key=short):
        out.append(f"<tr><td>{_property(predicate, root)}</td><td>{'<br>'.join(rows[predicate])}</td></tr>")
    out.append("</table>")
    incoming = view.incoming(node)
    if incoming:
        out.append("<h2>Referred to by</h2><table><tr><th>resource</th><th>property</th></tr>")
        for subject, predicate in incoming[:500]:
            out.append(f"<tr><td>{site.link(subject, root)}</td><td>{_property(predicate, root)}</td></tr>")
        if len(incoming) > 500:
            out.append(f"<tr><td colspan=2>… and {len(incoming) - 500:,} more</td></tr>")
        out.append("</table>")
    return "".join(out)


def _property(predicate: str, root: str) -> str:
    if predicate.startswith(BG):
        return f'<a href="{root}ontology.html#{escape(predicate[len(BG) :])}">{escape(short(predicate))}</a>'
    return escape(short(predicate))


@dataclass
class Figure:
    low: int | None
    high: int | None
    unit: str
    category: str
    text: str
    variant: str
    group: str | None
    part: bool


def figures(view: View, side: str, prop: str) -> list[Figure]:
    out = []
    for quantity in view.iris(side, BG + prop):
        category = view.value(quantity, BG + "category")
        out.append(
            Figure(
                low=view.integer(quantity, BG + "minValue"),
                high=view.integer(quantity, BG + "maxValue"),
                unit=view.text(quantity, BG + "unit") or "",
                category=category.value.rsplit("#", 1)[-1] if isinstance(category, NamedNode) else "",
                text=view.text(quantity, BG + "sourceText") or "",
                variant=view.text(quantity, BG + "qualifier") or view.text(quantity, BG + "attributedTo") or "",
                group=view.text(quantity, BG + "group"),
                part=bool(view.iris(quantity, BG + "subsetOf")) or view.text(quantity, BG + "isTotal") == "true",
            )
        )
    return out


def derived(view: View, side: str, prop: str) -> list[tuple[str, int | None, int | None]]:
    """The side's build-time totals (bg:personnel, bg:casualtyTotal): category, low, high."""
    out = []
    for node in view.iris(side, BG + prop):
        category = view.value(node, BG + "category")
        name = category.value.rsplit("#", 1)[-1] if isinstance(category, NamedNode) else ""
        out.append((name, view.integer(node, BG + "minValue"), view.integer(node, BG + "maxValue")))
    return sorted(out, key=lambda found: found[0])


def personnel(view: View, side: str) -> tuple[int | None, int | None]:
    """A side's personnel, low and high, as the build derived it (bg:personnel)."""
    found = derived(view, side, "personnel")
    return (found[0][1], found[0][2]) if found else (None, None)


def _sides(view: View, battle: str) -> list[str]:
    return sorted(view.iris(battle, BG + "side"), key=lambda s: view.integer(s, BG + "sideNumber") or 0)


def side_name(view: View, side: str) -> str:
    names = [view.label(b) for b in view.iris(side, BG + "combatant")]
    number = view.integer(side, BG + "sideNumber")
    return view.text(side, BG + "combatantNames") or (", ".join(names) if names else f"side {number}")


def chart(view: View, battle: str) -> str:
    sides = []
    for side in _sides(view, battle):
        low, high = personnel(view, side)
        parts = []
        for contingent in view.iris(side, BG + "contingent"):
            size = view.value(contingent, BG + "size")
            if isinstance(size, NamedNode):
                count = view.integer(size.value, BG + "minValue")
                if count:
                    leaders = view.text(contingent, BG + "leaderNames") or ", ".join(
                        view.label(p) for p in view.iris(contingent, BG + "ledBy")
                    )
                    parts.append((leaders, count))
        strength = Bar("personnel", low, high, parts) if (low is not None or parts) else None
        if strength is not None and parts and low is None:
            strength.low = sum(size for _, size in parts)
        casualties = [
            Bar(_category_label(category), low_ or None, high_ or None)
            for category, low_, high_ in derived(view, side, "casualtyTotal")
        ]
        sides.append(SideFigures(side_name(view, side), strength, casualties))
    return force_chart(view.label(battle), sides)


def _category_label(category: str) -> str:
    return {"CasualtiesUnspecified": "casualties", "ShipsLost": "ships lost", "ShipsDamaged": "ships damaged",
            "OtherQuantity": "other losses"}.get(category, category.lower())  # fmt: skip


def _battle(site: Site, battle: str, root: str) -> str:
    view = site.view
    out = ['<table class="summary">']
    for label, prop in (("Conflict", "conflictName"), ("Date", "dateText"), ("Result", "result")):
        value = view.text(battle, BG + prop)
        if value:
            out.append(f"<tr><th>{label}</th><td>{escape(value)}</td></tr>")
    for label, prop in (("Part of", "partOf"), ("Place", "place")):
        targets = view.iris(battle, BG + prop)
        if targets:
            out.append(f"<tr><th>{label}</th><td>{', '.join(site.link(t, root) for t in targets)}</td></tr>")
    out.append("</table>")
    out.append("<h2>Forces</h2>" + chart(view, battle))
    victor = view.iris(battle, BG + "victor")
    out.append('<h2>Sides</h2><div class="sides">')
    for side in _sides(view, battle):
        won = ' <span class="victor">victor</span>' if side in victor else ""
        out.append(f'<section class="side"><h3>{site.link(side, root, side_name(view, side))}{won}</h3>')
        out.append(_side_body(site, side, root))
        out.append("</section>")
    out.append("</div>")
    return "".join(out)


def _side_body(site: Site, side: str, root: str) -> str:
    view = site.view
    out = []
    roles = view.iris(side, BG + "commanderRole")
    if roles:
        out.append("<h4>Commanders</h4><ul>")
        for role in roles:
            person = view.value(role, BG + "person")
            fate = view.value(role, BG + "fate")
            group = view.text(role, BG + "group")
            name = site.link(person.value, root) if isinstance(person, NamedNode) else "?"
            mark = f' <span class="fate">{escape(view.label(fate.value))}</span>' if isinstance(fate, NamedNode) else ""
            under = f' <span class="kind">({escape(group)})</span>' if group else ""
            out.append(f"<li>{name}{mark}{under}</li>")
        out.append("</ul>")
    for title, prop in (("Strength", "strength"), ("Casualties", "casualties"), ("Stated totals", "statedTotal")):
        rows = figures(view, side, prop)
        if rows:
            out.append(
                f"<h4>{title}</h4><table><tr><th>as written</th><th class=num>min</th>"
                "<th class=num>max</th><th>unit</th></tr>"
            )
            for figure in rows:
                out.append(
                    f"<tr><td>{escape(figure.text)}</td><td class=num>{_n(figure.low)}</td>"
                    f"<td class=num>{_n(figure.high)}</td><td>{escape(figure.unit)}</td></tr>"
                )
            out.append("</table>")
    contingents = view.iris(side, BG + "contingent")
    if contingents:
        out.append("<h4>Order of battle</h4><table><tr><th>led by</th><th class=num>size</th></tr>")
        for contingent in contingents:
            leaders = ", ".join(site.link(p, root) for p in view.iris(contingent, BG + "ledBy"))
            size = view.value(contingent, BG + "size")
            count = view.integer(size.value, BG + "minValue") if isinstance(size, NamedNode) else None
            unit = view.text(size.value, BG + "unit") if isinstance(size, NamedNode) else ""
            out.append(f"<tr><td>{leaders}</td><td class=num>{_n(count)} {escape(unit or '')}</td></tr>")
        out.append("</table>")
    return "".join(out)


def _side_detail(site: Site, side: str, root: str) -> str:
    view = site.view
    battles = view.subjects(BG + "side", NamedNode(side))
    lead = "".join(f"<p>A side of {site.link(b, root)}.</p>" for b in battles)
    return lead + _side_body(site, side, root)


def _n(value: int | None) -> str:
    return f"{value:,}" if value is not None else ""


def _person(site: Site, person: str, root: str) -> str:
    view = site.view
    rows = []
    for role in view.subjects(BG + "person", NamedNode(person)):
        for side in view.subjects(BG + "commanderRole", NamedNode(role)):
            for battle in view.subjects(BG + "side", NamedNode(side)):
                fate = view.value(role, BG + "fate")
                victor = view.iris(battle, BG + "victor")
                outcome = "unclear" if not victor else ("won" if side in victor else "lost")
                start = view.text(battle, BG + "startDate") or ""
                rows.append((start, battle, side, fate, outcome))
    for contingent in view.subjects(BG + "ledBy", NamedNode(person)):
        for side in view.subjects(BG + "contingent", NamedNode(contingent)):
            for battle in view.subjects(BG + "side", NamedNode(side)):
                if not any(r[1] == battle for r in rows):
                    rows.append((view.text(battle, BG + "startDate") or "", battle, side, None, "led a contingent"))
    if not rows:
        return ""
    out = ["<h2>Battles</h2><table><tr><th>date</th><th>battle</th><th>side</th><th>fate</th><th>outcome</th></tr>"]
    for start, battle, side, fate, outcome in sorted(rows):
        fate_text = escape(view.label(fate.value)) if isinstance(fate, NamedNode) else ""
        out.append(
            f"<tr><td>{escape(start)}</td><td>{site.link(battle, root)}</td>"
            f"<td>{site.link(side, root, side_name(view, side))}</td><td>{fate_text}</td>"
            f"<td>{escape(outcome)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _year(lexical: str | None, end: bool = False) -> float | None:
    if not lexical:
        return None
    sign = -1 if lexical.startswith("-") else 1
    parts = lexical.lstrip("-").split("-")
    try:
        year = sign * int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        day = int(parts[2][:2]) if len(parts) > 2 else (28 if end else 1)
    except ValueError:
        return None
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline(site: Site, war: str, root: str) -> str:
    view = site.view
    entries = []
    for battle in view.subjects(BG + "partOf", NamedNode(war)):
        start = _year(view.text(battle, BG + "startDate"))
        end = _year(view.text(battle, BG + "endDate"), end=True)
        if start is None:
            continue
        victor = view.iris(battle, BG + "victor")
        entries.append(
            TimelineEntry(
                view.label(battle),
                start,
                end if end is not None else start,
                side_name(view, victor[0]) if victor else None,
                site.href(battle, root),
            )
        )
    entries.sort(key=lambda e: (e.start, e.label))
    return war_timeline(view.label(war), entries)


def _war(site: Site, war: str, root: str) -> str:
    view = site.view
    battles = view.subjects(BG + "partOf", NamedNode(war))
    rows = sorted((view.text(b, BG + "startDate") or "", view.label(b), b) for b in battles)
    out = [
        f"<h2>Timeline</h2>{timeline(site, war, root)}",
        "<h2>Battles</h2><table><tr><th>date</th><th>battle</th><th>result</th></tr>",
    ]
    for start, _, battle in rows:
        out.append(
            f"<tr><td>{escape(start)}</td><td>{site.link(battle, root)}</td>"
            f"<td>{escape(view.text(battle, BG + 'result') or '')}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _battles_pointing(site: Site, node: str, root: str) -> str:
    view = site.view
    battles = set(view.subjects(BG + "place", NamedNode(node)))
    for side in view.subjects(BG + "combatant", NamedNode(node)):
        battles.update(view.subjects(BG + "side", NamedNode(side)))
    if not battles:
        return ""
    items = sorted((view.text(b, BG + "startDate") or "", view.label(b), b) for b in battles)
    return "<h2>Battles</h2><ul>" + "".join(f"<li>{escape(s)} {site.link(b, root)}</li>" for s, _, b in items) + "</ul>"


# ---------------------------------------------------------------------------
# Index pages


@dataclass
class BattleRow:
    node: str
    title: str
    start: str
    war: str
    place: str
    result: str
    size: int | None


def battle_rows(site: Site) -> list[BattleRow]:
    view = site.view
    rows = []
    for battle in view.instances("Battle"):
        sizes = [personnel(view, side)[1] for side in _sides(view, battle)]
        known = [s for s in sizes if s is not None]
        wars = [view.label(w) for w in view.iris(battle, BG + "partOf")]
        places = [view.label(p) for p in view.iris(battle, BG + "place")]
        rows.append(
            BattleRow(
                battle,
                view.label(battle),
                view.text(battle, BG + "startDate") or "",
                ", ".join(wars),
                ", ".join(places),
                view.text(battle, BG + "result") or "",
                sum(known) if known else None,
            )
        )
    return rows


SORTS = {
    "index.html": ("date", lambda r: (_year(r.start) is None, _year(r.start) or 0, r.title)),
    "index-by-war.html": ("war", lambda r: (r.war == "", r.war, _year(r.start) or 0, r.title)),
    "index-by-size.html": ("size", lambda r: (r.size is None, -(r.size or 0), r.title)),
}


def index_page(site: Site, rows: Sequence[BattleRow], file: str, dumps: Sequence[str] = ()) -> str:
    order, key = SORTS[file]
    nav = " ".join(
        f'<a href="{name}"{" aria-current=page" if name == file else ""}>by {label}</a>'
        for name, (label, _) in SORTS.items()
    )
    out = [
        f"<h1>Battles</h1><p>{len(rows):,} battles, sorted by {order}.</p>",
        f'<nav class="sort">Sort: {nav}</nav>',
        "<table><tr><th>date</th><th>battle</th><th>war</th><th>place</th><th>result</th>"
        "<th class=num>soldiers (all sides)</th></tr>",
    ]
    for row in sorted(rows, key=key):
        out.append(
            f"<tr><td>{escape(row.start)}</td><td>{site.link(row.node, '')}</td><td>{escape(row.war)}</td>"
            f"<td>{escape(row.place)}</td><td>{escape(row.result)}</td><td class=num>{_n(row.size)}</td></tr>"
        )
    out.append("</table>")
    labels = {f.file: f.label for f in FORMATS.values()}
    links = [f'<a href="dumps/{escape(name)}">{escape(labels.get(name, name))}</a>' for name in dumps]
    links.append('<a href="void.ttl">dataset description (VoID, DCAT)</a>')
    out.append(f'<p class="data">Everything as data: {" · ".join(links)}</p>')
    return document("Battles", "".join(out), "")


def list_page(site: Site, local: str, title: str) -> str:
    view = site.view
    nodes = sorted(view.instances(local), key=lambda n: view.label(n).casefold())
    items = "".join(f"<li>{site.link(node, '')}</li>" for node in nodes)
    return document(title, f"<h1>{escape(title)}</h1><p>{len(nodes):,}.</p><ul>{items}</ul>", "")


def network_page(site: Site, limit: int = 60) -> str:
    view = site.view
    weights: dict[tuple[str, str, bool], int] = defaultdict(int)
    degree: dict[str, int] = defaultdict(int)
    for battle in view.instances("Battle"):
        people_by_side = [
            sorted({p for role in view.iris(side, BG + "commanderRole") for p in view.iris(role, BG + "person")})
            for side in _sides(view, battle)
        ]
        for index, group in enumerate(people_by_side):
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    weights[(a, b, True)] += 1
                for other in people_by_side[index + 1 :]:
                    for b in other:
                        weights[(min(a, b), max(a, b), False)] += 1
    for (a, b, _), weight in weights.items():
        degree[a] += weight
        degree[b] += weight
    chosen = set(sorted(degree, key=lambda n: (-degree[n], n))[:limit])
    ties = [Tie(a, b, allied, w) for (a, b, allied), w in sorted(weights.items()) if a in chosen and b in chosen]
    names = {n: view.label(n) for n in chosen}
    hrefs = {n: href for n in chosen if (href := site.href(n, "")) is not None}
    picture = commander_network(names, ties, hrefs)
    text = (
        f"<h1>Commander network</h1><p>The {len(chosen)} people with the most ties: a green line joins two who "
        "commanded on the same side of a battle, a red line two who commanded against each other.</p>"
    )
    return document("Commander network", text + picture, "")


def ontology_page(site: Site) -> str:
    view = site.view
    out = ["<h1>The battlegraph ontology</h1>"]
    ontology = "https://w3id.org/battlegraph/ontology"
    description = view.text(ontology, "http://purl.org/dc/terms/description")
    if description:
        out.append(f"<p>{escape(description)}</p>")
    version = view.text(ontology, "http://www.w3.org/2002/07/owl#versionInfo") or ""
    out.append(f'<p class="iri">{escape(ontology)} · version {escape(version)}</p>')
    for title, kind in (
        ("Classes", "http://www.w3.org/2002/07/owl#Class"),
        ("Object properties", "http://www.w3.org/2002/07/owl#ObjectProperty"),
        ("Datatype properties", "http://www.w3.org/2002/07/owl#DatatypeProperty"),
        ("Concepts", "http://www.w3.org/2004/02/skos/core#Concept"),
    ):
        terms = [
            t
            for t in view.subjects("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NamedNode(kind))
            if t.startswith(BG)
        ]
        out.append(
            f"<h2>{title}</h2><table><tr><th>term</th><th>meaning</th><th>domain → range</th><th>aligned with</th></tr>"
        )
        for term in sorted(terms):
            local = term[len(BG) :]
            comment = view.text(term, RDFS.iri + "comment") or ""
            domain = ", ".join(short(d) for d in view.iris(term, RDFS.iri + "domain"))
            range_ = ", ".join(short(r) for r in view.iris(term, RDFS.iri + "range"))
            aligned = ", ".join(
                short(a)
                for prop in (RDFS.iri + "subClassOf", RDFS.iri + "subPropertyOf", "http://www.w3.org/2004/02/skos/core#closeMatch",
                             "http://www.w3.org/2004/02/skos/core#broader")
                for a in view.iris(term, prop)
            )  # fmt: skip
            arrow = f"{escape(domain)} → {escape(range_)}" if domain or range_ else ""
            out.append(
                f'<tr id="{escape(local)}"><td><b>bg:{escape(local)}</b><br>{escape(view.label(term))}</td>'
                f"<td>{escape(comment)}</td><td>{arrow}</td><td>{escape(aligned)}</td></tr>"
            )
        out.append("</table>")
    return document("Ontology", "".join(out), "")


def query_page(queries: Iterable[CannedQuery], *, live: bool) -> str:
    out = ["<h1>Questions</h1>"]
    if not live:
        out.append(
            "<p>Run <code>battlegraph serve</code> beside this site to ask these questions from the browser; "
            "here is what each one asks, in SPARQL.</p>"
        )
    for query in queries:
        name = escape(query.name)
        out.append(f'<h2 id="{name}">{escape(query.title)}</h2><p>{escape(query.description)}</p>')
        if live:
            fields = "".join(
                f'<label>{escape(p.name)} <input name="{escape(p.name)}" value="{escape(p.default or "")}"></label>'
                for p in query.params
            )
            out.append(
                f'<form action="query.html" method="get"><input type="hidden" name="name" value="{name}">'
                f"{fields}<button>Ask</button></form>"
            )
        else:
            out.append(f"<pre>{escape(query.text)}</pre>")
    return document("Questions", "".join(out), "")


def answer_page(title: str, variables: Sequence[str], rows: Sequence[Sequence[str]], error: str | None = None) -> str:
    out = [f"<h1>{escape(title)}</h1>", '<p><a href="query.html">all questions</a></p>']
    if error:
        out.append(f"<p><b>Could not answer:</b> {escape(error)}</p>")
    else:
        out.append("<table><tr>" + "".join(f"<th>{escape(v)}</th>" for v in variables) + "</tr>")
        for row in rows:
            out.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
        out.append(f"</table><p>{len(rows):,} rows.</p>")
    return document(title, "".join(out), "")
