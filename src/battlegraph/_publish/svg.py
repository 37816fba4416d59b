"""Pictures drawn by battlegraph itself, as SVG: no library, no script, no external font.

- :func:`force_chart`: per battle, each side's strength and casualties as bars;
  a bound the text leaves open or a range shows as a lighter extension, and the
  contingents of an order of battle are stacked inside the strength bar.
- :func:`war_timeline`: a war's battles along the years, coloured by victor.
- :func:`commander_network`: who fought beside (green) or against (red) whom.

Every text is escaped; every picture has a <title> and <desc> for screen readers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

PALETTE = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#76b7b2", "#b07aa1", "#edc948", "#9c755f", "#ff9da7")
UNDECIDED = "#9a9a9a"
FONT = 'font-family="system-ui, -apple-system, \'Segoe UI\', sans-serif" font-size="12"'


@dataclass
class Bar:
    """One figure: a label, low and high bounds (either may be None), and stacked parts."""

    label: str
    low: int | None
    high: int | None
    parts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class SideFigures:
    name: str
    strength: Bar | None
    casualties: list[Bar]


def _number(value: int) -> str:
    return f"{value:,}"


def _range_text(bar: Bar) -> str:
    if bar.low is not None and bar.high is not None:
        return _number(bar.low) if bar.low == bar.high else f"{_number(bar.low)}–{_number(bar.high)}"
    if bar.low is not None:
        return f"{_number(bar.low)}+"
    if bar.high is not None:
        return f"fewer than {_number(bar.high)}"
    return "unknown"


def force_chart(title: str, sides: Sequence[SideFigures], width: int = 640) -> str:
    """Each side's personnel strength and casualties as horizontal bars on one scale."""
    bars = [bar for side in sides for bar in ([side.strength] if side.strength else []) + side.casualties]
    scale_max = max((max(b.low or 0, b.high or 0) for b in bars), default=0) or 1
    left, right, row, gap = 150, 110, 22, 10
    usable = width - left - right
    lines: list[str] = []
    y = 30
    for index, side in enumerate(sides):
        colour = PALETTE[index % len(PALETTE)]
        lines.append(f'<text x="8" y="{y + 14}" font-weight="bold">{escape(_clip(side.name, 80))}</text>')
        y += row
        rows = ([("strength", side.strength)] if side.strength else []) + [("", c) for c in side.casualties]
        if not rows:
            lines.append(f'<text x="{left}" y="{y + 14}" fill="#666">no figures</text>')
            y += row
        for kind, bar in rows:
            lines.append(_bar(bar, kind, colour, left, y, usable, scale_max))
            y += row
        y += gap
    height = y + 10
    summary = "; ".join(
        f"{side.name}: strength {_range_text(side.strength) if side.strength else 'unknown'}" for side in sides
    )
    return (
        f'<svg class="force-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="fc-title fc-desc" {FONT}>'
        f'<title id="fc-title">Forces at {escape(title)}</title><desc id="fc-desc">{escape(summary)}</desc>'
        f'<text x="8" y="16" fill="#444">strength and casualties, one scale (0 – {_number(scale_max)})</text>'
        + "".join(lines)
        + "</svg>"
    )


def _bar(bar: Bar, kind: str, colour: str, left: int, y: int, usable: int, scale_max: int) -> str:
    def x(value: int) -> float:
        return left + usable * value / scale_max

    low = bar.low if bar.low is not None else 0
    high = bar.high if bar.high is not None else None
    casualty = kind != "strength"
    fill = "#7f7f7f" if casualty else colour
    parts = [f'<g class="bar{" casualties" if casualty else " strength"}">']
    caption = f"{bar.label}: {_range_text(bar)}"
    parts.append(f"<title>{escape(caption)}</title>")
    parts.append(
        f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="#333">{escape(_clip(bar.label, 18))}</text>'
    )
    solid = x(low) - left
    if bar.parts and not casualty:
        # the side's stated strength as a pale bar, its contingents stacked on it
        parts.append(
            f'<rect class="stated" x="{left}" y="{y + 3}" width="{max(solid, 0.5):.1f}" height="14" '
            f'fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-opacity="0.5"/>'
        )
        offset = 0
        for number, (name, size) in enumerate(bar.parts):
            shade = 0.55 + 0.45 * (number % 2)
            start, length = x(offset), max(usable * size / scale_max, 0.5)
            parts.append(
                f'<rect class="contingent" x="{start:.1f}" y="{y + 3}" width="{length:.1f}" height="14" '
                f'fill="{colour}" fill-opacity="{shade:.2f}" stroke="#fff" stroke-width="0.5">'
                f"<title>{escape(name)}: {_number(size)}</title></rect>"
            )
            offset += size
        solid = max(solid, x(offset) - left)
    else:
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{max(solid, 0.5):.1f}" height="14" fill="{fill}"/>')
    if high is not None and high > low:
        parts.append(
            f'<rect class="range" x="{x(low):.1f}" y="{y + 3}" width="{x(high) - x(low):.1f}" height="14" '
            f'fill="{fill}" fill-opacity="0.3" stroke="{fill}" stroke-dasharray="3 2"/>'
        )
    elif bar.high is None and bar.low is not None:
        end = x(low)
        parts.append(f'<path d="M{end:.1f},{y + 10} l12,0 m-4,-4 l4,4 l-4,4" stroke="{fill}" fill="none"/>')
    reach = x(high) if high is not None else x(low) + (14 if bar.high is None and bar.low is not None else 0)
    parts.append(f'<text x="{reach + 6:.1f}" y="{y + 14}" fill="#333">{escape(_range_text(bar))}</text>')
    parts.append("</g>")
    return "".join(parts)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class TimelineEntry:
    label: str
    start: float  # fractional year
    end: float
    victor: str | None
    href: str | None = None


