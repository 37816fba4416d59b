"""MediaWiki XML dumps: streamed page by page, conflict pages kept, a corrupt page reported, resumable."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from battlegraph import _building as build_module
from battlegraph._building import BuildReport, build
from battlegraph._cli import main
from battlegraph._sources import SourceStats, dump_pages


def write_dump(count: int, path: Path) -> dict[str, int]:
    """The benchmarks' dump generator: articles as wikitext pages, with redirects, a talk page and a corrupt page."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.generate import write_dump as generate_dump

    return generate_dump(count, path)


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("dump") / "enwiki-20261101-pages-articles.xml.bz2"
    return path, write_dump(300, path)


def test_dump_builds_with_a_progress_bar_and_the_expected_counts(
    dump: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, expected = dump
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path), "-f", "nt", "-j", "2", "--progress"])
    assert result.exit_code == 1, result.output  # the corrupt page is a data problem
    assert f"Read {expected['battles']} articles: {expected['battles']} battles" in result.output
    assert "1 rejected" in result.output
    assert f"{expected['pages']:,} read, {expected['battles']:,} battles" in result.stderr and "100%" in result.stderr
    for stage in ("filling the store", "writing the formats", "publishing the build"):  # the later stages named
        assert stage in result.stderr
    assert f"{path}:" in result.stderr and "corrupt page 'Corrupt page': it has no text" in result.stderr
    assert (tmp_path / "graph.nt").stat().st_size > 0


def test_only_conflict_pages_of_the_main_namespace_are_read(dump: tuple[Path, dict[str, int]]) -> None:
    path, expected = dump
    stats = SourceStats()
    items = list(dump_pages(path, stats))
    assert stats.pages == expected["pages"]
    errors = [item for item in items if isinstance(item, Exception)]
    assert len(errors) == 1 and errors[0].line and errors[0].line > 1
    titles = [item.title for item in items if not isinstance(item, Exception)]
    assert len(titles) == expected["battles"]
    assert "Talk:Siege of Jinju" not in titles and "Jinju Castle" not in titles


def test_broken_xml_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    write_dump(20, path)
    data = path.read_bytes()
    cut = data.index(b"<page>", len(data) // 2)
    path.write_bytes(data[:cut] + b"<page><title>Broken &amp title</title>")
    items = list(dump_pages(path))
    assert "broken XML" in str(items[-1]) and all(not isinstance(i, Exception) for i in items[:-1])
    assert len(items) > 3


def test_an_interrupted_build_resumes_without_duplicates(
    dump: tuple[Path, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = dump
    whole = tmp_path / "whole"
    options: dict[str, Any] = {"formats": ("nt", "trig"), "validate": False, "store": False, "workers": 2}
    build([path], whole, dataset="dump", **options)
    monkeypatch.setattr(build_module, "CHECKPOINT_EVERY", 50)

    def interrupt(report: BuildReport) -> None:
        if report.battles >= 130:
            raise KeyboardInterrupt

    resumed = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt):
        build([path], resumed, dataset="dump", progress=interrupt, **options)
    (staging,) = (resumed / ".generations").glob(".staging-*")
    assert (staging / "checkpoint.json").exists() and not (resumed / "graph.nt").exists()
    report = build([path], resumed, dataset="dump", resume=True, **options)
    assert report.resumed_from in (100, 150)
    assert (resumed / "graph.nt").read_bytes() == (whole / "graph.nt").read_bytes()
    assert (resumed / "graph.trig").read_bytes() == (whole / "graph.trig").read_bytes()
    assert not list((resumed / ".generations").glob(".staging-*"))


def test_two_pages_without_ids_and_of_one_title_are_read_once(tmp_path: Path) -> None:
    from xml.sax.saxutils import escape

    text = (Path(__file__).parent / "data" / "wikitext" / "Siege_of_Namwon.wiki").read_text(encoding="utf-8")
    page = f"<page><title>Siege of Namwon</title><ns>0</ns><revision><text>{escape(text)}</text></revision></page>"
    dump = tmp_path / "twice.xml"
    dump.write_text(f"<mediawiki>{page}{page}</mediawiki>", encoding="utf-8")
    report = build([dump], tmp_path / "out", formats=("nt",), validate=False)
    assert report.battles == 1
    assert [str(e.reason) for e in report.rejected] == [
        "a document of the same name was read already; this one is left out"
    ]
    lines = (tmp_path / "out" / "graph.nt").read_bytes().splitlines()
    assert len(lines) == len(set(lines)) == report.triples  # each triple once, and counted once


def test_an_interrupt_once_the_spools_are_outputs_promises_no_resume(
    dump: tuple[Path, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = dump
    monkeypatch.setattr(build_module, "CHECKPOINT_EVERY", 50)  # checkpoints were taken while reading
    out = tmp_path / "out"

    def interrupt(report: BuildReport) -> None:
        if report.stage == "validation":  # graph.nt and graph.nq are already the spools, moved
            raise KeyboardInterrupt

    with pytest.raises(build_module.BuildInterrupted) as raised:
        build([path], out, formats=("nt", "nq"), progress=interrupt)
    assert raised.value.kept == 0
    report = build([path], out, formats=("nt", "nq"), resume=True)
    assert report.resumed_from == 0 and report.battles > 100
