"""Nothing lost, nothing hung: one bad article, a killed build, odd files and damaged dumps.

The items are those of issue 12 (its numbers in the test names' comments).
"""

from __future__ import annotations

import bz2
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyoxigraph import Store

import battlegraph
from battlegraph import _building as build_module
from battlegraph._article import parse_article
from battlegraph._building import build
from battlegraph._cli import main
from battlegraph._errors import EncodingError, InternalError, NotAnArticleError, UnreadableFileError
from battlegraph._extraction import extract
from battlegraph._generation import GENERATIONS, PUBLISHED
from battlegraph._iris import MAX_SLUG_BYTES, Minter
from battlegraph._publish import publish
from battlegraph._rdf import battle_graph
from battlegraph._sources import dump_pages, find_inputs
from battlegraph._store import open_store
from battlegraph._vocab import BG, TYPE
from battlegraph._wikitext import parse_wikitext

from .conftest import ARTICLES, DATA

JINJU = (ARTICLES / "siege_of_jinju_1592.txt").read_text(encoding="utf-8")
NAMWON = (ARTICLES / "siege_of_namwon.txt").read_text(encoding="utf-8")


def seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jinju.txt").write_text(JINJU, encoding="utf-8")
    (folder / "namwon.txt").write_text(NAMWON, encoding="utf-8")
    return folder


# --- 1: per-article isolation ------------------------------------------------------


def test_a_number_of_401_digits_is_kept_as_text_with_a_warning(tmp_path: Path) -> None:
    inputs = seeds(tmp_path / "in")
    huge = "1" + "0" * 400
    (inputs / "namwon.txt").write_text(NAMWON.replace("- Casualties2: 3,726", f"- Casualties2: {huge}"))
    report = build([inputs], tmp_path / "out", formats=("nt",), validate=False, store=False)
    assert report.battles == 2 and not report.rejected
    assert any("beyond" in d.message for d in report.diagnostics)
    assert huge in (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")  # its text is kept


def test_an_internal_error_rejects_one_article_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = seeds(tmp_path / "in")
    real = build_module.read_document

    def faulty(document: Any) -> Any:
        if "namwon" in document.name:
            raise ZeroDivisionError("a bug of ours")
        return real(document)

    monkeypatch.setattr(build_module, "read_document", faulty)
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "namwon.txt: internal error: ZeroDivisionError: a bug of ours" in result.output
    assert "Traceback" not in result.output
    problems = (tmp_path / "out" / "problems.txt").read_text(encoding="utf-8")
    assert "Traceback" in problems and "faulty" in problems
    assert "Siege of Jinju" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_internal_errors_cross_worker_processes_whole() -> None:
    import pickle

    error = InternalError("internal error: KeyError: 'x'", "a.txt", 3, details="Traceback …")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.path, copy.line, copy.details) == (error.reason, error.path, error.line, error.details)


# --- 2, 3, 6: one generation at a time; a killed build ---------------------------------


