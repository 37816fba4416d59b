"""What a user sees: one message style and exit code per kind of error, progress on a terminal, one count
everywhere, a store that remembers its base, names matched as people type them, and a consistent CLI."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import pytest
from benchmarks.generate import generate
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, parse

from battlegraph import BattlegraphError, build, validate
from battlegraph._cli import main

from .triplestores import free_port, start_oxigraph

BATTLEGRAPH = str(Path(sys.executable).parent / "battlegraph")
EXAMPLE = "https://example.org/kg/"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def one_error_line(result: click.testing.Result) -> str:
    """The output is one line, `error: …`, and no traceback."""
    assert "Traceback" not in result.output and "Usage:" not in result.output, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


# --- errors -------------------------------------------------------------------------------------------


def test_output_that_cannot_be_written_is_exit_2_and_one_sentence(
    runner: CliRunner, seed_dir: Path, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    for out in (a_file, Path("/proc/battlegraph-cannot-be-here")):
        result = runner.invoke(main, ["build", str(seed_dir), "-o", str(out)])
        assert result.exit_code == 2
        assert str(out) in one_error_line(result)
    assert a_file.read_text() == "mine"
    result = runner.invoke(main, ["validate", str(seed_dir), "-o", str(tmp_path)])  # a folder, not a file
    assert result.exit_code == 2 and str(tmp_path) in one_error_line(result)


def test_endpoint_errors_are_plain(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "battles", "--endpoint", "not-a-url"])
    assert result.exit_code == 2 and "not an http(s) URL" in one_error_line(result)
    result = runner.invoke(main, ["query", "battles", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql"])
    line = one_error_line(result)
    assert result.exit_code == 2 and line.endswith("cannot be asked: connection refused")
    assert "Errno" not in line and "urlopen" not in line


def test_click_errors_speak_like_ours(runner: CliRunner) -> None:
    for arguments, words in (
        (["build", "--base", "foo"], "Invalid value for '--base'"),
        (["build", "--no-such-option"], "No such option"),
        (["nosuch"], "No such command"),
        (["query"], "Missing argument"),
    ):
        result = runner.invoke(main, arguments)
        assert result.exit_code == 2 and words in one_error_line(result)


def test_library_raises_its_own_errors_for_one_path(tmp_path: Path) -> None:
    with pytest.raises(BattlegraphError, match="nope: no such file"):
        build("nope", tmp_path / "out")
    with pytest.raises(BattlegraphError, match="nope: no such file"):
        validate("nope")


# --- progress -----------------------------------------------------------------------------------------


def in_terminal(arguments: list[str], cwd: Path, interrupt_after: str | None = None) -> tuple[int, str]:
    """Run battlegraph in a pseudo-terminal; send Ctrl-C once ``interrupt_after`` (a regex) has been shown."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its stdin, stdout and stderr
        # as a shell starts a command: Ctrl-C neither blocked nor ignored, whatever the test process had
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.chdir(cwd)
        os.environ["COLUMNS"] = "120"
        os.execv(BATTLEGRAPH, [BATTLEGRAPH, *arguments])
    seen = b""
    sent = False
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if interrupt_after and not sent and re.search(interrupt_after, _plain(seen)):
            os.write(fd, b"\x03")  # what Ctrl-C types: the terminal sends SIGINT to the foreground group
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), _plain(seen)


