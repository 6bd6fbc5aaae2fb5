"""What every CLI command shares: the ``--data-dir``/``--backend`` options, opening the store,
printing errors to stderr with a hint and a non-zero exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from iegraph.ontology.errors import IegraphError, NotFound, ValidationError
from iegraph.ontology.settings import Settings, get_settings

console = Console()
err_console = Console(stderr=True)

DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        # not envvar=: the settings read IEGRAPH_DATA_DIR, this option only overrides them
        help="Data directory of the embedded store (default: IEGRAPH_DATA_DIR, else the "
        "user data directory).",
        show_default=False,
    ),
]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="embedded (default) or neo4j (default: IEGRAPH_BACKEND).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

F = TypeVar("F", bound=Callable[..., Any])


def settings_for(data_dir: Path | None = None, backend: str | None = None) -> Settings:
    """Settings with the command-line overrides applied."""
    return get_settings().with_overrides(
        data_dir=Path(data_dir).expanduser().resolve() if data_dir is not None else None,
        backend=backend,
    )


@contextmanager
def cli_store(data_dir: Path | None = None, backend: str | None = None) -> Iterator[Any]:
    """Open the configured store for one command and close it afterwards."""
    from iegraph.graph import open_store

    store = open_store(settings_for(data_dir, backend))
    try:
        yield store
    finally:
        store.close()


def fail(message: str, hint: str | None = None, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}")
    if hint:
        err_console.print(f"[yellow]hint:[/] {hint}")
    raise typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turn iegraph errors into one clear message on stderr and an exit code (2 for invalid
    input, 1 otherwise). Unexpected exceptions keep their traceback when IEGRAPH_DEBUG=1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except ValidationError as e:
            fail(e.message, e.hint, code=2)
        except NotFound as e:
            fail(e.message, e.hint, code=3)
        except IegraphError as e:
            fail(e.message, e.hint, code=1)
        except KeyboardInterrupt:
            fail("interrupted", code=130)
        except Exception as e:
            if get_settings().runtime.debug:
                raise
            fail(f"{type(e).__name__}: {e}", "re-run with IEGRAPH_DEBUG=1 for the traceback")

    return wrapper  # type: ignore[return-value]


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``--param k=v`` pairs; values parsed as JSON when they parse, else kept as text."""
    out: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            fail(f"--param {item!r} is not k=v", "write it as --param name=value")
        k, v = item.split("=", 1)
        try:
            out[k] = json.loads(v)
        except json.JSONDecodeError:
            out[k] = v
    return out


def open_when_listening(host: str, port: int, path: str = "/") -> None:
    """Open ``http://host:port/path`` in the default browser once the server accepts
    connections (a daemon thread polls the port for up to a minute)."""
    import socket
    import threading
    import time
    import webbrowser

    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{shown}:{port}{path}"

    def wait_and_open() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((shown, port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            return
        console.print(f"explorer: {url}")
        webbrowser.open(url)

    threading.Thread(target=wait_and_open, daemon=True, name="iegraph-open").start()
