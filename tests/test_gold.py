"""Every shared corpus scored field by field against its gold facts: a regression in one kind shows at once.

The corpora are copied into tests/data: the two seed articles and the twenty of the
first dev corpus (``articles/``), the twenty-four of the second, from every continent
and era (``dev2/``), and five real Wikipedia pages as wikitext (``wikitext/pages``) and
as one XML dump (``wikitext/dump``). The gold files say what a correct extractor reads
(schema in tests/data/README.md); items the gold marks ``total``, ``subitem`` or
``alternative`` are optional, as the shared evaluator has them: found they count,
missing they cost nothing. Each (corpus, field) pair is one test, and its failure lists
what was missed and what came unexpected.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from battlegraph._article import read_article
from battlegraph._errors import NotABattleError
from battlegraph._extraction import extract
from battlegraph._model import Battle, Figure
from battlegraph._sources import dump_pages
from battlegraph._wikitext import parse_wikitext

from .conftest import ARTICLES, DATA, GOLD, SEEDS

CATEGORY = {
    "Personnel": "personnel", "Ships": "ships", "Equipment": "equipment", "Killed": "killed",
    "Wounded": "wounded", "Captured": "captured", "CasualtiesUnspecified": "casualties",
    "ShipsLost": "ships_lost", "ShipsDamaged": "ships_damaged", "OtherQuantity": "other",
}  # fmt: skip
FIELDS = (
    "battle", "conflict", "part_of", "dates", "place", "result", "sides",
    "combatants", "commanders", "strength", "casualties", "contingents",
)  # fmt: skip


def norm(text: str | None) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFC", str(text)).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip(" ,;|").casefold()
    return re.sub(r"^the ", "", text)


def astronomical(gold: str | None) -> str | None:
    """Gold writes 109 BCE as -0109; battlegraph uses XSD 1.1 years, where it is -0108."""
    if gold is None or not gold.startswith("-"):
        return gold
    year, rest = int(gold[1:5]), gold[5:]
    return f"-{year - 1:04d}{rest}" if year > 1 else f"0000{rest}"


@dataclass
class Score:
    missed: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)

    def compare(
        self, article: str, gold: Counter[Any], got: Counter[Any], optional: Counter[Any] | None = None
    ) -> None:
        optional = optional or Counter()
        for item, count in (gold - got).items():
            self.missed[f"{article}: {item}"] += count
        for item, count in (got - gold - optional).items():
            self.unexpected[f"{article}: {item}"] += count


def _names(name: str, aliases: tuple[str, ...], wanted: set[str | None]) -> str | None:
    """The name gold expects among a resource's name and other names, as the evaluator picks it."""
    forms = [norm(name), *(norm(a) for a in aliases)]
    return next((f for f in forms if f in wanted), forms[0])


def _figures(figures: tuple[Figure, ...]) -> Counter[tuple[Any, ...]]:
    return Counter((f.value.min, f.value.max, CATEGORY[f.value.category]) for f in figures if f.value.bounded)


def score_article(battle: Battle | None, gold: dict[str, Any], scores: dict[str, Score]) -> None:
    title = gold["title"]
    expected = gold.get("has_conflict_infobox", True)
    scores["battle"].compare(
        title, Counter([norm(title)] if expected else []), Counter([norm(title)] if battle else [])
    )
    if battle is None or not expected:
        return
    single = {
        "conflict": (gold.get("conflict"), battle.conflict_name),
        "part_of": (gold.get("part_of"), battle.wars[0] if battle.wars else None),
        "place": (gold.get("place"), battle.place),
        "result": (gold.get("result"), battle.result),
    }
    for name, (wanted, found) in single.items():
        if name == "conflict" and not wanted:
            continue
        scores[name].compare(title, Counter([norm(wanted)] if wanted else []), Counter([norm(found)] if found else []))
    dates = Counter([astronomical(gold.get("start_date")), astronomical(gold.get("end_date"))]) - Counter([None])
    got_dates = Counter([battle.start.lexical if battle.start else None, battle.end.lexical if battle.end else None])
    scores["dates"].compare(title, dates, got_dates - Counter([None]))
    sides = gold.get("sides", [])
    scores["sides"].compare(title, Counter(range(1, len(sides) + 1)), Counter(s.number for s in battle.sides))
    for number, want in enumerate(sides, start=1):
        side = battle.side(number)
        where = f"{title} side {number}"
        combatants = {norm(c) for c in want.get("combatants", [])}
        commanders = {norm(c["name"]) for c in want.get("commanders", [])}
        got_combatants = (
            Counter(_names(b.name, b.aliases, combatants) for b in side.belligerents) if side else Counter()
        )
        got_commanders = (
            Counter((_names(c.name, c.aliases, commanders), c.fate == "KIA") for c in side.commanders)
            if side
            else Counter()
        )
        scores["combatants"].compare(where, Counter(norm(c) for c in want.get("combatants", [])), got_combatants)
        scores["commanders"].compare(
            where, Counter((norm(c["name"]), bool(c.get("kia"))) for c in want.get("commanders", [])), got_commanders
        )
        for kind, figures in (
            ("strength", side.strengths if side else ()),
            ("casualties", side.casualties if side else ()),
        ):
            required: Counter[tuple[Any, ...]] = Counter()
            optional: Counter[tuple[Any, ...]] = Counter()
            for item in want.get(kind, []):
                if item.get("qualitative") or (item.get("min") is None and item.get("max") is None):
                    continue
                key = (item.get("min"), item.get("max"), item.get("category", "other"))
                soft = item.get("total") or item.get("subitem") or item.get("alternative")
                (optional if soft else required)[key] += 1
            got_figures = _figures(figures)
            scores[kind].compare(where, required + (optional & got_figures), got_figures, optional)
    contingents = Counter(
        (c["side"], frozenset(norm(x) for x in c["commanders"]), c["count"]) for c in gold.get("contingents", [])
    )
    got_contingents = Counter(
        (side.number, frozenset(norm(n) for n in c.leaders), c.size.value.min)
        for side in battle.sides
        for c in side.contingents
    )
    scores["contingents"].compare(title, contingents, got_contingents)


