"""Three real triple stores on 127.0.0.1 for conformance tests: Oxigraph's server, Virtuoso 7 and Jena TDB2.

Each factory installs what is missing (Debian packages through apt-get, as root), starts its engine in a
fresh folder under `workdir`, waits (bounded) until it answers and returns an :class:`Engine`::

    with virtuoso(tmp_path) as engine:
        engine.load(out / "graph.nq")
        rows = engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

The dataset contract is the same on every engine, so that answers can be compared:

* `load` takes a TriG (`.trig`) or N-Quads (`.nq`) file whose triples all sit in named graphs (IRIs);
  a triple in the default graph raises ValueError, since the engines disagree about where it would go.
* A query without FROM sees the union of the loaded named graphs and nothing else (Virtuoso's own system
  graphs are hidden by its graph-level security); `GRAPH ?g` ranges over the loaded graphs.
* `select` returns the `results.bindings` of the SPARQL 1.1 JSON results. The only normalisation is
  Virtuoso's pre-standard term type "typed-literal", reported as "literal"; values are as each engine wrote
  them. Virtuoso's row cap is raised to 1,000,000 and its query time and cost limits are switched off; a
  truncated answer raises EngineError instead of coming back short.
* A query that takes longer than `select`'s `timeout` raises EngineTimeoutError (an EngineError). A server does
  not stop working on a query when its client gives up, so the harness then restarts that server on the same
  database (the loaded data stays) before it raises: the next query finds an idle engine.

Engines:

* `oxigraph_server`: `oxigraph serve --union-default-graph` from the venv (the PyPI package `oxigraph`),
  queried at /query. `load` stops the server, runs the bulk loader `oxigraph load` on its database and starts
  it again (seven times as fast as a POST to /store, which loads in one transaction).
* `virtuoso`: Debian's `virtuoso-opensource-7`; `virtuoso-t -f` with an ini of our own, loaded with the
  bulk loader through `isql-vt` (`ld_add` + `rdf_loader_run`, which keeps the quads' graphs) and queried at
  /sparql.
* `jena_tdb2`: Debian's `libapache-jena-java` (no Fuseki, no wrapper scripts), run as
  `java -cp … tdb2.tdbloader` and `tdb2.tdbquery --set tdb:unionDefaultGraph=true`, one JVM per call. The
  package moves Jena's shaded Xerces classes to the package `xerces` but leaves their message bundles
  under `org/apache/jena/ext/xerces`, so Jena dies at start-up ("internal error" in XSSimpleTypeDecl);
  the harness builds a small jar holding the bundles where the classes look for them.

Every server is stopped by `close()`, by leaving the `with` block, or at interpreter exit at the latest.
Nothing outside `workdir` is written, except what apt-get installs and, only while it runs, a
/usr/sbin/policy-rc.d that keeps the package from starting a system Virtuoso (when none exists already).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, parse

Row = dict[str, dict[str, str]]
"""One solution: variable name to its SPARQL JSON term (`type`, `value`, and `datatype` or `xml:lang`)."""

START_TIMEOUT = 120.0  # seconds an engine may take to answer after it was started
QUERY_TIMEOUT = 600.0  # seconds one query may take
LOAD_TIMEOUT = 1800.0  # seconds one load may take
INSTALL_TIMEOUT = 1800.0  # seconds apt-get may take

VIRTUOSO_PACKAGE = "virtuoso-opensource-7"
JENA_PACKAGE = "libapache-jena-java"
JAVA_PACKAGE = "default-jre-headless"
JAVA_DIR = Path("/usr/share/java")
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")

VIRTUOSO_INI = """\
; written by tests/triplestores.py: one private Virtuoso on 127.0.0.1 for a test run
[Database]
DatabaseFile = {home}/virtuoso.db
ErrorLogFile = {home}/virtuoso.log
LockFile = {home}/virtuoso.lck
TransactionFile = {home}/virtuoso.trx
xa_persistent_file = {home}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {home}/virtuoso-temp.db
TransactionFile = {home}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {home}
; buffers as OpenLink's table advises for 2 GB given to Virtuoso (8 KB pages): ample for test data
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
MaxSortedTopRows = 1000000
MaxStaticCursorRows = 1000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {home}/vsp
ServerThreads = 4
MaxClientConnections = 4
MaxKeepAlives = 4
KeepAliveTimeout = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""

