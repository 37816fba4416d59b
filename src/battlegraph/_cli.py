"""The ``battlegraph`` command: parse options, call the library, print, map errors to exit codes.

Exit codes: 0 everything went well; 1 data problems were found (some inputs were
rejected, or validation found violations); 2 the input or the command line is
unusable (nothing could be read, a path does not exist, an unknown option).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click
from rich.console import Console

from . import __version__
from ._api import build as build_graph
from ._api import query as ask
from ._api import read_article
from ._api import validate as validate_graph
from ._building import BuildInterrupted, BuildReport, problem_lines
from ._dates import PartialDate
from ._errors import BattlegraphError, InputError, NotABattleError, OutputError
from ._export import write_text_atomic
from ._extraction import extract
from ._formats import DEFAULT_FORMATS, FORMATS
from ._generation import built_base, manifest
from ._iris import DEFAULT_BASE, check_base
from ._publish import SiteRenderer, publish
from ._queries import (
    QueryResult,
    canned_queries,
    parse_params,
    remote_warnings,
    table_rows,
    to_csv,
    to_json,
    to_tsv,
)
from ._remote import (
    bulk_load,
    check_endpoint,
    dataset_graphs,
    load_graphs,
    prune_graphs,
    query_endpoint_for,
    store_graphs,
    update_endpoint_for,
)
from ._store import load_rdf_files, open_store, store_folder
from ._validation import ValidationReport, report_json, report_text, report_turtle, summary

OK, DATA_PROBLEMS, UNUSABLE = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


def _fail(message: str, code: int) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def translate_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's exceptions into messages and exit codes."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (InputError, OutputError) as exc:  # input, output or a command that cannot be used
            _fail(str(exc), UNUSABLE)
        except BattlegraphError as exc:
            _fail(str(exc), DATA_PROBLEMS)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def _formats(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    chosen = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    unknown = [fmt for fmt in chosen if fmt not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(chosen)) or DEFAULT_FORMATS


def _optional_base(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else _base(ctx, param, value)


def _base(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return check_base(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


class _OneVoice(click.Group):
    """Click's own errors (an unknown option, a bad value) in the style of ours: one line, ``error: …``."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(UNUSABLE)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "battlegraph"
            click.secho(f"error: {exc.format_message()} (see `{command} --help`)", fg="red", err=True)
            sys.exit(UNUSABLE)
        except click.ClickException as exc:
            click.secho(f"error: {exc.format_message()}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.secho("Stopped.", fg="yellow", err=True)
            sys.exit(130)


@click.group(cls=_OneVoice, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="battlegraph")
def main() -> None:
    """Turn battle articles into a validated linked-data knowledge graph."""


@main.command(short_help="Build the graph, the store and the reports from articles.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="Output folder."
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    callback=_formats,
    help=f"Formats to write, repeatable or comma-separated: {', '.join(FORMATS)} "
    f"[default: {','.join(DEFAULT_FORMATS)}].",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, callback=_base, help="Base IRI of the resources.")
@click.option(
    "--dataset",
    help="Name of this build in triple stores: its ontology and links graphs are named under it "
    "[default: the output folder's name].",
)
@click.option(
    "--validate/--no-validate", default=True, show_default=True, help="Check the graph with the SHACL shapes."
)
@click.option("--no-store", is_flag=True, help="Do not fill the embedded store OUT/store (faster, for files only).")
@click.option(
    "--aliases",
    type=click.Path(path_type=Path),
    help="Alias file of names that mean the same thing [default: data/aliases.ttl].",
)
@click.option("-j", "--workers", type=click.IntRange(1, 256), help="Worker processes [default: one per core].")
@click.option("--resume", is_flag=True, help="Continue an interrupted build from its last checkpoint.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [default: on a terminal].")
@click.option("--timings", is_flag=True, help="Print how long each stage took.")
@translate_errors
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    base: str,
    dataset: str | None,
    validate: bool,
    no_store: bool,
    aliases: Path | None,
    workers: int | None,
    resume: bool,
    progress: bool | None,
    timings: bool,
) -> None:
    """Build the graph from article files and folders (default: the seed articles in data/articles).

    PATHS are plain-text articles (*.txt), wikitext pages (*.wiki) and MediaWiki XML
    dumps (*.xml, *.xml.bz2), or folders of them. Writes graph.ttl, graph.jsonld and
    graph.trig (or the --format ones) to the output folder, fills the embedded store
    (DIR/store) that `battlegraph query` reads, validates the graph with the SHACL
    shapes (report.txt, report.ttl), lists merged names and look-alikes
    (resolution.txt), and prints what was read, built and left out. Files and pages
    that cannot be used are named with the reason; the rest is still built.
    """
    show = progress if progress is not None else sys.stderr.isatty()
    try:
        with _progress_bar(show) as update:
            report = build_graph(
                paths,
                out_dir,
                formats=formats,
                base=base,
                dataset=dataset,
                validate=validate,
                store=not no_store,
                aliases=aliases if aliases is not None else True,
                workers=workers,
                resume=resume,
                progress=update,
            )
    except BuildInterrupted as stop:
        kept = f"the first {stop.kept:,} documents read are kept" if stop.kept else "nothing read was kept yet"
        click.secho(
            f"Interrupted: {kept}; run the same command with --resume to continue from there.", fg="yellow", err=True
        )
        sys.exit(130)
    problems = problem_lines(report)
    for line in problems[:_SHOWN_PROBLEMS]:
        click.secho(line, fg="red" if line.startswith("rejected") else "yellow", err=True)
    if len(problems) > _SHOWN_PROBLEMS:
        click.secho(f"… and {len(problems) - _SHOWN_PROBLEMS:,} more in {report.problems}", fg="yellow", err=True)
    click.echo(
        f"Read {report.articles_read:,} article{'s' if report.articles_read != 1 else ''}: "
        f"{report.battles:,} battle{'s' if report.battles != 1 else ''}, {report.people:,} people; "
        f"{report.triples:,} triples, {report.quads:,} quads in {report.graphs:,} named graphs; "
        f"{len(report.skipped):,} skipped (no conflict infobox), {len(report.rejected):,} rejected (unusable)"
        + (
            f"; {report.passed_over:,} dump pages passed over (redirects, other namespaces, no conflict infobox)."
            if report.passed_over
            else "."
        )
    )
    if report.resumed_from:
        click.echo(f"Resumed from the checkpoint: {report.resumed_from:,} documents were not read again.")
    for path in report.outputs.values():
        click.echo(f"Wrote {path}")
    if report.store is not None:
        click.echo(f"Wrote {report.store} (the embedded store `battlegraph query` reads)")
    if report.resolution is not None:
        click.echo(f"Wrote {report.resolution} (names merged across articles, and look-alikes that were not)")
    if report.problems is not None:
        click.echo(f"Wrote {report.problems} (inputs rejected or skipped, and warnings)")
    if report.validation is not None:
        _show_findings(report.validation)
        click.echo(f"Wrote {Path(out_dir) / 'report.txt'} and {Path(out_dir) / 'report.ttl'}")
    if timings:
        for stage, seconds in report.timings.items():
            click.echo(f"  {stage}: {seconds:.2f} s")
    if report.battles == 0 and report.rejected:
        sys.exit(UNUSABLE)
    if report.articles_read == 0 and not report.rejected:
        _fail("no article files found (folders are searched for *.txt)", UNUSABLE)
    if report.rejected or (report.validation is not None and not report.validation.conforms):
        sys.exit(DATA_PROBLEMS)


