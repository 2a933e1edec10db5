"""A line chart of scores over time as SVG shapes only (labels are HTML; see radar.py)."""

from __future__ import annotations

from typing import NamedTuple

from gembakit.programme.trend import Trend

WIDTH, HEIGHT, PAD = 480.0, 180.0, 12.0
COLOURS = ("#0f3d56", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#2563eb", "#4d7c0f",
           "#a16207", "#0e7490", "#9d174d")


class Tick(NamedTuple):
    text: str
    left: float  # percent of the chart's width


class Series(NamedTuple):
    name: str
    colour: str


def chart(t: Trend, titles: dict[str, str], overall: str) -> tuple[str, list[Tick],
                                                                    list[Series]]:
    n = len(t.points)

    def x(i: int) -> float:
        return PAD + (WIDTH - 2 * PAD) * (i / (n - 1) if n > 1 else 0.5)

    def y(value: float | None) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value or 0.0) / 100.0

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
             f'width="{WIDTH:.0f}" height="{HEIGHT:.0f}">']
    for level in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(level):.1f}" '
                     f'y2="{y(level):.1f}" stroke="#e5e7eb" stroke-width="0.8"/>')
    lines: list[tuple[str, list[float | None], str, float]] = [
        (overall, [p.overall for p in t.points], COLOURS[0], 2.4)]
    section_ids = [sid for sid, _ in t.points[0].sections] if t.points else []
    for k, sid in enumerate(section_ids):
        lines.append((titles.get(sid, sid), [dict(p.sections).get(sid) for p in t.points],
                      COLOURS[1 + k % (len(COLOURS) - 1)], 1.2))
    for _, values, colour, width in lines:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="{width}"/>')
        parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.2" fill="{colour}"/>'
                  for i, v in enumerate(values) if v is not None]
    parts.append("</svg>")
    ticks = [Tick(p.date, round(100 * x(i) / WIDTH, 2)) for i, p in enumerate(t.points)]
    return "".join(parts), ticks, [Series(name, colour) for name, _, colour, _ in lines]