def war_timeline(war: str, entries: Sequence[TimelineEntry], width: int = 720) -> str:
    """A war's battles along the years, one row each, coloured by who won."""
    if not entries:
        return ""
    first = math.floor(min(e.start for e in entries))
    last = math.ceil(max(e.end for e in entries)) + (1 if max(e.end for e in entries) == first else 0)
    span = max(last - first, 1)
    left, right, row = 230, 20, 20
    usable = width - left - right
    colours: dict[str, str] = {}
    for entry in entries:
        if entry.victor and entry.victor not in colours:
            colours[entry.victor] = PALETTE[len(colours) % len(PALETTE)]
    height = 40 + row * len(entries) + 20 * (len(colours) + 1)
    out = []
    step = max(1, round(span / 8))
    for year in range(first, last + 1, step):
        x = left + usable * (year - first) / span
        out.append(f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{30 + row * len(entries)}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="18" text-anchor="middle" fill="#555">{year}</text>')
    for index, entry in enumerate(entries):
        y = 30 + row * index
        colour = colours.get(entry.victor or "", UNDECIDED)
        x0 = left + usable * (entry.start - first) / span
        x1 = max(left + usable * (entry.end - first) / span, x0 + 4)
        label = escape(_clip(entry.label, 34))
        text = f'<a href="{escape(entry.href)}">{label}</a>' if entry.href else label
        out.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{text}</text>')
        out.append(
            f'<rect x="{x0:.1f}" y="{y + 3}" width="{x1 - x0:.1f}" height="13" rx="2" fill="{colour}">'
            f"<title>{escape(entry.label)}: {escape(entry.victor or 'no clear victor')}</title></rect>"
        )
    y = 40 + row * len(entries)
    for name, colour in [*colours.items(), ("no clear victor", UNDECIDED)]:
        out.append(f'<rect x="{left}" y="{y}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{left + 18}" y="{y + 11}">{escape(name)}</text>')
        y += 20
    return (
        f'<svg class="war-timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Timeline of {escape(war)}" {FONT}>'
        f"<title>Timeline of {escape(war)}</title>" + "".join(out) + "</svg>"
    )


@dataclass(frozen=True)
class Tie:
    first: str
    second: str
    allied: bool  # the same side (True) or opposite sides (False) of a battle
    weight: int


def commander_network(names: dict[str, str], ties: Sequence[Tie], hrefs: dict[str, str], size: int = 720) -> str:
    """People as dots, ties as lines: green for the same side, red for opposite sides. Layout is seeded."""
    nodes = sorted(names)
    if not nodes:
        return ""
    positions = _layout(nodes, ties, seed=1592)
    margin = 40
    scale = size - 2 * margin

    def point(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return margin + x * scale, margin + y * scale

    out = []
    for tie in sorted(ties, key=lambda t: (t.allied, t.first, t.second)):
        (x1, y1), (x2, y2) = point(tie.first), point(tie.second)
        colour = "#59a14f" if tie.allied else "#e15759"
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-opacity="0.45" stroke-width="{min(1 + tie.weight, 5)}"/>'
        )
    for node in nodes:
        x, y = point(node)
        label = escape(names[node])
        circle = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#4e79a7"><title>{label}</title></circle>'
        text = f'<text x="{x + 7:.1f}" y="{y + 4:.1f}" font-size="10">{label}</text>'
        href = hrefs.get(node)
        out.append(f'<a href="{escape(href)}">{circle}{text}</a>' if href else circle + text)
    return (
        f'<svg class="commander-network" xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="Commander network" {FONT}>'
        "<title>Who fought beside (green) or against (red) whom</title>" + "".join(out) + "</svg>"
    )


def _layout(nodes: list[str], ties: Sequence[Tie], seed: int, rounds: int = 150) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold in the unit square, from a seeded start: the same graph gives the same picture."""
    rng = random.Random(seed)
    position = {n: [rng.random(), rng.random()] for n in nodes}
    k = math.sqrt(1.0 / max(len(nodes), 1))
    temperature = 0.1
    for _ in range(rounds):
        shift = {n: [0.0, 0.0] for n in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = position[a][0] - position[b][0], position[a][1] - position[b][1]
                distance = math.hypot(dx, dy) or 1e-6
                force = k * k / distance
                shift[a][0] += dx / distance * force
                shift[a][1] += dy / distance * force
                shift[b][0] -= dx / distance * force
                shift[b][1] -= dy / distance * force
        for tie in ties:
            a, b = tie.first, tie.second
            dx, dy = position[a][0] - position[b][0], position[a][1] - position[b][1]
            distance = math.hypot(dx, dy) or 1e-6
            force = distance * distance / k * (1.0 if tie.allied else 0.5)
            shift[a][0] -= dx / distance * force
            shift[a][1] -= dy / distance * force
            shift[b][0] += dx / distance * force
            shift[b][1] += dy / distance * force
        for n in nodes:
            dx, dy = shift[n]
            length = math.hypot(dx, dy) or 1e-6
            position[n][0] = min(1.0, max(0.0, position[n][0] + dx / length * min(length, temperature)))
            position[n][1] = min(1.0, max(0.0, position[n][1] + dy / length * min(length, temperature)))
        temperature *= 0.97
    return {n: (p[0], p[1]) for n, p in position.items()}
