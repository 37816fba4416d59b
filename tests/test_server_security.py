"""`battlegraph serve` against hostile and careless clients, over real HTTP on loopback.

SERVICE is refused, a query past its limit is killed with its worker process, every
malformed request gets a 4xx, 200 clients at once are all answered, and every
response carries the security headers.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from battlegraph._cli import main
from battlegraph._publish import SiteRenderer
from battlegraph._server import ServerOptions, create_app, running
from battlegraph._store import open_store, store_folder

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def app(seed_out: Path) -> Starlette:
    store = open_store(seed_out)
    return create_app(store_folder(seed_out), ServerOptions(timeout=1.0, workers=2), renderer=SiteRenderer(store))


@pytest.fixture(scope="module")
def url(app: Starlette) -> Iterator[str]:
    with running(app) as address:
        yield address


def call(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def raw(url: str, request: bytes) -> bytes:
    """Send bytes as they are; return what comes back before the server closes or 5 s pass."""
    host, port = urllib.parse.urlsplit(url).netloc.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        received = b""
        try:
            while b"\r\n\r\n" not in received:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except TimeoutError:
            pass
    return received


class Listener:
    """A loopback TCP listener that counts the connections made to it (a target a SERVICE clause could name)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


# --- 7: SERVICE ---------------------------------------------------------------


