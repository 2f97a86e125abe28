"""Stage 4, render: routes → HTML, as a pure function over chunks of routes.

`render_chunk` takes only picklable values and returns bytes, so the build can map
it over a process pool today and over a distributed executor later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..route import Route
from .pages import build_context
from .theme import load_theme
from .views import PageBuilder, RenderInput

__all__ = ["RenderInput", "RenderedPage", "render_chunk"]


@dataclass(frozen=True)
class RenderedPage:
    output_file: str
    html: bytes


def render_chunk(data: RenderInput, theme_folder: Path, routes: list[Route]) -> list[RenderedPage]:
    theme = load_theme(theme_folder)
    pages = []
    for route in routes:
        template, context = build_context(PageBuilder(data, theme, route), route)
        pages.append(RenderedPage(route.output_file, theme.render(template, context).encode("utf-8")))
    return pages
