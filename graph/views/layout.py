"""Start positions for large views, computed before the page is written.

Measured on this project's 2-core machine in headless Chromium (``bench/views.py``):
vis-network's in-browser physics costs about 35 ms per iteration for a 1,000-node, 2,000-edge
view, so a layout from random positions (250+ iterations) took over 10 s to stabilise. A
Fruchterman–Reingold layout in numpy (dense, vectorised; about 0.5 s for 1,000 nodes here) gives
vis a nearly settled start, so a few dozen browser iterations finish the picture and the physics
is then switched off. Small views (≤ ``SEED_ABOVE`` nodes) keep vis's own layout, which is
already fast there.

Example:
    >>> pos = seed_positions(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(pos)
    ['a', 'b', 'c']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SEED_ABOVE = 60


def seed_positions(
    keys: Sequence[str],
    edges: Iterable[tuple[str, str]],
    *,
    iterations: int | None = None,
    seed: int = 7,
    spacing: float = 55.0,
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions in vis-network's pixel space (centred on 0, 0).

    Args:
        keys: node ids.
        edges: (start, end) pairs among ``keys`` (others are ignored).
        iterations: cooling steps (default 60, 40 above 600 nodes: a starting point only).
        seed: the same graph gives the same picture.
        spacing: roughly the pixels between neighbouring nodes.
    """
    import numpy as np

    n = len(keys)
    if n == 0:
        return {}
    if n == 1:
        return {keys[0]: (0.0, 0.0)}
    index = {k: i for i, k in enumerate(keys)}
    adj = np.zeros((n, n), dtype=np.float32)
    for s, e in edges:
        i, j = index.get(s), index.get(e)
        if i is not None and j is not None and i != j:
            adj[i, j] = adj[j, i] = 1.0
    if iterations is None:
        iterations = 60 if n <= 600 else 40
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    k = np.float32(np.sqrt(1.0 / n))
    t = np.float32(0.1)
    dt = t / np.float32(iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        # separate x / y planes: two (n, n) arrays are about twice as fast as one (n, n, 2)
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist2 = dx * dx + dy * dy
        np.maximum(dist2, 1e-4, out=dist2)
        # repulsion k²/d between all pairs, attraction d²/k along edges (both / d for direction)
        force = (k * k) / dist2 - adj * (np.sqrt(dist2) / k)
        disp_x = (dx * force).sum(axis=1)
        disp_y = (dy * force).sum(axis=1)
        length = np.sqrt(disp_x * disp_x + disp_y * disp_y)
        np.maximum(length, 0.01, out=length)
        step = t / length
        x += disp_x * step
        y += disp_y * step
        t -= dt
    pos = np.stack([x, y], axis=1)
    pos -= pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    scale = spacing * np.sqrt(n) / span
    return {key: (float(pos[i, 0] * scale), float(pos[i, 1] * scale)) for key, i in index.items()}