def _eta(report: BuildReport, elapsed: float) -> str:
    left = elapsed * max(report.inputs_bytes - report.bytes_read, 0) / max(report.bytes_read, 1)
    return f"{int(left) // 60}:{int(left) % 60:02d}"


_STAGES = {
    "store": "filling the store",
    "formats": "writing the formats",
    "validation": "validating",
    "publishing": "publishing the build",
}


@contextmanager
def _progress_bar(show: bool) -> Iterator[Callable[[BuildReport], None] | None]:
    """Reading as a bar over the input bytes (total, percent, rate, time left), then a line per later stage.

    Nothing when not shown (output is not a terminal, or --no-progress).
    """
    if not show:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    columns = (
        SpinnerColumn(finished_text="[green]✓"),
        TextColumn("{task.description:<19}"),
        BarColumn(bar_width=20),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[detail]}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        reading = bar.add_task("reading", total=None, detail="")
        current = [reading]

        def finish(task: Any) -> None:
            total = bar.tasks[task].total or 1
            bar.update(task, total=total, completed=total)

        def update(report: BuildReport) -> None:
            if report.stage == "reading":
                documents = max(report.pages_seen, report.articles_read + len(report.rejected))
                elapsed = max(time.monotonic() - started, 1e-6)
                bar.update(
                    reading,
                    total=report.inputs_bytes or None,
                    completed=report.bytes_read,
                    detail=f"{documents:,} read, {report.battles:,} battles, {documents / elapsed:,.0f}/s, "
                    + (f"{_eta(report, elapsed)} left" if report.bytes_read else ""),
                )
                return
            finish(current[-1])
            current.append(bar.add_task(_STAGES.get(report.stage, report.stage), total=None, detail=""))

        yield update
        finish(current[-1])


