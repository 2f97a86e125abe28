"""Inline SVG charts for the HTML report: no scripts, no external requests, readable in any browser."""

from __future__ import annotations

from html import escape

from ..wording import noun

BAR_HEIGHT = 18
LABEL_WIDTH = 220
CHART_WIDTH = 640
COLORS = {"error": "#c62828", "warning": "#ef8f00", "count": "#3366aa"}


def bar_chart(title: str, rows: list[tuple[str, int]], color: str = COLORS["count"]) -> str:
    """Horizontal bars, one per (label, value) row, largest value spanning the chart."""
    if not rows:
        return f"<figure><figcaption>{escape(title)}</figcaption><p>No data.</p></figure>"
    top = max(value for _, value in rows) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    height = BAR_HEIGHT * len(rows) + 10
    bars = []
    for index, (label, value) in enumerate(rows):
        y = 5 + index * BAR_HEIGHT
        width = max(1, round(span * value / top)) if value else 0
        bars.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(label[:34])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{BAR_HEIGHT - 4}" fill="{color}">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 13}">{value:,}</text>'
        )
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg role="img" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" font-size="12" font-family="sans-serif">'
        + "".join(bars)
        + "</svg></figure>"
    )


def histogram(title: str, values: list[int], good: tuple[int, int], bin_width: int = 10) -> str:
    """Distribution of lengths in bins of `bin_width`; bins inside the `good` range are green."""
    if not values:
        return bar_chart(title, [])
    counts: dict[int, int] = {}
    for value in values:
        counts[value // bin_width] = counts.get(value // bin_width, 0) + 1
    bins = range(min(counts), max(counts) + 1)
    top = max(counts.values())
    column = max(6, min(40, (CHART_WIDTH - 40) // len(bins)))
    height = 160
    parts = []
    for offset, key in enumerate(bins):
        count = counts.get(key, 0)
        bar = round((height - 40) * count / top)
        low = key * bin_width
        inside = good[0] <= low and low + bin_width - 1 <= good[1]
        x = 30 + offset * column
        parts.append(
            f'<rect x="{x}" y="{height - 20 - bar}" width="{column - 2}" height="{bar}" '
            f'fill="{"#2e7d32" if inside else COLORS["warning"]}">'
            f"<title>{low}-{low + bin_width - 1} characters: {count:,} {noun(count, 'page')}</title></rect>"
        )
        if offset % max(1, len(bins) // 8) == 0:
            parts.append(f'<text x="{x}" y="{height - 5}">{low}</text>')
    width = 40 + len(bins) * column
    return (
        f"<figure><figcaption>{escape(title)} (green: {good[0]}-{good[1]})</figcaption>"
        f'<svg role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="11" font-family="sans-serif">'
        + "".join(parts)
        + "</svg></figure>"
    )