def _plain(output: bytes) -> str:
    """Terminal output without its colours and cursor moves, one line per redraw."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8", "replace")).replace("\r", "\n")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "articles"
    generate(1500, folder)
    return folder


def test_a_terminal_sees_a_bar_then_each_stage(generated: Path, tmp_path: Path) -> None:
    code, text = in_terminal(["build", str(generated), "-o", "out"], tmp_path)
    assert code in (0, 1), text
    bars = re.findall(r"reading\s+\S*\s+(\d+)%\s+[\d:]+\s+([\d,]+) read, ([\d,]+) battles, [\d,]+/s", text)
    assert bars and bars[-1][0] == "100" and bars[-1][1] == "1,500"
    assert any(0 < int(percent) < 100 for percent, _, _ in bars)  # it moved, with a total to move towards
    assert re.search(r"\d+:\d\d left", text)
    for stage in ("filling the store", "writing the formats", "validating", "publishing the build"):
        assert stage in text
    summary = re.search(r"Read 1,500 articles: ([\d,]+) battles", text)
    assert summary and summary.group(1) == bars[-1][2]


def test_no_progress_when_output_is_not_a_terminal(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(seed_dir), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "reading" not in result.output and "%" not in result.output


def test_ctrl_c_says_what_was_kept_and_how_to_resume(generated: Path, tmp_path: Path) -> None:
    # Ctrl-C once reading is under way (10 % to 99 % of the input read)
    code, text = in_terminal(["build", str(generated), "-o", "out"], tmp_path, interrupt_after=r" [1-9]\d% ")
    assert code == 130, text
    said = re.search(r"Interrupted: (the first ([\d,]+) documents read are kept|nothing read was kept yet); "
                     r"run the same command with --resume to continue from there\.", text)  # fmt: skip
    assert said, text
    assert "Traceback" not in text
    resumed = subprocess.run([BATTLEGRAPH, "build", str(generated), "-o", "out", "--resume"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=600)  # fmt: skip
    assert resumed.returncode in (0, 1), resumed.stderr
    assert "Read 1,500 articles" in resumed.stdout
    if said.group(2):
        assert f"Resumed from the checkpoint: {said.group(2)} documents were not read again." in resumed.stdout


# --- counts -------------------------------------------------------------------------------------------


def test_one_count_everywhere(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(seed_dir), "-o", str(out), "-f", "ttl,trig,nq,jsonld"])
    said = re.search(r"([\d,]+) triples, ([\d,]+) quads in ([\d,]+) named graphs", result.output)
    assert said, result.output
    triples, quads, graphs = (int(x.replace(",", "")) for x in said.groups())
    counts = json.loads((out / "build.json").read_text())["counts"]
    assert (counts["triples"], counts["quads"], counts["graphs"]) == (triples, quads, graphs)
    assert sum(1 for _ in parse(path=str(out / "graph.ttl"), format=RdfFormat.TURTLE)) == triples
    in_trig = list(parse(path=str(out / "graph.trig"), format=RdfFormat.TRIG))
    assert len(in_trig) == quads and len({q.graph_name for q in in_trig}) == graphs
    assert runner.invoke(main, ["publish", "--store", str(out / "store"), "-o", str(tmp_path / "site")]).exit_code == 0
    void = list(parse(path=str(tmp_path / "site" / "void.ttl"), format=RdfFormat.TURTLE))
    stated = {int(t.object.value) for t in void if t.predicate == NamedNode("http://rdfs.org/ns/void#triples")}
    assert triples in stated
    process, url = start_oxigraph(tmp_path / "oxigraph")
    try:
        loaded = runner.invoke(main, ["load", f"{url}/store", "--graph", str(out / "graph.trig")])
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"Loaded {graphs:,} of {graphs:,} graphs ({quads:,} of {quads:,} quads)" in loaded.output


# --- the store remembers its base ---------------------------------------------------------------------


def test_a_base_given_once_is_used_by_publish_and_serve(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    made = runner.invoke(main, ["build", str(seed_dir), "-o", str(tmp_path / "out"), "--base", EXAMPLE])
    assert made.exit_code == 0, made.output
    published = subprocess.run([BATTLEGRAPH, "publish"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert published.returncode == 0, published.stderr
    assert (tmp_path / "site" / "battle" / "siege-of-jinju-1592" / "index.html").exists()
    assert EXAMPLE in (tmp_path / "site" / "void.ttl").read_text()
    port = free_port()
    server = subprocess.Popen([BATTLEGRAPH, "serve", "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        assert server.stdout is not None
        banner: list[str] = []
        while not banner or "/dumps/" not in banner[-1]:  # the last line of the banner
            line = server.stdout.readline()
            assert line, f"serve stopped: {banner}"
            banner.append(line)
        url = f"http://127.0.0.1:{port}"
        for path in ("/", "/sparql", "/query.html", "/ontology.html", "/network.html", "/void.ttl", "/dumps/"):
            assert any(f"{url}{path}" in line for line in banner), (path, banner)
        assert any(EXAMPLE in line for line in banner)
        request = urllib.request.Request(f"{url}/battle/siege-of-jinju-1592", headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            assert f"<{EXAMPLE}battle/siege-of-jinju-1592>" in response.read().decode()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


# --- names as people type them ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "typed", "found"),
    [
        ("person", "ukita hideie", "Siege of Namwon"),  # case
        ("person", "Kato Yoshiaki", "Siege of Namwon"),  # no macron, and the family name first
        ("person", "  Ukita   Hideie ", "Siege of Namwon"),  # spacing
    ],
)
def test_names_match_as_typed(runner: CliRunner, seed_out: Path, param: str, typed: str, found: str) -> None:
    result = runner.invoke(
        main, ["query", "battles-of", "-p", f"{param}={typed}", "--store", str(seed_out / "store"), "-f", "csv"]
    )
    assert result.exit_code == 0 and found in result.output, result.output


def test_no_match_names_the_nearest(runner: CliRunner, seed_out: Path) -> None:
    store = ["--store", str(seed_out / "store")]
    result = runner.invoke(main, ["query", "provenance", "-p", "battle=Siege of Jinju", *store])
    assert result.exit_code == 2
    assert "no battle named 'Siege of Jinju'" in one_error_line(result) and "Siege of Jinju (1592)" in result.output
    result = runner.invoke(main, ["query", "battles-of", "-p", "person=Ukita Hidee", *store])
    assert result.exit_code == 2 and "nearest: Ukita Hideie" in one_error_line(result)


# --- one CLI ------------------------------------------------------------------------------------------


def test_help_is_whole_and_every_option_has_some(runner: CliRunner) -> None:
    top = runner.invoke(main, ["--help"], terminal_width=80)
    listed = top.output.split("Commands:")[1].splitlines()
    assert top.exit_code == 0 and len([line for line in listed if line.strip()]) == len(main.commands)
    assert not any(line.rstrip().endswith("...") for line in listed), top.output
    for name, command in main.commands.items():
        assert command.short_help and len(command.short_help) < 66, name
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"{name} {parameter.opts}"


def test_a_short_option_means_one_thing() -> None:
    meanings: dict[str, set[str]] = {}
    for command in main.commands.values():
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                long = next((o for o in parameter.opts if o.startswith("--")), "")
                for short in (o for o in parameter.opts if re.fullmatch(r"-[a-zA-Z]", o)):
                    meanings.setdefault(short, set()).add(long)
    assert meanings["-f"] == {"--format"} and meanings["-j"] == {"--workers"} and meanings["-p"] == {"--param"}
    assert all(len(longs) == 1 for longs in meanings.values()), meanings


def test_a_hostile_name_is_only_ever_a_string(runner: CliRunner, seed_out: Path) -> None:
    """Names are looked up before the query runs; that look-up binds them as literals too."""
    hostile = 'x" } DROP ALL #'
    store = ["--store", str(seed_out / "store")]
    result = runner.invoke(main, ["query", "battles-of", "-p", f"person={hostile}", *store])
    assert result.exit_code == 2 and f"no person named {hostile!r}" in one_error_line(result)
    result = runner.invoke(main, ["query", "battles-of", "-p", "person=Ukita Hideie", *store, "-f", "csv"])
    assert result.exit_code == 0 and result.output.count("Siege of") == 2  # the store is as it was


def test_publish_never_replaces_what_it_did_not_write(
    runner: CliRunner, seed_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ["--store", str(seed_out / "store")]
    mine = tmp_path / "mine"
    (mine / "keep").mkdir(parents=True)
    beside = tmp_path / ".site.new"  # a name publish once used for its staging folder
    (beside / "keep").mkdir(parents=True)
    result = runner.invoke(main, ["publish", *store, "-o", str(mine)])
    assert result.exit_code == 2 and "not a site battlegraph wrote" in one_error_line(result)
    for _ in range(2):  # a new folder, then the site written before: replaced whole
        result = runner.invoke(main, ["publish", *store, "-o", str(tmp_path / "site")])
        assert result.exit_code == 0, result.output
    assert (mine / "keep").is_dir() and (beside / "keep").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.new", "mine", "site"]  # nothing left behind
    monkeypatch.chdir(tmp_path / "site")
    result = runner.invoke(main, ["publish", *store, "-o", "."])
    assert result.exit_code == 2 and "current folder" in one_error_line(result)
    result = runner.invoke(main, ["publish", *store, "-o", "/proc/battlegraph-site"])
    assert result.exit_code == 2 and "/proc/battlegraph-site" in one_error_line(result)
    result = runner.invoke(main, ["build", str(seed_out), "-o", str(tmp_path / "x"), "--dataset", "a/b"])
    assert result.exit_code == 2 and "dataset name" in one_error_line(result)
