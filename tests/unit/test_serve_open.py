"""``iegraph serve --open``: the browser is opened on the explorer once the port listens."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest


def test_opens_the_explorer_once_the_server_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    from iegraph.api.commands.common import open_when_listening

    opened: list[str] = []
    done = threading.Event()

    def fake_open(url: str, *a: Any, **kw: Any) -> bool:
        # the user's browser is outside the test; what matters is the URL and the moment
        opened.append(url)
        done.set()
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        open_when_listening("0.0.0.0", port)
        time.sleep(0.5)
        assert opened == [], "nothing is opened before the server listens"
        s.listen()
        assert done.wait(30)
    assert opened == [f"http://127.0.0.1:{port}/"]