_RUNNING: set[subprocess.Popen[bytes]] = set()
_PORT_TAKEN = re.compile(r"in use|bind|listen", re.IGNORECASE)  # worth another try on other ports
_APT_UPDATED = False


class EngineError(RuntimeError):
    """An engine could not be installed, started, loaded or queried."""


class EngineTimeoutError(EngineError):
    """A query took longer than it was given (the engine was restarted, its data kept)."""


class Engine(Protocol):
    """A running triple store holding the named graphs loaded into it; also a context manager."""

    name: str
    """Short name: "oxigraph", "virtuoso" or "jena-tdb2"."""
    version: str
    """The engine's own version, with the Debian package's version where it came from Debian."""

    def load(self, path: Path) -> None:
        """Add the named graphs of a `.trig` or `.nq` file."""
        ...

    def select(self, query: str, timeout: float = QUERY_TIMEOUT) -> list[Row]:
        """The solutions of a SPARQL SELECT query, as SPARQL JSON bindings, in the engine's order.

        EngineTimeoutError when the engine takes over `timeout` seconds: it is restarted (same data) first.
        """
        ...

    def close(self) -> None:
        """Stop the engine (idempotent); its files stay in the workdir."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None: ...


# --- installing ---------------------------------------------------------------------------------------


def ensure_installed() -> None:
    """Install, from Debian, whichever of Virtuoso 7, Jena and a Java runtime is missing.

    Runs `apt-get update` first. Raises EngineError when that is impossible (not root, no apt-get, apt-get
    failed) or when the venv lacks the `oxigraph` server.
    """
    oxigraph_binary()
    _install(_virtuoso_missing() + _jena_missing())


def _virtuoso_missing() -> list[str]:
    return [] if shutil.which("virtuoso-t") and shutil.which("isql-vt") else [VIRTUOSO_PACKAGE]


def _jena_missing() -> list[str]:
    missing = [] if (JAVA_DIR / "jena-tdb2.jar").exists() else [JENA_PACKAGE]
    if shutil.which("java") is None:
        missing.append(JAVA_PACKAGE)  # the Jena package depends on no runtime
    return missing


def _install(packages: list[str]) -> None:
    """apt-get update, then install `packages` without prompts and without starting their services."""
    global _APT_UPDATED
    if not packages:
        return
    wanted = " ".join(packages)
    if shutil.which("apt-get") is None:
        raise EngineError(f"cannot install {wanted}: no apt-get on this machine")
    if os.geteuid() != 0:
        raise EngineError(f"cannot install {wanted}: needs root (run `apt-get install {wanted}` as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "DEBCONF_NONINTERACTIVE_SEEN": "true"}
    options = ["-o", "DPkg::Lock::Timeout=300", "-o", "Dpkg::Options::=--force-confdef"]
    options += ["-o", "Dpkg::Options::=--force-confold"]
    # Virtuoso's postinst starts the system service (port 1111/8890) to set the dba password asked through
    # debconf; a policy-rc.d that answers 101 forbids that start, and the noninteractive frontend skips the
    # question. Docker-style images already have such a file: leave any existing one as it is.
    made_policy = not POLICY_RC_D.exists()
    if made_policy:
        POLICY_RC_D.write_text("#!/bin/sh\n# tests/triplestores.py: no service starts while it installs\nexit 101\n")
        POLICY_RC_D.chmod(0o755)
    try:
        steps = [["apt-get", *options, "update"]] if not _APT_UPDATED else []
        steps.append(["apt-get", *options, "install", "-y", "--no-install-recommends", *packages])
        for command in steps:
            try:
                done = subprocess.run(
                    command, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=INSTALL_TIMEOUT
                )
            except subprocess.TimeoutExpired as error:
                raise EngineError(f"{' '.join(command)} took over {INSTALL_TIMEOUT:.0f} s") from error
            if done.returncode != 0:
                output = (done.stdout + done.stderr).decode(errors="replace")
                raise EngineError(f"{' '.join(command)} failed ({done.returncode}):\n{_last_lines(output)}")
            if command[-1] == "update":
                _APT_UPDATED = True
    finally:
        if made_policy:
            POLICY_RC_D.unlink(missing_ok=True)


def _debian_version(package: str) -> str:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else "?"


# --- processes, ports, HTTP ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    _RUNNING.add(process)
    return process


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    _RUNNING.discard(process)


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING):
        _stop(process)


def _last_lines(text: str, count: int = 40) -> str:
    return "\n".join(text.splitlines()[-count:])


def _tail(*logs: Path) -> str:
    parts = [f"--- {log}:\n{_last_lines(log.read_text(errors='replace'))}" for log in logs if log.exists()]
    return "\n".join(parts) or "(no log)"


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], what: str, *logs: Path) -> None:
    """Poll `ready` until it holds; raise with the logs' tails if the process dies or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EngineError(f"{what} exited with {process.returncode} while starting\n{_tail(*logs)}")
        with contextlib.suppress(OSError, EngineError):
            if ready():
                return
        time.sleep(0.2)
    raise EngineError(f"{what} did not answer within {START_TIMEOUT:.0f} s\n{_tail(*logs)}")