def _plain(folder: Path, names: set[str] | None = None) -> Iterator[tuple[Path, Battle | None]]:
    for path in sorted(folder.glob("*.txt")):
        if names is not None and path.stem not in names:
            continue
        try:
            yield path, extract(read_article(path)).battle
        except NotABattleError:
            yield path, None


def _wikitext_pages() -> dict[str, Battle | None]:
    out: dict[str, Battle | None] = {}
    for path in sorted((DATA / "wikitext" / "pages").glob("*.wiki")):
        battle = extract(parse_wikitext(path.read_bytes(), str(path))).battle
        out[battle.title] = battle
    return out


def _wikitext_dump() -> dict[str, Battle | None]:
    out: dict[str, Battle | None] = {}
    for document in dump_pages(DATA / "wikitext" / "dump" / "dev-pages-articles.xml.bz2"):
        assert not isinstance(document, Exception), document
        battle = extract(parse_wikitext(document.data, document.name, document.title)).battle
        out[battle.title] = battle
    return out


@cache
def corpus_scores(corpus: str) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    if corpus in ("seeds", "dev"):
        names = set(SEEDS) if corpus == "seeds" else {p.stem for p in GOLD.glob("*.json")} - set(SEEDS)
        for path, battle in _plain(ARTICLES, names):
            score_article(battle, json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8")), scores)
    elif corpus in ("dev2", "sweep"):
        for path, battle in _plain(DATA / corpus / "articles"):
            gold = json.loads((DATA / corpus / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
            score_article(battle, gold, scores)
    else:
        battles = _wikitext_pages() if corpus == "wikitext" else _wikitext_dump()
        for gold_path in sorted((DATA / "wikitext" / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            score_article(battles.get(gold["title"]), gold, scores)
    return scores


CORPORA = ("seeds", "dev", "dev2", "wikitext", "dump", "sweep")
# What the sweep's pages still get wrong, each for a reason in tests/data/README.md: the list is exact, so a
# new fault fails the test, and so does one mended (then take it off the list).
KNOWN = DATA / "sweep" / "known-misses.txt"


def _known(corpus: str, name: str) -> list[str]:
    if corpus != "sweep":
        return []
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return sorted(line.split("\t", 1)[1] for line in lines if line.startswith(f"{name}\t"))


@pytest.mark.parametrize(("corpus", "name"), [(c, f) for c in CORPORA for f in FIELDS], ids=lambda x: str(x))
def test_field_matches_gold(corpus: str, name: str) -> None:
    score = corpus_scores(corpus)[name]
    problems = [f"missed {item}" for item in score.missed] + [f"unexpected {item}" for item in score.unexpected]
    assert sorted(problems) == _known(corpus, name), "\n".join(problems)


def test_every_gold_file_has_its_article() -> None:
    for gold in GOLD.glob("*.json"):
        assert (ARTICLES / f"{gold.stem}.txt").exists()
    for corpus in ("dev2", "sweep"):
        for gold in (DATA / corpus / "gold").glob("*.json"):
            assert (DATA / corpus / "articles" / f"{gold.stem}.txt").exists()
    titles = set(_wikitext_pages())
    for gold in (DATA / "wikitext" / "gold").glob("*.json"):
        assert json.loads(gold.read_text(encoding="utf-8"))["title"] in titles