def test_service_is_refused_and_nothing_is_fetched(url: str, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    for data, headers, target in (
        (None, {}, f"{url}/sparql?query={urllib.parse.quote(query)}"),
        (urllib.parse.urlencode({"query": query}).encode(), {}, f"{url}/sparql"),
        (query.encode(), {"Content-Type": "application/sparql-query"}, f"{url}/sparql"),
        # written with a codepoint escape, which SPARQL reads as the keyword
        (None, {}, f"{url}/sparql?query={urllib.parse.quote(query.replace('SERVICE', chr(92) + 'u0053ERVICE'))}"),
    ):
        status, _, body = call(target, data=data, headers=headers)
        assert status == 403 and b"SERVICE is refused" in body
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_is_fetched_only_when_allowed(seed_out: Path, listener: Listener) -> None:
    app = create_app(store_folder(seed_out), ServerOptions(timeout=5.0, workers=1, allow_service=True))
    query = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    with running(app) as address:
        status, _, _ = call(f"{address}/sparql?query={urllib.parse.quote(query)}")
    assert status == 200 and listener.connections >= 1


def test_query_file_with_service_is_refused(seed_out: Path, tmp_path: Path, listener: Listener) -> None:
    rq = tmp_path / "fetch.rq"
    rq.write_text(f"# title: fetch\nSELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}\n")
    result = CliRunner().invoke(main, ["query", str(rq), "--store", str(seed_out / "store")])
    assert result.exit_code == 2 and "SERVICE" in result.output
    assert listener.connections == 0
    allowed = CliRunner().invoke(main, ["query", str(rq), "--store", str(seed_out / "store"), "--allow-service"])
    assert listener.connections >= 1, allowed.output


# --- 8: slow queries -------------------------------------------------------------


def test_a_slow_query_is_killed_with_its_worker_and_frees_its_slot(app: Starlette, url: str) -> None:
    pool = app.state.pool
    before = pool.pids()
    slow = f"{url}/sparql?query={urllib.parse.quote(SLOW)}"
    with ThreadPoolExecutor(6) as clients:  # three times as many slow queries as there are workers
        answers = list(clients.map(lambda _: call(slow), range(6)))
    assert all(status == 503 for status, _, _ in answers)
    # stopped past the limit, or refused while every worker is busy or restarting after being stopped
    assert all(b"limit" in body or b"too many" in body or b"opening the store" in body for _, _, body in answers)
    after = pool.pids()
    assert len(after) == len(before) and not set(before) & set(after)  # every worker that ran one was replaced
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in before)  # gone, with their memory
    started = time.monotonic()
    status, _, body = call(f"{url}/sparql?query={urllib.parse.quote(FAST)}")
    assert status == 200 and b"true" in body and time.monotonic() - started < 5


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# --- 9: malformed requests ---------------------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "expected"),
    [
        (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", b" 400 "),
        (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n", b" 400 "),
        (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 300000000\r\n\r\nquery=", b" 413 "),
        (b"GET /battle/<script> HTTP/1.1\r\nHost: x\r\n\r\n", b" 400 "),
        (b"GET /battle/%3Cx%3E HTTP/1.1\r\nHost: x\r\n\r\n", b" 400 "),
        (b"GET /battle/%22%7B%7C%5E%60%5C HTTP/1.1\r\nHost: x\r\n\r\n", b" 400 "),
        (b"GET /battle/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", b" 400 "),
        (b"GET /battle/\x00 HTTP/1.1\r\nHost: x\r\n\r\n", b" 400 "),
        (b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", b" 405 "),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n", b" 400 "),
        (b"nonsense\r\n\r\n", b" 400 "),
    ],
)
def test_malformed_requests_get_a_4xx(url: str, request_bytes: bytes, expected: bytes) -> None:
    answer = raw(url, request_bytes)
    assert answer.startswith(b"HTTP/1.1") and expected in answer.split(b"\r\n", 1)[0], answer[:200]


def test_a_streamed_body_past_the_limit_is_refused(url: str) -> None:
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
    answer = raw(url, head + body)
    assert b" 413 " in answer.split(b"\r\n", 1)[0]


# --- 10: many clients at once ------------------------------------------------------


def test_two_hundred_clients_at_once_are_all_answered(url: str) -> None:
    targets = [f"{url}/sparql?query={urllib.parse.quote(FAST)}", f"{url}/index.html", f"{url}/person/ukita-hideie"]
    barrier = threading.Barrier(200, timeout=30)

    def client(index: int) -> tuple[int, float]:
        barrier.wait()
        started = time.monotonic()
        target = targets[index % len(targets)]
        status, _, _ = call(target, headers={} if "sparql" in target else {"Accept": "text/html"})
        return status, time.monotonic() - started

    with ThreadPoolExecutor(200) as clients:
        results = list(clients.map(client, range(200)))
    statuses = [status for status, _ in results]
    assert statuses.count(200) == 200, sorted(set(statuses))
    assert max(seconds for _, seconds in results) < 20


# --- 11: headers ---------------------------------------------------------------------


def test_every_response_has_the_security_headers(url: str) -> None:
    for target in ("/", "/index.html", "/style.css", "/person/ukita-hideie.ttl", "/nowhere",
                   f"/sparql?query={urllib.parse.quote(FAST)}"):  # fmt: skip
        _status, headers, _ = call(url + target)
        assert headers["x-content-type-options"] == "nosniff", target
        assert headers["server"] == "battlegraph", target  # no version of Python, uvicorn or ours
        if headers["content-type"].startswith("text/html"):
            assert "default-src 'none'" in headers["content-security-policy"], target
            assert "script-src" not in headers["content-security-policy"]  # no scripts at all


def test_the_serve_command_prints_every_url(seed_out: Path) -> None:
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "battlegraph", "serve", "--store", str(seed_out / "store"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not lines or "/dumps/" not in lines[-1]:  # the banner's last line
            line = process.stdout.readline()
            assert line, f"serve stopped: {lines}"
            lines.append(line)
        urls = [word for line in lines for word in line.split() if word.startswith("http://127.0.0.1:")]
        site = urls[0]
        assert site.endswith("/") and len(urls) >= 8
        for url in urls:  # every URL it prints answers
            if "…" in url:  # a family of URLs (/battle/…), tried by the content negotiation tests
                continue
            asked = url + "?query=ASK%7B%7D" if url.endswith("/sparql") else url
            status, _, _ = call(asked)
            assert status == 200, url
    finally:
        process.terminate()
        process.wait(timeout=10)
