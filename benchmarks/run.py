"""Benchmarks: time battlegraph on generated articles and write the figures.

    python benchmarks/run.py validation [--sizes 100,1000,10000] [--pyshacl-limit 1000]
    python benchmarks/run.py build      [--sizes 1000,10000,100000] [--reuse-naive]
    python benchmarks/run.py queries    [--triples 1000000]

Each section writes a Markdown table to benchmarks/results/<section>.md (quoted in
the README) and the raw figures to <section>.json. Generated articles are cached
under benchmarks/.data/. Timings are wall-clock seconds on this machine, medians
of --repeat runs; the machine is noisy (7–14 % run to run), so differences under
1.5x are noise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from battlegraph._building import build  # noqa: E402
from battlegraph._store import open_store  # noqa: E402
from benchmarks.generate import generate  # noqa: E402

DATA = HERE / ".data"
RESULTS = HERE / "results"


def articles(count: int) -> Path:
    folder = DATA / f"articles-{count}"
    marker = folder / ".complete"
    if not marker.exists():
        generate(count, folder)
        marker.write_text("ok")
    return folder


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall-clock seconds over ``repeat`` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_results(name: str, table: list[str], raw: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    (RESULTS / f"{name}.json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    print("\n".join(table))


# ---------------------------------------------------------------------------
# Validation


def validation(sizes: list[int], repeat: int, pyshacl_limit: int) -> None:
    from battlegraph._store import load_rdf_files
    from battlegraph._validation import pyshacl_findings, validate_nquads, validate_store

    rows: list[dict[str, Any]] = []
    for count in sizes:
        out = DATA / f"built-{count}"
        report = build([articles(count)], out, formats=("nq",), validate=False)
        graph = out / "graph.nq"
        nquads, result = timed(partial(validate_nquads, graph, workers=2), repeat)
        one_core, _ = timed(partial(validate_nquads, graph, workers=1), repeat)
        store = open_store(out / "store")
        from_store, _ = timed(partial(validate_store, store), repeat)
        row: dict[str, Any] = {
            "articles": count,
            "battles": report.battles,
            "quads": sum(1 for _ in graph.open("rb")),
            "seconds": round(nquads, 2),
            "one_core": round(one_core, 2),
            "from_store": round(from_store, 2),
            "findings": len(result.findings),
            "violations": len(result.violations),
        }
        if count <= pyshacl_limit:
            memory = load_rdf_files([graph])
            started = time.perf_counter()
            reference = pyshacl_findings(memory)
            row["pyshacl"] = round(time.perf_counter() - started, 2)
            row["pyshacl_findings"] = len(reference)
        rows.append(row)
        print(row, flush=True)
    table = [
        f"Validation of generated articles ({machine()}): wall seconds, median of {repeat} runs for battlegraph, "
        "one run for pySHACL.",
        "",
        "| articles | quads | battlegraph, 2 cores | 1 core | from out/store | pySHACL | findings (ours / pySHACL) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        pyshacl_text = f"{row['pyshacl']:.2f}" if "pyshacl" in row else "not run"
        theirs = f"{row['pyshacl_findings']:,}" if "pyshacl" in row else "–"
        table.append(
            f"| {row['articles']:,} | {row['quads']:,} | {row['seconds']:.2f} | {row['one_core']:.2f} | "
            f"{row['from_store']:.2f} | {pyshacl_text} | {row['findings']:,} / {theirs} |"
        )
    write_results("validation", table, {"machine": machine(), "rows": rows})


# ---------------------------------------------------------------------------
# Build


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes, read from /proc."""
    total, queue = 0, [pid]
    while queue:
        current = queue.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                queue.extend(int(child) for child in children)
        except (OSError, ValueError):
            continue
    return total


