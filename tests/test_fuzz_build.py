"""10,000 mutated real articles through the whole build: no uncaught exception, every file accounted for.

The articles are the real ones under tests/data (the seeds, the dev2 articles in the
plain-text rendering and the wikitext pages), mutated on a fixed seed: lines deleted,
duplicated and swapped, random Unicode inserted, numbers made huge, files truncated.
The build (formats, store, validation) must finish; an article it cannot use is
rejected with its file and reason, and none is rejected for a fault of ours
(an :class:`InternalError`).
"""

from __future__ import annotations

import random
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from battlegraph._building import build
from battlegraph._errors import BattlegraphError, InternalError

from .conftest import DATA

COUNT = 10_000
SEED = 1592
HEAD = 12_000  # characters
SOURCES = sorted([*DATA.glob("articles/*.txt"), *DATA.glob("dev2/articles/*.txt"), *DATA.glob("wikitext/**/*.wiki")])
ODD = ["\u0000", "\ud7ff", "\u202e", "\ufeff", "\u200b", "\U0001f5e1", "金", "ō", "̈", "\r", "\t", "|", "{{", "}}",
       "[[", "]]", "<ref>", "</ref>", "<br>", "''", "=", "==", "- ", "* ", ":", ";", "KIA", "{{KIA}}", "–", "+"]  # fmt: skip


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        action = rng.choice(("delete", "duplicate", "swap", "unicode", "huge", "odd", "truncate", "repeat"))
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if action == "delete" and len(lines) > 1:
            del lines[i : i + rng.randint(1, 5)]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "unicode":
            at = rng.randint(0, len(lines[i]))
            noise = "".join(chr(rng.choice((rng.randint(32, 0x2FFF), rng.randint(0x10000, 0x1FFFF)))) for _ in range(5))
            lines[i] = lines[i][:at] + noise + lines[i][at:]
        elif action == "huge":
            lines[i] = "".join(c if not c.isdigit() else c * rng.randint(1, 30) for c in lines[i])
        elif action == "odd":
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(ODD) + lines[i][at:]
        elif action == "truncate":
            lines = lines[: max(1, i)]
            lines[-1] = lines[-1][: rng.randint(0, len(lines[-1]))]
        elif action == "repeat":
            lines[i] = lines[i] * rng.randint(2, 10)
        if not lines:
            lines = [""]
    return "\n".join(lines)


def test_ten_thousand_mutated_articles_build_without_an_uncaught_exception(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    # the head of each page: its title, infobox, lead and first sections, where the reading happens;
    # the whole of the longest wikitext pages (300 KB) would make this a twenty-minute test
    texts = [(path.suffix, path.read_text(encoding="utf-8")[:HEAD]) for path in SOURCES]
    assert len(texts) >= 50
    folder = tmp_path / "articles"
    folder.mkdir()
    for index in range(COUNT):
        suffix, text = texts[rng.randrange(len(texts))]
        data = mutate(text, rng).encode("utf-8", errors="surrogatepass")
        if rng.random() < 0.02:
            data = data[: rng.randint(0, len(data))]  # cut anywhere, inside a UTF-8 sequence too
        (folder / f"{index:05d}{suffix}").write_bytes(data)
    report = build([folder], tmp_path / "out", formats=("nq", "ttl", "jsonld"), workers=2)
    internal = [str(e) for e in report.rejected if isinstance(e, InternalError)]
    assert not internal, "\n".join(internal[:5])
    assert all(isinstance(e, BattlegraphError) and e.path and e.reason for e in report.rejected)
    assert report.articles_read + len(report.rejected) == COUNT  # every file is read, skipped or rejected
    assert report.battles > COUNT * 0.5  # most mutations leave a battle to read
    quads = sum(1 for _ in parse(path=str(tmp_path / "out" / "graph.nq"), format=RdfFormat.N_QUADS))
    assert quads == report.quads
    assert report.validation is not None and report.validation.battles == report.battles
