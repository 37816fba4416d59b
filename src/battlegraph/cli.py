"""The ``battlegraph`` command: parse options, call the library, print, map errors to exit codes.

Exit codes: 0 everything went well; 1 data problems were found (some inputs were
rejected, or validation found violations); 2 the input or the command line is
unusable (nothing could be read, a path does not exist, an unknown option).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from . import __version__
from .article import read_article
from .dates import PartialDate
from .errors import BattlegraphError, InputError, NotABattleError
from .export import DEFAULT_FORMATS, FORMATS, write_text_atomic
from .extract import extract
from .iris import DEFAULT_BASE, check_base
from .pipeline import build as build_graph
from .pipeline import validation_input
from .resources import default_articles
from .validate import (
    ValidationReport,
    load_nquads,
    report_json,
    report_text,
    report_turtle,
    summary,
    validate_nquads,
    validate_with_pyshacl,
)

OK, DATA_PROBLEMS, UNUSABLE = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


def _fail(message: str, code: int) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def translate_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's exceptions into messages and exit codes."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
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


def _base(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return check_base(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="battlegraph")
def main() -> None:
    """Turn battle articles into a validated linked-data knowledge graph."""


@main.command()
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
    "--validate/--no-validate", default=True, show_default=True, help="Check the graph with the SHACL shapes."
)
@click.option("--store/--no-store", default=True, show_default=True, help="Fill the embedded store DIR/store.")
@translate_errors
def build(
    paths: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], base: str, validate: bool, store: bool
) -> None:
    """Build the graph from article files and folders (default: the seed articles in data/articles).

    Writes graph.ttl, graph.jsonld and graph.trig (or the --format ones) to the
    output folder, fills the embedded store (DIR/store) that `battlegraph query`
    reads, validates the graph with the SHACL shapes (report.txt, report.ttl), and
    prints what was read, built and left out. Files that cannot be used are named
    with the reason; the rest of the batch is still built.
    """
    report = build_graph(_default_inputs(paths), out_dir, formats=formats, base=base, validate=validate, store=store)
    for problem in report.rejected:
        click.secho(f"rejected {problem}", fg="red", err=True)
    for skipped in report.skipped:
        click.secho(f"skipped {skipped}", fg="yellow", err=True)
    for diagnostic in report.diagnostics:
        click.secho(f"warning {diagnostic}", fg="yellow", err=True)
    click.echo(
        f"Read {report.articles_read} article{'s' if report.articles_read != 1 else ''}: "
        f"{report.battles} battle{'s' if report.battles != 1 else ''}, {report.people} people, "
        f"{report.triples} triples; {len(report.skipped)} skipped (no conflict infobox), "
        f"{len(report.rejected)} rejected (unusable)."
    )
    for path in report.outputs.values():
        click.echo(f"Wrote {path}")
    if report.store is not None:
        click.echo(f"Wrote {report.store} (the embedded store `battlegraph query` reads)")
    if report.validation is not None:
        _show_findings(report.validation)
        click.echo(f"Wrote {Path(out_dir) / 'report.txt'} and {Path(out_dir) / 'report.ttl'}")
    if report.battles == 0 and report.rejected:
        sys.exit(UNUSABLE)
    if report.articles_read == 0 and not report.rejected:
        _fail("no article files found (folders are searched for *.txt)", UNUSABLE)
    if report.rejected or (report.validation is not None and not report.validation.conforms):
        sys.exit(DATA_PROBLEMS)


def _default_inputs(paths: tuple[Path, ...]) -> Iterable[Path]:
    if paths:
        return paths
    return (Path("data/articles") if Path("data/articles").is_dir() else default_articles(),)


_SHOWN_FINDINGS = 20


def _show_findings(validation: ValidationReport) -> None:
    """The findings themselves when there are few; the summary and the report's name when many."""
    if 0 < len(validation.findings) <= _SHOWN_FINDINGS:
        click.echo(report_text(validation).rstrip("\n"))
    else:
        click.echo(f"Validation: {summary(validation)}")


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


@main.command("extract")
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


@main.command("validate")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
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
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to a file instead of stdout.")
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
    chosen: tuple[Path, ...] = inputs
    if store_dir is None and not inputs:
        if Path("out/store/CURRENT").exists():
            store_dir = Path("out/store")
        else:
            chosen = tuple(_default_inputs(()))
    with validation_input(chosen, store_dir) as (spool, rejected):
        for problem in rejected:
            click.secho(f"rejected {problem}", fg="red", err=True)
        report = validate_with_pyshacl(load_nquads(spool)) if engine == "pyshacl" else validate_nquads(spool)
    rendered = {"text": report_text, "turtle": report_turtle, "json": report_json}[fmt](report)
    if output is not None:
        write_text_atomic(output, rendered)
        click.echo(f"Wrote {output}: {summary(report)}")
    else:
        click.echo(rendered, nl=False)
    sys.exit(OK if report.conforms else DATA_PROBLEMS)


if __name__ == "__main__":  # pragma: no cover
    main()