def _post(url: str, body: bytes, content_type: str, accept: str, timeout: float) -> tuple[dict[str, str], bytes]:
    """POST and return the response's headers and body; an HTTP error becomes EngineError with its body."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")  # Virtuoso puts its message first, then the query
        raise EngineError(f"{url} answered {error.code}: {detail[:3000]}") from error
    except TimeoutError as error:
        raise EngineTimeoutError(f"{url} did not answer within {timeout:.0f} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise EngineTimeoutError(f"{url} did not answer within {timeout:.0f} s") from error
        raise EngineError(f"{url}: {error.reason}") from error


def _answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:
        return bool(200 <= response.status < 300)


def _bindings(document: Any) -> list[Row]:
    """The bindings of a SPARQL JSON result document, with "typed-literal" (Virtuoso) read as "literal"."""
    if not isinstance(document, dict) or "results" not in document:
        raise EngineError(f"not a SELECT result: {str(document)[:300]}")
    rows: list[Row] = []
    for solution in document["results"]["bindings"]:
        row: Row = {}
        for variable, term in solution.items():
            fields = {str(key): str(value) for key, value in term.items()}
            if fields.get("type") == "typed-literal":
                fields["type"] = "literal"
            row[str(variable)] = fields
        rows.append(row)
    return rows


def _named_graphs(path: Path) -> list[str]:
    """The graph IRIs of a TriG or N-Quads file; ValueError for another format or a default-graph triple."""
    formats = {".nq": RdfFormat.N_QUADS, ".trig": RdfFormat.TRIG}
    if path.suffix not in formats:
        raise ValueError(f"{path}: load takes a .trig or .nq file of named graphs")
    graphs: set[str] = set()
    for quad in parse(path=path, format=formats[path.suffix]):
        graph = quad.graph_name
        if isinstance(graph, DefaultGraph):
            raise ValueError(f"{path}: a triple in the default graph ({quad.triple}); the engines differ there")
        if not isinstance(graph, NamedNode):
            raise ValueError(f"{path}: graph names must be IRIs, not {graph}")
        graphs.add(graph.value)
    return sorted(graphs)


class _Base:
    name: str
    version: str

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{self.name} {self.version}>"


def _folder(workdir: Path, prefix: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=workdir)).resolve()


# --- Oxigraph -----------------------------------------------------------------------------------------


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise EngineError("the oxigraph server is not installed: `pip install oxigraph` into the venv")
    return found


def start_oxigraph(location: Path, *, union: bool = True) -> tuple[subprocess.Popen[bytes], str]:
    """A bare `oxigraph serve` of ``location`` on a free port, and its URL, for tests that load it themselves.

    ``union``: the default graph is the union of the named graphs. Another port is tried
    if the one picked was taken meanwhile. The caller stops the process.
    """
    problems = []
    for _ in range(3):
        port = free_port()
        flags = ["--union-default-graph"] if union else []
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *flags],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/", timeout=1):
                    return process, url
            except OSError:
                time.sleep(0.05)
        process.kill()
        problems.append(process.stderr.read().decode(errors="replace") if process.stderr else "")
    raise EngineError(f"oxigraph did not start: {problems}")


class _Oxigraph(_Base):
    name = "oxigraph"

    def __init__(self, home: Path) -> None:
        self.binary = oxigraph_binary()
        found = subprocess.run([self.binary, "--version"], capture_output=True, text=True).stdout.split()
        self.version = found[-1] if found else "?"
        self.log = home / "server.log"
        self.location = home / "db"
        self.process: subprocess.Popen[bytes] | None = None
        self._serve()

    def _serve(self) -> None:
        """Start the server on the database at a free port."""
        problems: list[str] = []
        for _attempt in range(3):  # a port picked free may be taken before the server binds it
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            command = [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{port}"]
            self.process = _start([*command, "--union-default-graph"], self.log)
            try:
                _wait_until(lambda: _answers(self.url + "/"), self.process, "oxigraph serve", self.log)
                return
            except EngineError as error:
                _stop(self.process)
                problems.append(str(error))
                if not _PORT_TAKEN.search(str(error)):
                    break
        raise EngineError("\n".join(problems))

    def load(self, path: Path) -> None:
        _named_graphs(path)
        _stop(self.process)  # the bulk loader needs the database to itself
        command = [self.binary, "load", "--location", str(self.location), "--file", str(path.resolve())]
        try:
            with self.log.open("ab") as log:
                done = subprocess.run(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, timeout=LOAD_TIMEOUT
                )
        except subprocess.TimeoutExpired as error:
            raise EngineError(f"oxigraph load took over {LOAD_TIMEOUT:.0f} s") from error
        if done.returncode != 0:
            raise EngineError(f"oxigraph load {path} failed ({done.returncode})\n{_tail(self.log)}")
        self._serve()

    def select(self, query: str, timeout: float = QUERY_TIMEOUT) -> list[Row]:
        try:
            _headers, body = _post(
                f"{self.url}/query",
                query.encode(),
                "application/sparql-query",
                "application/sparql-results+json",
                timeout,
            )
        except EngineTimeoutError:
            _stop(self.process)  # else it goes on evaluating the query
            self._serve()
            raise
        return _bindings(json.loads(body))

    def close(self) -> None:
        _stop(self.process)


def oxigraph_server(workdir: Path) -> Engine:
    """`oxigraph serve --union-default-graph` on a free 127.0.0.1 port, its store in a new folder of workdir."""
    return _Oxigraph(_folder(workdir, "oxigraph-"))


# --- Virtuoso -----------------------------------------------------------------------------------------


def _sql_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


class _Virtuoso(_Base):
    name = "virtuoso"

    def __init__(self, home: Path) -> None:
        self.home = home
        self.isql = shutil.which("isql-vt") or "isql-vt"
        self.binary = binary = shutil.which("virtuoso-t") or "virtuoso-t"
        banner = subprocess.run([binary, "-?"], capture_output=True, text=True)
        found = re.search(r"Version (\S+?)(?:-\w+)? ", banner.stdout + banner.stderr)
        self.version = f"{found.group(1) if found else '?'} (Debian {_debian_version(VIRTUOSO_PACKAGE)})"
        self.loads = 0
        self.process: subprocess.Popen[bytes] | None = None
        problems: list[str] = []
        for attempt in range(3):  # a port picked free may be taken before the server binds it
            self.sql_port, self.http_port = free_port(), free_port()
            db = home / f"db{attempt}"
            (db / "vsp").mkdir(parents=True)
            ini = db / "virtuoso.ini"
            ini.write_text(VIRTUOSO_INI.format(home=db, sql_port=self.sql_port, http_port=self.http_port))
            log = db / "stdout.log"  # in the foreground, virtuoso-t writes its log here as well
            self.process = _start([binary, "-f", "-c", str(ini)], log)
            self.url = f"http://127.0.0.1:{self.http_port}/sparql"
            try:
                _wait_until(self._ready, self.process, "virtuoso", log)
                break
            except EngineError as error:
                _stop(self.process)
                problems.append(str(error))
                if not _PORT_TAKEN.search(str(error)):
                    raise EngineError("\n".join(problems)) from None
        else:
            raise EngineError("\n".join(problems))
        self.db = db
        self.command, self.server_log = [binary, "-f", "-c", str(ini)], log
        # Hide every graph from the anonymous SPARQL user ("nobody") but those `load` grants, so that a
        # query without FROM does not also see Virtuoso's ~2,500 system triples (virtrdf#, ldp#, …).
        self.sql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0);")

    def _restart(self) -> None:
        """Stop the server (so that it drops what it was doing) and start it again on the same database."""
        _stop(self.process)
        self.process = _start(self.command, self.server_log)
        _wait_until(self._ready, self.process, "virtuoso (restarted)", self.server_log)

    def _ready(self) -> bool:
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        return _answers(probe) and "1 Rows." in self.sql("select 1;")

    def sql(self, statements: str, timeout: float = START_TIMEOUT) -> str:
        """Run SQL through isql as dba; its output, or EngineError if any statement failed."""
        try:
            done = subprocess.run(
                [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba"],
                input=statements.encode(),
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as error:
            raise EngineError(f"isql took over {timeout:.0f} s on: {statements[:300]}") from error
        errors = done.stderr.decode(errors="replace")
        if done.returncode != 0 or "*** Error" in errors:
            raise EngineError(f"isql failed ({done.returncode}) on {statements[:300]!r}:\n{_last_lines(errors)}")
        return done.stdout.decode(errors="replace")

    def load(self, path: Path) -> None:
        graphs = _named_graphs(path)
        self.loads += 1
        folder = self.db / "load"
        folder.mkdir(exist_ok=True)
        copy = folder / f"{self.loads:04d}-{path.name}"  # the loader reads only DirsAllowed, once per name
        shutil.copyfile(path, copy)
        file = _sql_string(str(copy))
        statements = [
            f"ld_add({file}, 'urn:x-battlegraph-harness:default-graph');",  # used for no triple: all in graphs
            "rdf_loader_run();",
            "select case when ll_error is null then 'loaded' else signal('BGLOD', ll_error) end"
            f" from DB.DBA.LOAD_LIST where ll_file = {file};",
            *(f"DB.DBA.RDF_GRAPH_USER_PERMS_SET ({_sql_string(graph)}, 'nobody', 1);" for graph in graphs),
            "checkpoint;",
        ]
        self.sql("\n".join(statements) + "\n", LOAD_TIMEOUT)

    def select(self, query: str, timeout: float = QUERY_TIMEOUT) -> list[Row]:
        body = urllib.parse.urlencode({"query": query}).encode()
        accept = "application/sparql-results+json"
        try:
            headers, answer = _post(self.url, body, "application/x-www-form-urlencoded", accept, timeout)
        except EngineTimeoutError:
            self._restart()
            raise
        if "X-SPARQL-MaxRows" in headers:
            raise EngineError(f"virtuoso cut the answer at ResultSetMaxRows = {headers['X-SPARQL-MaxRows']}")
        if "X-SQL-State" in headers:  # an "anytime" query that ran out of time gives partial results
            raise EngineError(
                f"virtuoso gave a partial answer: {headers['X-SQL-State']} {headers.get('X-SQL-Message')}"
            )
        return _bindings(json.loads(answer))

    def close(self) -> None:
        _stop(self.process)


def virtuoso(workdir: Path) -> Engine:
    """Debian's Virtuoso 7 (installed if missing) with its own ini, SQL and HTTP ports on 127.0.0.1."""
    _install(_virtuoso_missing())
    return _Virtuoso(_folder(workdir, "virtuoso-"))