def measured(command: list[str]) -> tuple[float, float, str]:
    """Run a command: wall seconds, the peak memory of it and its children together (MB), its output."""
    # Output goes to files, not pipes: a build that warns about thousands of articles would
    # fill a pipe nobody reads while we poll, and block.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if process.returncode not in (0, 1):
            raise RuntimeError(err.read()[-2000:])
        return seconds, peak / 1e6, out.read()


def _recorded_naive() -> dict[int, dict[str, Any]]:
    """The naive pipeline's figures from the last recorded build run, by article count."""
    try:
        rows = json.loads((RESULTS / "build.json").read_text(encoding="utf-8"))["rows"]
    except (OSError, ValueError, KeyError):
        return {}
    keys = ("naive_seconds", "naive_peak_mb")
    return {row["articles"]: {k: row[k] for k in keys} for row in rows if all(k in row for k in keys)}


def _io_floor(trig: Path) -> float:
    """Seconds pyoxigraph alone takes to parse the build's TriG and write TriG, Turtle and N-Triples again."""
    from pyoxigraph import RdfFormat, parse, serialize

    started = time.perf_counter()
    quads = list(parse(path=str(trig), format=RdfFormat.TRIG))
    with tempfile.TemporaryDirectory() as folder:
        serialize(quads, output=f"{folder}/graph.trig", format=RdfFormat.TRIG)
        triples = [q.triple for q in quads]
        serialize(triples, output=f"{folder}/graph.ttl", format=RdfFormat.TURTLE)
        serialize(triples, output=f"{folder}/graph.nt", format=RdfFormat.N_TRIPLES)
    return time.perf_counter() - started