_SHOWN_FINDINGS = 20
_SHOWN_PROBLEMS = 20


def _show_findings(validation: ValidationReport) -> None:
    """The findings themselves when there are few; the summary and the report's name when many."""
    if 0 < len(validation.findings) <= _SHOWN_FINDINGS:
        click.echo(report_text(validation).rstrip("\n"))
    else:
        click.echo(f"{summary(validation)} They are listed in report.txt (too many to show here).")


def _jsonable(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return {"value": value.lexical, "datatype": value.datatype}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@main.command("extract", short_help="Print what one article says, as JSON.")
@click.argument("file", type=click.Path(path_type=Path))
@translate_errors
def extract_command(file: Path) -> None:
    """Print the battle record extracted from one article, as JSON."""
    article = read_article(file)
    try:
        result = extract(article)
    except NotABattleError as exc:
        click.echo(json.dumps({"battle": None, "warnings": [str(exc)]}, ensure_ascii=False, indent=2))
        click.secho(f"warning {exc}", fg="yellow", err=True)
        sys.exit(DATA_PROBLEMS)
    record = {"battle": _jsonable(result.battle), "warnings": [str(d) for d in result.diagnostics]}
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@main.command("validate", short_help="Check a build, a graph or articles with the SHACL shapes.")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="Validate a built store (e.g. out/store).")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL on Oxigraph; pyshacl: the reference engine (slow).",
)
@click.option(
    "-o", "--out", "output", type=click.Path(path_type=Path), help="Write the report to this file instead of stdout."
)
@translate_errors
def validate_command(
    inputs: tuple[Path, ...], fmt: str, store_dir: Path | None, engine: str, output: Path | None
) -> None:
    """Check a graph or articles against the SHACL shapes and report what is wrong or suspicious.

    INPUTS are RDF files (.ttl .trig .nt .nq .jsonld) or article files and folders;
    with none, the store built in out/store is checked, else data/articles.
    Exit code 0: the graph conforms (warnings allowed); 1: violations found;
    2: the input could not be read.
    """
    if not inputs and store_dir is None:
        default = Path("out/store")
        checked = (
            f"the build in {default}" if (default / "CURRENT").exists() else "the seed articles (no out/store yet)"
        )
        click.secho(f"Checking {checked}.", err=True)
    report = validate_graph(inputs, store=store_dir, engine=engine)
    for problem in report.rejected:
        click.secho(f"rejected {problem}", fg="red", err=True)
    rendered = {"text": report_text, "turtle": report_turtle, "json": report_json}[fmt](report)
    if output is not None:
        write_text_atomic(output, rendered)
        click.echo(f"Wrote {output}: {summary(report)}")
    else:
        click.echo(rendered, nl=False)
    sys.exit(OK if report.conforms else DATA_PROBLEMS)