def _check_published(out: Path) -> str | None:
    """The published generation's name, after checking that everything a reader opens is of it."""
    current = out / "current"
    if not current.is_symlink():
        assert not (out / "graph.ttl").exists()
        return None
    folder = current.resolve()
    manifest = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    for name, facts in manifest["files"].items():
        path = folder / name
        if "sha256" in facts:
            data = path.read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (facts["bytes"], facts["sha256"]), name
        else:
            assert path.is_dir(), name
    for source in manifest["inputs"]:  # hashed as they were read, for text files
        data = Path(source["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (source["bytes"], source["sha256"]), source["path"]
    for name in PUBLISHED:
        link = out / name
        if link.exists():
            assert link.resolve().parent == folder, f"{name} is not of the published generation"
    store = Store.read_only(str(folder / "store"))
    battles = store.quads_for_pattern(None, TYPE, BG.Battle)
    assert next(iter(battles), None) is not None
    del battles, store
    return folder.name


def test_a_build_killed_at_any_point_leaves_one_whole_generation(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    corpus = tmp_path / "corpus"
    generate(400, corpus)  # a build of about six seconds here: long enough to be killed in every stage
    out = tmp_path / "out"
    command = [sys.executable, "-m", "battlegraph", "build", str(corpus), "-o", str(out), "-j", "2"]
    started = time.monotonic()
    subprocess.run(command, check=False, capture_output=True, timeout=300)
    whole = time.monotonic() - started
    before = _check_published(out)
    assert before is not None
    interrupted = 0
    # kills spread over the whole build, reading to publishing, however fast this machine is
    for delay in (whole * share for share in (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75)):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        killed = process.wait() == -signal.SIGKILL
        after = _check_published(out)
        assert after is not None
        if killed:
            interrupted += 1
            assert after == before, f"a build killed after {delay:.1f} of {whole:.1f} s changed what is published"
        before = after
    assert interrupted >= 5  # most kills landed in a running build
    finished = subprocess.run(command, check=False, capture_output=True, timeout=300)
    assert finished.returncode in (0, 1), finished.stderr
    assert _check_published(out) is not None
    leftovers = [p.name for p in (out / GENERATIONS).iterdir() if p.name != ".lock"]
    assert not [name for name in leftovers if name.startswith(".staging-")]  # what the killed builds left is gone
    assert len(leftovers) <= 2  # this generation and the one before it, which a reader may still hold


def test_resume_keeps_the_warnings_found_before_the_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(DATA / "dev2" / "articles", inputs)
    options: dict[str, Any] = {"formats": ("nt",), "validate": False, "store": False, "workers": 1}
    whole = build([inputs], tmp_path / "whole", dataset="d", **options)
    assert whole.diagnostics, "the corpus gives warnings"
    monkeypatch.setattr(build_module, "CHECKPOINT_EVERY", 5)

    def interrupt(report: Any) -> None:
        if report.articles_read >= 12:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([inputs], tmp_path / "resumed", dataset="d", progress=interrupt, **options)
    resumed = build([inputs], tmp_path / "resumed", dataset="d", resume=True, **options)
    assert resumed.resumed_from == 10
    assert [str(d) for d in resumed.diagnostics] == [str(d) for d in whole.diagnostics]
    assert (tmp_path / "resumed" / "problems.txt").read_text() == (tmp_path / "whole" / "problems.txt").read_text()
    assert (tmp_path / "resumed" / "graph.nt").read_bytes() == (tmp_path / "whole" / "graph.nt").read_bytes()


# --- 4: inputs ------------------------------------------------------------------------


def test_fifos_devices_dangling_links_and_sockets_are_refused_not_read(tmp_path: Path) -> None:
    import socket

    folder = seeds(tmp_path / "in")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.wiki"))
    found = find_inputs([folder, "/dev/zero"])
    errors = {Path(str(e.path)).name: e.reason for e in found if isinstance(e, UnreadableFileError)}
    assert "FIFO" in errors["pipe.txt"] and "link to nothing" in errors["gone.txt"]
    assert "socket" in errors["socket.wiki"] and "device" in errors["zero"]
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", str(folder), str(folder / "pipe.txt"), "-o", str(tmp_path / "out")])
    assert time.monotonic() - started < 60  # a FIFO named directly does not hang the build
    assert result.exit_code == 1 and "pipe.txt: a FIFO (named pipe), not a file: refused" in result.output
    assert "Read 2 articles: 2 battles" in result.output
    for target in (folder / "pipe.txt", Path("/dev/zero")):
        extracted = CliRunner().invoke(main, ["extract", str(target)])
        assert extracted.exit_code == 2 and "not a file: refused" in extracted.output
    server.close()


def test_an_unreadable_folder_is_reported(tmp_path: Path) -> None:
    folder = seeds(tmp_path / "in")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(JINJU)
    locked.chmod(0)
    try:
        if os.geteuid() == 0:  # root reads any folder: look as a user who may not
            found = _as_nobody(tmp_path, folder)
        else:
            found = [str(e) for e in find_inputs([folder]) if not isinstance(e, Path)]
    finally:
        locked.chmod(0o755)
    assert any("locked" in line and "cannot read folder" in line and "ermission denied" in line for line in found)


def _as_nobody(tmp_path: Path, folder: Path) -> list[str]:
    for parent in (folder, *folder.parents):  # let the user reach the folder, to be stopped inside it
        if parent.is_relative_to(tmp_path.parent.parent):
            parent.chmod(parent.stat().st_mode | 0o755)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            lines = [str(e) for e in find_inputs([folder]) if not isinstance(e, Path)]
            os.write(write, json.dumps(lines).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as stream:
        data = stream.read()
    os.waitpid(child, 0)
    return list(json.loads(data or "[]"))


def test_one_size_limit_for_every_command(tmp_path: Path) -> None:
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    with big.open("wb") as stream:
        stream.truncate(65 * 1024 * 1024)  # sparse: no disk is used
    for command in (["extract", str(big)], ["build", str(big.parent), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2 and "articles are far smaller" in result.output, command


# --- 5: a damaged dump ------------------------------------------------------------------


def test_a_damaged_dump_keeps_every_page_before_the_damage(tmp_path: Path) -> None:
    source = DATA / "wikitext" / "dump" / "dev-pages-articles.xml.bz2"
    xml = bz2.decompress(source.read_bytes())
    pages = xml.count(b"<page>")
    # many small streams, as the real multistream dumps are, then one damaged in the middle
    pieces = xml.split(b"</page>")
    streams = [bz2.compress(piece + (b"</page>" if i < len(pieces) - 1 else b"")) for i, piece in enumerate(pieces)]
    middle = len(streams) // 2
    broken = bytearray(streams[middle])
    broken[len(broken) // 2 : len(broken) // 2 + 16] = b"\xff" * 16
    streams[middle] = bytes(broken)
    damaged = tmp_path / "damaged-pages-articles.xml.bz2"
    damaged.write_bytes(b"".join(streams))
    items = list(dump_pages(damaged))
    read = [i for i in items if not isinstance(i, Exception)]
    errors = [i for i in items if isinstance(i, Exception)]
    assert len(read) >= middle - 1 and len(read) < pages
    offset = sum(len(s) for s in streams[:middle])
    assert len(errors) == 1 and "damaged" in str(errors[0]) and f"{offset:,}" in str(errors[0])


# --- 12: long names ----------------------------------------------------------------------


def test_a_very_long_name_gets_a_bounded_slug_and_publishes(tmp_path: Path) -> None:
    inputs = seeds(tmp_path / "in")
    long_name = "Kim " + "Very-Long-Name " * 40 + "Si-min"
    (inputs / "jinju.txt").write_text(JINJU.replace("Kim Si-min", long_name), encoding="utf-8")
    build([inputs], tmp_path / "out", formats=("nt",), validate=False)
    minter = Minter()
    person = minter.person(long_name, None)
    slug = person.rsplit("/", 1)[-1]
    assert len(slug.encode()) <= MAX_SLUG_BYTES and slug.startswith("kim-very-long-name")
    report = publish(open_store(tmp_path / "out"), tmp_path / "site")
    assert report.pages > 10
    assert all(len(p.name.encode()) <= 255 for p in (tmp_path / "site").rglob("*"))
    assert (tmp_path / "site" / "person" / slug / "index.html").is_file()


# --- 13: the API and odd text -------------------------------------------------------------


def test_a_lone_surrogate_in_a_string_is_mapped_not_raised() -> None:
    text = JINJU.replace("Kim Si-min", "Kim Si\ud800min")
    battle = battlegraph.extract(parse_article(text, "jinju.txt")).battle
    graph = battle_graph(battle, Minter(), "siege-of-jinju-1592")
    assert "Kim Si\ufffdmin" in graph.nquads().decode("utf-8")


def test_a_nul_byte_anywhere_is_refused_with_its_line() -> None:
    data = (JINJU + "\n" + "padding line\n" * 2000).encode()
    at = data.index(b"padding line", 9000)
    damaged = data[:at] + b"\x00" + data[at:]
    with pytest.raises(EncodingError) as caught:
        parse_article(damaged, "jinju.txt")
    assert caught.value.line == damaged.count(b"\n", 0, at) + 1 and "NUL" in caught.value.reason
    with pytest.raises(EncodingError):
        parse_article(damaged.decode("utf-8"), "jinju.txt")


# --- 14: clearer rejections ----------------------------------------------------------------


def test_an_unclosed_infobox_is_named_with_its_line() -> None:
    page = (
        "Lead.\n\n{{Infobox military conflict\n| conflict = Battle of X\n| combatant1 = A\n\n== Background ==\nText.\n"
    )
    with pytest.raises(NotAnArticleError) as caught:
        parse_wikitext(page, "X.wiki")
    assert "never closed" in caught.value.reason and caught.value.line == 3


def test_templates_nested_too_deep_are_refused_with_a_line() -> None:
    page = "{{Infobox military conflict\n| conflict = Battle of X\n| result = " + "{{a|" * 3000 + "}}" * 3000 + "\n}}\n"
    try:
        article = parse_wikitext(page, "X.wiki")
    except NotAnArticleError as exc:
        assert exc.line is not None and "nested" in exc.reason
    else:
        assert extract(article).battle.title == "X"


def test_a_resumed_build_drops_the_half_written_files_and_keeps_the_spools(tmp_path: Path) -> None:
    from battlegraph._generation import GENERATIONS, generation, staged

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), generation(out) as made:
        made.path("graph.nq.part").write_bytes(b"kept\n")  # a spool
        made.path(".graph.jsonld.4242.beef.part").write_bytes(b'{"half')  # a writer killed mid-file
        raise KeyboardInterrupt
    (left,) = staged(out)
    assert left.parent == out / GENERATIONS
    with generation(out, resume_from=left) as again:
        assert again.path("graph.nq.part").read_bytes() == b"kept\n"
        assert not again.path(".graph.jsonld.4242.beef.part").exists()
        again.abandon()


def test_an_input_named_like_an_output_keeps_its_own_hash_in_the_manifest(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs are hashed as read, outputs as written: an article file called resolution.txt is not the report."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "resolution.txt").write_bytes((seed_dir / "siege_of_namwon.txt").read_bytes())
    monkeypatch.chdir(folder)
    build(["."], tmp_path / "out", formats=("ttl",), validate=False)
    assert _check_published(tmp_path / "out") is not None  # every input's and output's hash checked