def build_section(sizes: list[int], naive_limit: int, reuse_naive: bool, repeat: int) -> None:
    python = sys.executable
    # The naive pipeline does not change when battlegraph does, and takes 11 minutes at 10,000 articles.
    recorded = _recorded_naive() if reuse_naive else {}
    cli = [python, "-m", "battlegraph", "build"]
    rows: list[dict[str, Any]] = []
    for count in sizes:
        source = articles(count)
        out = DATA / f"build-bench-{count}"
        # This machine's speed drifts from minute to minute (the same build: 55 s, then 69 s):
        # builds and floors alternate, and the best of each is kept, as timeit does.
        runs: list[tuple[float, float, str]] = []
        floors: list[float] = []
        for _ in range(repeat):
            shutil.rmtree(out, ignore_errors=True)
            runs.append(measured([*cli, str(source), "-o", str(out), "--timings", "--no-progress"]))
            floors.append(_io_floor(out / "graph.trig"))
        seconds, peak, output = min(runs)
        floor = min(floors)
        triples = int(re.search(r"([\d,]+) triples", output).group(1).replace(",", ""))  # type: ignore[union-attr]
        battles = int(re.search(r"([\d,]+) battles", output).group(1).replace(",", ""))  # type: ignore[union-attr]
        stages = dict(re.findall(r"^  (.+): ([\d.]+) s$", output, re.MULTILINE))
        row: dict[str, Any] = {
            "articles": count,
            "battles": battles,
            "triples": triples,
            "seconds": round(seconds, 1),
            "articles_per_s": round(count / seconds),
            "triples_per_s": round(triples / seconds),
            "peak_mb": round(peak),
            "stages": {k: float(v) for k, v in stages.items()},
            "io_floor_s": round(floor, 1),
            "all_seconds": [round(run[0], 1) for run in runs],
            "all_floors_s": [round(f, 1) for f in floors],
        }
        if count in recorded:
            row.update(recorded[count], naive_reused=True)
        elif count <= naive_limit:
            naive_out = DATA / f"naive-{count}"
            shutil.rmtree(naive_out, ignore_errors=True)
            n_seconds, n_peak, _ = measured([python, str(HERE / "naive.py"), str(source), str(naive_out)])
            row.update(naive_seconds=round(n_seconds, 1), naive_peak_mb=round(n_peak))
        rows.append(row)
        print(row, flush=True)
        shutil.rmtree(out, ignore_errors=True)
    table = [
        f"Build of generated articles ({machine()}): wall seconds, the best of {repeat} runs (all in build.json), "
        "of `battlegraph build` (Turtle, JSON-LD, TriG, "
        "the store, validation and the resolution report), pyoxigraph alone parsing the TriG it wrote and "
        "writing TriG, Turtle and N-Triples again (the I/O floor), and the naive rdflib-only pipeline (same reading "
        "and extraction, then an rdflib Dataset serialised to Turtle, JSON-LD and TriG; no store, no "
        "validation); peak memory of all processes together."
        + (
            " Naive figures marked * are from the previous run (the naive pipeline did not change)." if recorded else ""
        ),
        "",
        "| articles | triples | battlegraph | articles/s | triples/s | peak memory | I/O floor | × floor "
        "| naive rdflib | naive peak |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        mark = "*" if row.get("naive_reused") else ""
        naive = f"{row['naive_seconds']:.1f} s{mark}" if "naive_seconds" in row else "not run"
        naive_peak = f"{row['naive_peak_mb']:,} MB" if "naive_peak_mb" in row else "–"
        table.append(
            f"| {row['articles']:,} | {row['triples']:,} | {row['seconds']:.1f} s | {row['articles_per_s']:,} | "
            f"{row['triples_per_s']:,} | {row['peak_mb']:,} MB | {row['io_floor_s']:.1f} s | "
            f"{row['seconds'] / max(row['io_floor_s'], 0.1):.1f} | {naive} | {naive_peak} |"
        )
    table += [
        "",
        "Stages of the largest build (seconds; every format writer and the validation run beside the store "
        "as it loads, so 'store' holds them):",
        "",
    ]
    table += [f"- {stage}: {seconds:.1f}" for stage, seconds in rows[-1]["stages"].items()]
    write_results("build", table, {"machine": machine(), "rows": rows})


# ---------------------------------------------------------------------------
# Queries


def _rdflib_query(graph: Any, text: str, conn: Any) -> None:
    started = time.perf_counter()
    try:
        rows = len(list(graph.query(text)))
    except Exception as exc:  # rdflib's own failures are a result worth reporting, not a crash
        conn.send((None, f"{type(exc).__name__}: {exc}"[:120]))
        return
    conn.send((time.perf_counter() - started, rows))


# The parameterised questions are asked about the busiest person, battle and war of the
# generated graph, so they measure a lookup that finds something rather than none.
_PREFIXES = "PREFIX bg: <https://w3id.org/battlegraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
PARAMETER_PICKS = {
    "person": "SELECT ?value WHERE { ?role bg:person ?p . ?p rdfs:label ?value } "
    "GROUP BY ?value ORDER BY DESC(COUNT(?role)) ?value LIMIT 1",
    "battle": "SELECT ?value WHERE { ?b bg:side/bg:contingent ?c ; rdfs:label ?value } "
    "GROUP BY ?value ORDER BY DESC(COUNT(?c)) ?value LIMIT 1",
    "war": "SELECT ?value WHERE { ?b bg:partOf ?w . ?w rdfs:label ?value } "
    "GROUP BY ?value ORDER BY DESC(COUNT(?b)) ?value LIMIT 1",
}


def picked_parameters(store: Any) -> dict[str, str]:
    from battlegraph._store import union_flag

    picks = {}
    for name, text in PARAMETER_PICKS.items():
        for solution in store.query(_PREFIXES + text, use_default_graph_as_union=union_flag(store)):
            picks[name] = solution["value"].value
    return picks


def queries(triples: int, repeat: int, rdflib_timeout: float) -> None:
    import multiprocessing

    from rdflib import Graph

    from battlegraph._queries import bound_values, canned_queries, query_text, run_local
    from battlegraph._querypool import open_for_queries

    count = max(100, round(triples / 146))  # the generated articles average about 146 triples
    out = DATA / f"built-{count}"
    if not (out / "graph.nt").exists():
        build([articles(count)], out, formats=("nt",), validate=False)
    store = open_store(out / "store")
    quads = len(store)
    started = time.perf_counter()
    memory = open_for_queries(str(out / "store"), in_memory=True)  # what `serve --in-memory` queries
    memory_load = time.perf_counter() - started
    started = time.perf_counter()
    # a plain Graph of the flattened triples: rdflib's Dataset parsed the same N-Quads for over 20 minutes
    dataset = Graph()
    if rdflib_timeout > 0:
        dataset.parse(out / "graph.nt", format="nt")
    rdflib_load = time.perf_counter() - started
    context = multiprocessing.get_context("fork")
    picks = picked_parameters(store)
    rows: list[dict[str, Any]] = []
    for name, query in canned_queries().items():
        params = {p.name: picks[p.name] for p in query.params if p.name in picks}
        ours, result = timed(partial(run_local, store, query, params), repeat)
        in_memory, _ = timed(partial(run_local, memory, query, params), repeat)
        text = query_text(query, bound_values(query, params))
        row: dict[str, Any] = {"query": name, "params": params, "rows": len(result.rows)}
        row["oxigraph_ms"] = round(ours * 1000, 1)
        row["memory_ms"] = round(in_memory * 1000, 1)
        if rdflib_timeout <= 0:
            row["rdflib_ms"], row["rdflib_note"] = None, "not run"
            rows.append(row)
            print(row, flush=True)
            continue
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_rdflib_query, args=(dataset, text, sender))
        child.start()
        theirs: float | None = None
        rdflib_note = f"stopped after {rdflib_timeout:g} s"
        if receiver.poll(rdflib_timeout):
            theirs, answer = receiver.recv()
            if theirs is None:
                rdflib_note = f"failed: {answer}"
        child.kill()
        child.join()
        row["rdflib_ms"] = round(theirs * 1000, 1) if theirs is not None else None
        if theirs is None:
            row["rdflib_note"] = rdflib_note
        rows.append(row)
        print(row, flush=True)
    median = statistics.median(r["oxigraph_ms"] for r in rows)
    memory_median = statistics.median(r["memory_ms"] for r in rows)
    table = [
        f"Canned queries on {quads:,} quads ({count:,} generated articles; {machine()}): milliseconds, "
        f"battlegraph's embedded Oxigraph store on disk and an in-memory copy of it (median of {repeat}; "
        f"copying took {memory_load:.0f} s) and rdflib in memory (one run, stopped after {rdflib_timeout:g} s; "
        f"loading the file into rdflib took {rdflib_load:.0f} s).",
        "",
        "| query | parameters | rows | embedded store (ms) | in memory (ms) | rdflib (ms) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        theirs_text = f"{row['rdflib_ms']:,.0f}" if row["rdflib_ms"] is not None else row["rdflib_note"]
        given = ", ".join(f"{k}={v}" for k, v in row["params"].items())
        table.append(
            f"| {row['query']} | {given} | {row['rows']:,} | {row['oxigraph_ms']:,.1f} | {row['memory_ms']:,.1f} "
            f"| {theirs_text} |"
        )
    table.append(f"| **median** | | | **{median:,.1f}** | **{memory_median:,.1f}** | |")
    write_results("queries", table, {"machine": machine(), "quads": quads, "rdflib_load_s": rdflib_load, "rows": rows})


def _battlegraph_load(arguments: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "battlegraph"), "load", *arguments], capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(done.stdout.decode() + done.stderr.decode())
    return time.perf_counter() - started