# --- Jena TDB2 ----------------------------------------------------------------------------------------


def _jena_class_path() -> list[str]:
    """The jars of the Jena package and of the Java packages it depends on, with one SLF4J binding."""
    packages, todo, jars = set[str](), [JENA_PACKAGE], dict[str, str]()
    while todo:
        package = todo.pop()
        if package in packages:
            continue
        packages.add(package)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package], capture_output=True, text=True)
        for choice in depends.stdout.split(","):
            dependency = choice.split("|")[0].split()[0].split(":")[0] if choice.strip() else ""
            if dependency.endswith("-java"):
                todo.append(dependency)
        listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout.split()
        for file in listing:
            jar = Path(file)
            if jar.parent != JAVA_DIR or jar.suffix != ".jar" or not jar.exists():
                continue
            stem = jar.stem
            if stem.startswith("slf4j-") and not stem.startswith(("slf4j-api", "slf4j-simple")):
                continue  # other SLF4J bindings (log4j12 needs log4j), or tools
            jars.setdefault(str(jar.resolve()), str(jar))
    return sorted(jars.values())


def _xerces_messages_jar(target: Path) -> Path:
    """A jar with Jena's Xerces message bundles under `xerces/` too, where Debian's relocated classes look."""
    core = JAVA_DIR / "jena-core.jar"
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(core) as source, zipfile.ZipFile(target, "w") as jar:
        names = set(source.namelist())
        for name in sorted(names):
            moved = name.removeprefix(prefix)
            if name.startswith(prefix + "xerces/") and name.endswith(".properties") and moved not in names:
                jar.writestr(moved, source.read(name))
    return target


