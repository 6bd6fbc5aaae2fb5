"""Headless Chromium (Debian's ``chromium``) driven by Playwright for Python.

Playwright's own browser download is never used: the browser is the system one
(``/usr/bin/chromium``, or ``$IEGRAPH_CHROMIUM``), installed by ``scripts/install``. Without it
the browser tests skip — or fail when ``IEGRAPH_TEST_BROWSER=1`` (CI), so a missing browser can
never pass silently.

Pages are opened from ``file://`` in a context that is offline; every request that is not
``file:`` or ``data:`` is recorded and aborted, so a page that tries to fetch anything from the
network shows up in :attr:`Opened.external_requests`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STABILISE_TIMEOUT_MS = 120_000  # a hang guard, not a speed requirement (speed: bench/views.py)


def chromium_path() -> str | None:
    explicit = os.environ.get("IEGRAPH_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(msg: str) -> None:
    if os.environ.get("IEGRAPH_TEST_BROWSER") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        _missing("no chromium: apt-get install chromium (scripts/install does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed: pip install playwright (no `playwright install`)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Opened:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def state(self) -> dict[str, Any]:
        """Counts read from the page's own vis DataSets and its stabilisation record."""
        return self.page.evaluate(  # type: ignore[no-any-return]
            "() => ({nodes: network.body.data.nodes.length, edges: network.body.data.edges.length,"
            " stabilized: iegraph.stabilized, ms: iegraph.stabilizationMs,"
            " physics: network.physics.options.enabled})"
        )


@pytest.fixture
def open_page(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    contexts = []

    def _open(path: Path, *, width: int = 1400, height: int = 900) -> Opened:
        ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page)
        page.on(
            "console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: opened.console_errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:")):
                r.continue_()
            else:
                opened.external_requests.append(url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.resolve().as_uri())
        # the page sets this attribute once vis reports stabilisation and physics is off
        page.wait_for_selector(
            "body[data-stabilized=true]", state="attached", timeout=STABILISE_TIMEOUT_MS
        )
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: the pytest temp dir, copied on by :func:`keep_artifact`."""
    return Path(tmp_path_factory.mktemp("artifacts"))


def keep_artifact(path: Path) -> Path | None:
    """Copy an artefact to ``tests/artifacts/`` (or the folder ``$IEGRAPH_ARTIFACTS`` names)
    when ``IEGRAPH_ARTIFACTS`` is set; CI uploads that folder."""
    flag = os.environ.get("IEGRAPH_ARTIFACTS")
    if not flag:
        return None
    dest = REPO / "tests" / "artifacts" if flag.lower() in ("1", "true", "yes") else Path(flag)
    dest.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, dest / path.name))