def load_section(count: int) -> None:
    """`battlegraph load` beside each store's own bulk load of the same N-Quads, into a fresh store each time."""
    import urllib.request

    from tests.triplestores import ensure_installed, start_oxigraph, virtuoso  # the test harness: starts the stores

    out = DATA / f"load-{count}"
    if not (out / "graph.nq").exists():
        build([articles(count)], out, formats=("nq",), validate=False, store=False)
    nquads = out / "graph.nq"
    quads = sum(1 for _ in nquads.open("rb"))
    rows: list[dict[str, Any]] = []
    work = Path(tempfile.mkdtemp(prefix="battlegraph-load-"))

    def oxigraph(how: str) -> float:
        process, url = start_oxigraph(work / f"oxigraph-{how}")
        try:
            if how == "own":
                started = time.perf_counter()
                request = urllib.request.Request(
                    f"{url}/store", data=nquads.read_bytes(), method="POST",
                    headers={"Content-Type": "application/n-quads"},
                )  # fmt: skip
                with urllib.request.urlopen(request, timeout=3600) as response:
                    response.read()
                return time.perf_counter() - started
            return _battlegraph_load([f"{url}/store", "--graph", str(nquads), f"--{how}", "--timeout", "3600"])
        finally:
            process.terminate()
            process.wait()

    for how, what in (("own", "POST /store of the N-Quads (its bulk path)"), ("bulk", "battlegraph load --bulk"),
                      ("per-graph", "battlegraph load --per-graph (PUT each graph, 4 at a time)")):  # fmt: skip
        seconds = oxigraph(how)
        rows.append({"store": "Oxigraph server", "how": what, "seconds": seconds, "rate": quads / seconds})
        print(rows[-1], flush=True)
    ensure_installed()
    with virtuoso(work) as engine:
        started = time.perf_counter()
        engine.load(nquads)
        seconds = time.perf_counter() - started
    rows.append({"store": "Virtuoso 7", "how": "isql bulk loader (ld_add, rdf_loader_run)", "seconds": seconds,
                 "rate": quads / seconds})  # fmt: skip
    print(rows[-1], flush=True)
    with virtuoso(work) as engine:
        port = getattr(engine, "http_port")  # noqa: B009 (not part of the Engine protocol)
        seconds = _battlegraph_load(
            [f"http://127.0.0.1:{port}/sparql-graph-crud-auth", "--graph", str(nquads), "--graph-param",
             "graph-uri", "--user", "dba", "--password", "dba", "--timeout", "3600"]
        )  # fmt: skip
    rows.append({"store": "Virtuoso 7", "how": "battlegraph load (PUT each graph, digest auth, 4 at a time)",
                 "seconds": seconds, "rate": quads / seconds})  # fmt: skip
    print(rows[-1], flush=True)
    shutil.rmtree(work, ignore_errors=True)
    table = [
        f"Loading {quads:,} quads ({count:,} generated articles, one named graph each) into a fresh store, "
        f"on 127.0.0.1 ({machine()}): wall seconds and quads per second.",
        "",
        "| store | how | seconds | quads/s |",
        "|---|---|---:|---:|",
    ]
    table += [f"| {r['store']} | {r['how']} | {r['seconds']:.1f} | {r['rate']:,.0f} |" for r in rows]
    write_results("load", table, {"machine": machine(), "quads": quads, "rows": rows})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("section", choices=["validation", "queries", "build", "load"])
    parser.add_argument("--naive-limit", type=int, default=10_000)
    parser.add_argument("--reuse-naive", action="store_true", help="build: keep the naive figures already recorded")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=2000, help="load: how many generated articles")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pyshacl-limit", type=int, default=1000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.section == "validation":
        validation(sizes, args.repeat, args.pyshacl_limit)
    elif args.section == "queries":
        queries(args.triples, args.repeat, args.rdflib_timeout)
    elif args.section == "load":
        load_section(args.articles)
    elif args.section == "build":
        build_section(
            sizes if args.sizes != "100,1000,10000" else [1000, 10000, 100000],
            args.naive_limit,
            args.reuse_naive,
            args.repeat,
        )


if __name__ == "__main__":
    main()
