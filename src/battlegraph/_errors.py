"""The exceptions battlegraph raises, and the diagnostics it collects.

Library code never prints or exits: it raises one of these, and the command line (``_cli.py``)
turns them into messages and exit codes. Every error names the file and, where
it is known, the line::

    BattlegraphError                 file, line, reason
    ├── InputError                   the input cannot be used at all (exit 2)
    │   ├── UnreadableFileError      missing, a directory, permission denied
    │   ├── EncodingError            binary data or bytes that are not UTF-8
    │   ├── EmptyArticleError        nothing but whitespace
    │   ├── NotAnArticleError        no "= Title =" line, or an infobox that never closes
    │   ├── QueryError               a query cannot be found, bound or run
    │   └── InternalError            battlegraph failed on this input: a bug, reported with its traceback
    ├── NotABattleError              an article, but no conflict infobox: skipped
    ├── OutputError                  a result could not be written
    └── UnsupportedShapeError        a SHACL shape the SPARQL compiler cannot translate

A :class:`Diagnostic` is the non-fatal sibling: something suspicious the
extractor noticed (an order-of-battle list that names no side's commanders, a
duplicated infobox key) that does not stop the article from being built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BattlegraphError(Exception):
    """Base class: a reason, and the file and line it concerns."""

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}{self.reason}"

    def __reduce__(self) -> tuple[type[BattlegraphError], tuple[object, ...]]:
        # errors cross from the worker processes that read articles: keep their fields, not just their text
        return (self.__class__, (self.reason, self.path, self.line))


class InputError(BattlegraphError):
    """The input cannot be used."""


class UnreadableFileError(InputError):
    """The file cannot be opened or read."""


class EncodingError(InputError):
    """The file is binary or is not valid UTF-8."""


class EmptyArticleError(InputError):
    """The file holds nothing but whitespace."""


class NotAnArticleError(InputError):
    """The file is text but not an article in the plain-text rendering."""


class InternalError(InputError):
    """battlegraph failed on one input; the input is rejected and the rest of the batch goes on.

    ``details`` holds the traceback, for ``problems.txt`` and a bug report.
    """

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None, details: str = "") -> None:
        super().__init__(reason, path, line)
        self.details = details

    def __reduce__(self) -> tuple[type[BattlegraphError], tuple[object, ...]]:
        return (self.__class__, (self.reason, self.path, self.line, self.details))

    @classmethod
    def of(cls, exc: BaseException, path: str | Path | None) -> InternalError:
        import traceback

        details = "".join(traceback.format_exception(exc))
        return cls(f"internal error: {type(exc).__name__}: {exc}", path, details=details)


class QueryError(InputError):
    """A query could not be found, bound or run: the command line or the query is at fault."""


class NotABattleError(BattlegraphError):
    """The article has no military-conflict infobox, so it describes no battle."""


class OutputError(BattlegraphError):
    """A result could not be written."""


class UnsupportedShapeError(BattlegraphError):
    """A SHACL shape uses a feature the SPARQL compiler does not translate (it is refused, never skipped)."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A non-fatal finding about one place in one input file."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}{self.message}"


def _where(path: str | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line is not None else f"{path}: "