@main.command("queries", short_help="List the canned questions and their parameters.")
def queries_command() -> None:
    """List the canned questions, with their parameters and defaults."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("name", style="cyan", no_wrap=True)
    table.add_column("question")
    table.add_column("parameters")
    for query in canned_queries().values():
        params = "\n".join(f"{p.name} = {p.default}" if p.default else p.name for p in query.params)
        table.add_row(query.name, f"[bold]{query.title}[/bold]\n{query.description}", params)
    Console(soft_wrap=False).print(table)


@main.command("query", short_help="Ask a canned question or a .rq file, here or on an endpoint.")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter; repeatable.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output: a table to read, or the SPARQL 1.1 CSV, TSV or JSON results format.",
)
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="A built store [default: out/store].")
@click.option(
    "--graph", "graph_files", multiple=True, type=click.Path(path_type=Path), help="RDF files to query instead."
)
@click.option("--endpoint", help="A SPARQL endpoint URL to query instead.")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let a query use SERVICE, which fetches from the endpoint it names (refused otherwise).",
)
@translate_errors
def query_command(
    name: str,
    params: tuple[str, ...],
    fmt: str,
    store_dir: Path | None,
    graph_files: tuple[Path, ...],
    endpoint: str | None,
    allow_service: bool,
) -> None:
    """Ask a canned question (see `battlegraph queries`) or run a .rq file.

    Without --store, --graph or --endpoint the embedded store that `battlegraph
    build` wrote to out/store is used: no server is needed. Parameters are bound
    as RDF literals, never pasted into the query text.
    """
    if sum(bool(x) for x in (store_dir, graph_files, endpoint)) > 1:
        raise click.UsageError("give at most one of --store, --graph and --endpoint")
    result = ask(
        name, parse_params(params), store=store_dir, graph=graph_files, endpoint=endpoint, allow_service=allow_service
    )
    _print_result(result, fmt)
    if endpoint is not None:
        asked = parse_params(params).get("limit", "")
        for warning in remote_warnings(endpoint, result, asked_limit=int(asked) if asked.isdigit() else None):
            click.secho(f"warning: {warning}", fg="yellow", err=True)


@main.command("publish", short_help="Write the static linked-data site.")
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder of the site: new, empty, or a site published before (replaced whole).",
)
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="The built store [default: out/store].")
@click.option(
    "--base",
    callback=_optional_base,
    help="Base IRI of the resources: pages go at their paths below it [default: the one the store was built with].",
)
@click.option("--site-url", help="Where the site will be served from, for void.ttl [default: the base IRI].")
@translate_errors
def publish_command(out_dir: Path, store_dir: Path | None, base: str | None, site_url: str | None) -> None:
    """Write the graph as a static linked-data site any web server can serve.

    Every battle, side, person, war, place and belligerent gets an HTML page at its
    IRI's path with its data beside it (.ttl, .jsonld, .nt); there is an index of
    all battles, a page per war with its timeline, a commander network, the
    ontology's documentation, the full dumps and a VoID/DCAT description. The
    pages use plain HTML, CSS and SVG, and nothing from other sites.
    """
    store = open_store(store_dir or Path("out/store"))
    built_in = store_folder(store_dir or Path("out/store")).parent
    report = publish(store, out_dir, base=base or built_base(built_in), site_url=site_url, dumps=built_in)
    click.echo(f"Wrote {report.folder}: {report.pages} pages and {report.data_files} data files.")


@main.command("load", short_help="Send a build's named graphs to a triple store.")
@click.argument("endpoint")
@click.option(
    "--graph",
    "graph_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="TriG or N-Quads files of named graphs [default: out/graph.trig, else out/graph.nq].",
)
@click.option(
    "--graph-param",
    default="graph",
    show_default=True,
    help="The query parameter naming the graph (Virtuoso: graph-uri).",
)
@click.option("--user", help="User name for HTTP basic or digest authentication.")
@click.option(
    "--password",
    envvar="BATTLEGRAPH_PASSWORD",
    help="Password (or set BATTLEGRAPH_PASSWORD) [default: asked for when --user is given].",
)
@click.option(
    "--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1, 86400), help="Seconds per request."
)
@click.option(
    "-j", "--workers", default=4, show_default=True, type=click.IntRange(1, 64), help="Graphs sent in parallel."
)
@click.option(
    "--prune",
    is_flag=True,
    help="Then remove the graphs of this build's dataset that the build no longer has (and only those).",
)
@click.option(
    "--sparql",
    "query_endpoint",
    help="The store's SPARQL query endpoint, which --prune asks for the dataset's graphs "
    "[default: beside ENDPOINT for Oxigraph, Fuseki, GraphDB and Virtuoso].",
)
@click.option(
    "--bulk/--per-graph",
    default=None,
    help="Drop the build's graphs in one update and send them all in one request, or PUT each graph "
    "[default: per graph, which measured faster on Oxigraph's server too].",
)
@click.option(
    "--update",
    "update_endpoint",
    help="The store's SPARQL update endpoint, which --bulk drops the graphs with [default: beside /store].",
)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [default: on a terminal].")
@translate_errors
def load_command(
    endpoint: str,
    graph_files: tuple[Path, ...],
    graph_param: str,
    user: str | None,
    password: str | None,
    timeout: float,
    workers: int,
    prune: bool,
    query_endpoint: str | None,
    bulk: bool | None,
    update_endpoint: str | None,
    progress: bool | None,
) -> None:
    """Send every named graph of a build to a triple store (SPARQL Graph Store Protocol).

    ENDPOINT is the store's Graph Store endpoint, e.g. http://localhost:7878/store
    (Oxigraph), http://localhost:3030/DATASET/data (Fuseki),
    http://localhost:7200/repositories/REPO/rdf-graphs/service (GraphDB) or
    http://localhost:8890/sparql-graph-crud-auth with --graph-param graph-uri and
    --user dba (Virtuoso). Each graph is sent with its own PUT, so loading again
    replaces and never duplicates; a build's graphs are named under its dataset, so
    several builds live side by side. Exit code 1 when some graphs did not arrive.
    """
    check_endpoint(endpoint)
    if not graph_files:
        found = next((p for p in (Path("out/graph.trig"), Path("out/graph.nq")) if p.is_file()), None)
        if found is None:
            _fail("no out/graph.trig or out/graph.nq: build with them (the default writes TriG) or give --graph", 2)
        graph_files = (found,)
    if user is not None and password is None:
        try:
            password = click.prompt(f"Password for {user}", hide_input=True, err=True)
        except click.Abort:  # no terminal and nothing piped in
            _fail("--user needs a password: give --password, set BATTLEGRAPH_PASSWORD or type it when asked", UNUSABLE)
    prefix = None
    if prune:
        beside = graph_files[0].parent  # this build's own build.json, never one of a folder above
        made = manifest(beside) if (beside / "build.json").is_file() else None
        if made is None:
            _fail(f"--prune needs the build.json beside {graph_files[0]}, which names the build's dataset", UNUSABLE)
        prefix = f"{made['base']}dataset/{made['dataset']}/"
        query_endpoint = query_endpoint or query_endpoint_for(endpoint)
        if query_endpoint is None:
            _fail("--prune needs the store's SPARQL query endpoint: give --sparql URL", UNUSABLE)
    store = load_rdf_files(graph_files)
    if next(iter(store.named_graphs()), None) is None:
        _fail(f"{', '.join(map(str, graph_files))}: no named graphs to load (use TriG or N-Quads)", 2)
    graphs = list(store_graphs(store))
    quads = len(store)
    del store
    update_endpoint = update_endpoint or (update_endpoint_for(endpoint) if bulk else None)
    if bulk and update_endpoint is None:
        _fail("--bulk needs the store's SPARQL update endpoint: give --update URL", UNUSABLE)
    show = progress if progress is not None else sys.stderr.isatty()
    with _load_bar(show, len(graphs), quads) as update:
        if bulk and update_endpoint is not None:
            report = bulk_load(
                endpoint, update_endpoint, graphs, user=user, password=password, timeout=timeout, progress=update
            )
        else:
            report = load_graphs(
                endpoint,
                graphs,
                graph_param=graph_param,
                user=user,
                password=password,
                timeout=timeout,
                workers=workers,
                progress=update,
            )
    for name, reason in report.failed:
        click.secho(f"failed {name}: {reason}", fg="red", err=True)
    for name, reason in report.unanswered:
        click.secho(f"unsure {name}: {reason}", fg="yellow", err=True)
    rate = report.triples / report.seconds if report.seconds > 0 else 0.0
    click.echo(
        f"Loaded {len(report.loaded):,} of {len(graphs):,} graph{'s' if len(graphs) != 1 else ''} "
        f"({report.triples:,} of {quads:,} quads) into {endpoint} in {report.seconds:.1f} s ({rate:,.0f} quads/s)"
        + (f"; {len(report.failed):,} failed" if report.failed else "")
        + (f"; {len(report.unanswered):,} sent without an answer (load again to be sure)" if report.unanswered else "")
        + "."
    )
    if prune and prefix is not None and query_endpoint is not None:
        present = dataset_graphs(query_endpoint, prefix, user=user, password=password, timeout=timeout)
        keep = {name for name, _ in graphs}
        stale = [name for name in present if name not in keep]
        removed, refused = prune_graphs(
            endpoint, stale, graph_param=graph_param, user=user, password=password, timeout=timeout
        )
        for name, reason in refused:
            click.secho(f"failed to remove {name}: {reason}", fg="red", err=True)
        click.echo(
            f"Pruned {len(removed):,} graph{'s' if len(removed) != 1 else ''} of {prefix} that the build no longer has"
            + (f"; {len(refused):,} could not be removed." if refused else ".")
        )
        if refused:
            sys.exit(DATA_PROBLEMS)
    if not report.ok:
        sys.exit(DATA_PROBLEMS)


@contextmanager
def _load_bar(show: bool, graphs: int, quads: int) -> Iterator[Callable[[int, int], None] | None]:
    """Graphs sent of all, with quads per second and the time left, on stderr; nothing when not shown."""
    if not show:
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    started = time.monotonic()
    columns = (
        TextColumn("loading"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed:,}/{task.total:,} graphs · {task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("loading", total=graphs, rate="")

        def update(sent: int, triples: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(task, completed=sent, rate=f"{triples / elapsed:,.0f} quads/s")

        yield update


@main.command("serve", short_help="Serve the site and a read-only SPARQL endpoint.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="The built store [default: out/store].")
@click.option(
    "--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600), help="Query time limit, s."
)
@click.option("--base", callback=_optional_base, help="Base IRI of the resources [default: the build's].")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let queries use SERVICE (off by default: a client could make the server fetch any address).",
)
@click.option("-j", "--workers", type=click.IntRange(1, 64), help="Query worker processes [default: 2-4 by the cores].")
@click.option(
    "--in-memory",
    is_flag=True,
    help="Each query worker answers from a copy of the store in memory: questions 3-4x faster, "
    "for about 40 MB and 1.3 s per 100,000 quads in each worker.",
)
@translate_errors
def serve_command(
    host: str,
    port: int,
    store_dir: Path | None,
    timeout: float,
    base: str | None,
    allow_service: bool,
    workers: int | None,
    in_memory: bool,
) -> None:
    """Serve the graph as linked data, with a read-only SPARQL endpoint at /sparql.

    Every resource IRI (for example /battle/siege-of-jinju-1592) answers a browser
    with its page and an RDF client with Turtle, JSON-LD or N-Triples, as its
    Accept header asks. The pages are the ones `battlegraph publish` writes. A
    query past --timeout is stopped and answered 503; updates are refused.
    """
    from ._server import ServerOptions, create_app, serve

    store_path = store_folder(store_dir or Path("out/store"))
    store = open_store(store_path)
    chosen_base = base or built_base(store_path.parent)
    renderer = SiteRenderer(store, chosen_base, site_url=None, dumps=store_path.parent)
    options = ServerOptions(timeout=timeout, allow_service=allow_service, workers=workers, in_memory=in_memory)
    app = create_app(store_path, options, renderer=renderer)

    def ready(url: str) -> None:
        dumps = ", ".join(f"/dumps/{path.name}" for path in renderer.dump_files())
        click.echo(f"Serving {store_path} read-only (Ctrl-C stops):")
        click.echo(f"  {url}/                   the index of all battles, by date, war or size")
        click.echo(f"  {url}/battle/…, /person/…, /war/…, /place/…, /belligerent/…")
        click.echo(
            f"  {'':{len(url)}}                    every resource of {chosen_base}: HTML, Turtle, JSON-LD or N-Triples"
        )
        click.echo(f"  {url}/sparql             the read-only SPARQL 1.1 endpoint (also /query)")
        click.echo(f"  {url}/query.html         the canned questions, from a form")
        click.echo(f"  {url}/ontology.html      the ontology's documentation")
        click.echo(f"  {url}/network.html       the commander network")
        click.echo(f"  {url}/void.ttl           the VoID and DCAT description")
        if dumps:
            click.echo(f"  {url}/dumps/…            the whole graph: {dumps}")

    with suppress(KeyboardInterrupt):
        serve(app, host, port, on_ready=ready, log_level="warning")


def _print_result(result: QueryResult, fmt: str) -> None:
    if result.boolean is not None:
        click.echo(to_json(result) if fmt == "json" else ("true" if result.boolean else "false"))
        return
    if result.triples is not None:
        click.echo("".join(f"{s.ntriples()} {p.ntriples()} {o.ntriples()} .\n" for s, p, o in result.triples), nl=False)
        return
    if fmt == "json":
        click.echo(to_json(result), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(result), nl=False)
    elif fmt == "tsv":
        click.echo(to_tsv(result), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_header=True, header_style="bold")
        for variable in result.variables:
            table.add_column(variable)
        for row in table_rows(result):
            table.add_row(*row)
        console = Console(soft_wrap=False)
        console.print(table)
        console.print(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}", style="dim")


if __name__ == "__main__":  # pragma: no cover
    main()
