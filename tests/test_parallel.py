"""Work beside the main process: results and errors cross back, a dead or cancelled helper is reaped."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import IO

import pytest

from battlegraph import InputError, OutputError
from battlegraph._parallel import Beside


def _alive(pid: int | None) -> bool:
    assert pid is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is not alive either
        return stat.read().split(") ")[1][0] != "Z"


def test_the_result_and_the_error_cross_back() -> None:
    assert Beside(lambda: {"answer": 42}, "asking").wait() == {"answer": 42}
    with pytest.raises(ZeroDivisionError):
        Beside(lambda: 1 / 0, "dividing").wait()
    with pytest.raises(OutputError) as raised:
        Beside(lambda: (_ for _ in ()).throw(OutputError("disk full", "/x/graph.ttl")), "writing").wait()
    assert raised.value.path is not None and str(raised.value.path).endswith("graph.ttl")


class _PickyError(Exception):
    def __init__(self, reason: str, code: int) -> None:  # pickles, but cannot be rebuilt from its args
        super().__init__(f"{reason} ({code})")


def _raise_picky() -> None:
    raise _PickyError("odd failure", 7)


def test_an_error_that_cannot_be_rebuilt_comes_as_its_message() -> None:
    with pytest.raises(RuntimeError, match=r"checking failed: _PickyError: odd failure \(7\)"):
        Beside(_raise_picky, "checking").wait()


def test_a_helper_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(RuntimeError, match="killing itself failed: it ended with exit code -9"):
        Beside(lambda: os.kill(os.getpid(), signal.SIGKILL), "killing itself").wait()


def test_cancel_stops_a_running_helper_at_once() -> None:
    job = Beside(lambda: time.sleep(60), "sleeping")
    pid = job._process.pid
    assert _alive(pid)
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 5
    assert not _alive(pid)


def test_a_writer_that_fails_or_dies_is_an_output_error_naming_its_file(tmp_path: Path) -> None:
    from battlegraph._export import _Writer

    def broken(stream: IO[bytes]) -> None:
        stream.write(b"half")
        raise ValueError("no blank nodes here")

    def dying(stream: IO[bytes]) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    for writer, said in ((broken, "no blank nodes here"), (dying, "exit code -9")):
        target = tmp_path / "graph.jsonld"
        with pytest.raises(OutputError, match=said) as raised:
            _Writer(target, writer).wait()
        assert str(raised.value.path) == str(target)
        assert not target.exists()  # never half a file under the final name


def test_query_workers_say_when_they_cannot_open_the_store(tmp_path: Path) -> None:
    from battlegraph._querypool import QueryPool

    async def start() -> None:
        pool = QueryPool(tmp_path / "no-store", size=1, in_memory=True)
        try:
            await pool.start()
        finally:
            await pool.close()

    with pytest.raises(InputError, match="a query worker cannot open the store"):
        asyncio.run(start())
