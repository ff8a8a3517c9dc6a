"""The graph of topics and videos, laid out in Python and drawn as SVG (no JS library needed).

Nodes are the videos and the topic pages (topics several videos discuss); an edge joins a video
to each topic page it discusses. The layout is a seeded force simulation (numpy), so the same
wiki always gives the same picture. Every node is a link; JS only adds pan, zoom and highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class Node:
    key: str
    label: str
    kind: str  # video | topic | article | hub
    href: str
    x: float = 0.0
    y: float = 0.0
    r: float = 5.0
    lx: float = 0.0  # label position and side (local graphs)
    ly: float = 0.0
    side: str = ""


def force_layout(n: int, edges: list[tuple[int, int]], iterations: int = 250, seed: int = 7) -> np.ndarray:
    """Positions in [-1, 1]^2 from a Fruchterman-Reingold style simulation."""
    if n == 0:
        return np.zeros((0, 2))
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(n, 2))
    k = 1.6 / np.sqrt(n)
    src = np.array([a for a, _ in edges], dtype=int)
    dst = np.array([b for _, b in edges], dtype=int)
    temp = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = (delta**2).sum(-1) + 1e-6
        force = (delta * (k * k / dist2)[:, :, None]).sum(1)  # repulsion
        if len(edges):
            d = pos[src] - pos[dst]
            dist = np.sqrt((d**2).sum(-1)) + 1e-6
            pull = d * (dist / k)[:, None]
            np.add.at(force, src, -pull)
            np.add.at(force, dst, pull)
        force -= pos * 0.05 * n * k  # gravity keeps separate clusters on the canvas
        length = np.sqrt((force**2).sum(-1)) + 1e-9
        pos += force / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.985
    pos -= pos.mean(0)
    span = np.abs(pos).max() or 1.0
    return pos / span


def place(nodes: list[Node], edges: list[tuple[int, int]], size: float) -> None:
    pos = force_layout(len(nodes), edges)
    margin = size * 0.06
    for node, (x, y) in zip(nodes, pos, strict=True):
        node.x = round(size / 2 + x * (size / 2 - margin), 1)
        node.y = round(size / 2 + y * (size / 2 - margin), 1)


def radial(center: Node, around: list[Node], width: float, height: float) -> None:
    """A local graph: the page in the middle, its neighbours on an ellipse, labels outside."""
    center.x, center.y = width / 2, height / 2
    center.lx, center.ly = center.x, center.y + center.r + 16
    count = max(len(around), 1)
    for i, node in enumerate(around):
        angle = 2 * np.pi * (i + 0.5) / count - np.pi / 2
        dx, dy = float(np.cos(angle)), float(np.sin(angle))
        node.x = round(width / 2 + dx * width * 0.2, 1)
        node.y = round(height / 2 + dy * height * 0.36, 1)
        node.side = "right" if dx > 0.2 else "left" if dx < -0.2 else ""
        node.lx = round(node.x + dx * (node.r + 4), 1)
        node.ly = round(node.y + (4 if node.side else (node.r + 15 if dy > 0 else -node.r - 4)), 1)
