"""A radar chart of section scores as SVG shapes only; the labels are HTML placed around it.

WeasyPrint lays out each SVG ``<text>`` at a cost of ~17 ms, so the chart carries no text: the
view model gives each label a position in percent of the chart's box, and the template puts the
section names there as ordinary HTML.
"""

from __future__ import annotations

import math
from typing import NamedTuple

SIZE = 240.0
CENTRE = SIZE / 2
RADIUS = 90.0


class RadarLabel(NamedTuple):
    text: str
    value: str
    left: float  # percent of the box
    top: float
    align: str  # left | center | right


def _point(i: int, n: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return (CENTRE + RADIUS * fraction * math.cos(angle),
            CENTRE + RADIUS * fraction * math.sin(angle))


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar(sections: list[tuple[str, float | None, str]]) -> tuple[str, list[RadarLabel]]:
    """SVG markup and label positions for ``(title, percentage or None, shown value)`` rows.

    Sections without a score sit at the centre. Fewer than three sections make no polygon; the
    template then shows the bars alone.
    """
    n = len(sections)
    if n < 3:
        return "", []
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:.0f} {SIZE:.0f}" '
             f'width="{SIZE:.0f}" height="{SIZE:.0f}" class="radar">']
    for ring in (0.2, 0.4, 0.6, 0.8, 1.0):
        ring_points = _polygon([_point(i, n, ring) for i in range(n)])
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#d1d5db" '
                     'stroke-width="0.6"/>')
    for i in range(n):
        x, y = _point(i, n, 1.0)
        parts.append(f'<line x1="{CENTRE:.1f}" y1="{CENTRE:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                     'stroke="#e5e7eb" stroke-width="0.6"/>')
    values = [(pct or 0.0) / 100.0 for _, pct, _ in sections]
    shape = [_point(i, n, v) for i, v in enumerate(values)]
    # Presentation attributes, not classes: WeasyPrint's SVG renderer ignores the page's CSS.
    parts.append(f'<polygon points="{_polygon(shape)}" fill="#0f766e" fill-opacity="0.25" '
                 'stroke="#0f766e" stroke-width="1.4"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#0f766e"/>' for x, y in shape]
    parts.append("</svg>")
    labels = []
    for i, (title, _, shown) in enumerate(sections):
        x, y = _point(i, n, 1.22)
        align = "center" if abs(x - CENTRE) < 8 else ("left" if x > CENTRE else "right")
        labels.append(RadarLabel(title, shown, round(100 * x / SIZE, 2), round(100 * y / SIZE, 2),
                                 align))
    return "".join(parts), labels