class _Jena(_Base):
    name = "jena-tdb2"

    def __init__(self, home: Path) -> None:
        self.home = home
        self.location = home / "tdb2"
        self.log = home / "jena.log"
        java = shutil.which("java") or "java"
        class_path = [*_jena_class_path(), str(_xerces_messages_jar(home / "xerces-messages.jar"))]
        self.java = [java, "-Xmx2g", "-cp", ":".join(class_path)]
        # a query is one short-lived JVM: the C1 compiler alone starts it ~0.6 s sooner (1.4 s instead of 2)
        self.quick = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
        version = self._run(["tdb2.tdbquery", "--version"], START_TIMEOUT, "jena --version").decode()
        found = re.search(r"VERSION: (\S+)", version)
        self.version = f"{found.group(1) if found else '?'} (Debian {_debian_version(JENA_PACKAGE)})"
        self.queries = 0
        self.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # starts Jena once: creates the database

    def _run(self, arguments: list[str], timeout: float, what: str, *, quick: bool = True) -> bytes:
        """Run one Jena command; its standard output, its standard error appended to the log."""
        try:
            done = subprocess.run(
                [*self.java[:1], *(self.quick if quick else []), *self.java[1:], *arguments],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as error:  # run() has killed the JVM
            raise EngineTimeoutError(f"{what} took over {timeout:.0f} s") from error
        with self.log.open("ab") as log:
            log.write(b"$ " + " ".join(arguments).encode() + b"\n" + done.stderr)
        if done.returncode != 0:
            raise EngineError(
                f"{what} failed ({done.returncode}):\n{_last_lines(done.stderr.decode(errors='replace'))}"
            )
        return done.stdout

    def load(self, path: Path) -> None:
        _named_graphs(path)
        self._run(
            ["tdb2.tdbloader", "--loc", str(self.location), str(path)],
            LOAD_TIMEOUT,
            f"tdb2.tdbloader {path}",
            quick=False,
        )

    def select(self, query: str, timeout: float = QUERY_TIMEOUT) -> list[Row]:
        self.queries += 1
        file = self.home / f"query-{self.queries:04d}.rq"
        file.write_text(query)
        arguments = ["tdb2.tdbquery", "--loc", str(self.location), "--results=json"]
        arguments += ["--set", "tdb:unionDefaultGraph=true", "--query", str(file)]
        return _bindings(json.loads(self._run(arguments, timeout, "tdb2.tdbquery")))

    def close(self) -> None:
        """Nothing runs between calls: each load and query is one JVM."""


def jena_tdb2(workdir: Path) -> Engine:
    """Debian's Jena (installed if missing) as TDB2 command-line tools, a database in a new folder of workdir."""
    _install(_jena_missing())
    return _Jena(_folder(workdir, "jena-"))


FACTORIES: dict[str, Callable[[Path], Engine]] = {
    "oxigraph": oxigraph_server,
    "virtuoso": virtuoso,
    "jena-tdb2": jena_tdb2,
}
"""Every engine by name, for `pytest.mark.parametrize`."""

__all__ = [
    "FACTORIES",
    "Engine",
    "EngineError",
    "EngineTimeoutError",
    "Row",
    "ensure_installed",
    "jena_tdb2",
    "oxigraph_server",
    "virtuoso",
]
