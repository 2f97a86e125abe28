"""Stage 4, render: routes → HTML, as a pure function over chunks of routes.

`render_chunk` takes only picklable values and returns bytes, so the build can map
it over a process pool today and over a distributed executor later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..executor import Shared
from ..quality import PageSignature, article_text, signature
from ..route import Route
from .pages import build_context
from .theme import load_theme
from .views import PageBuilder, RenderInput

__all__ = ["RenderInput", "RenderedPage", "landing_signatures", "render_chunk"]


@dataclass(frozen=True)
class RenderedPage:
    output_file: str
    html: bytes


def render_chunk(shared: Shared[RenderInput], theme_folder: Path, routes: list[Route]) -> list[RenderedPage]:
    data = shared.get()
    theme = load_theme(theme_folder)
    pages = []
    for route in routes:
        template, context = build_context(PageBuilder(data, theme, route), route)
        pages.append(RenderedPage(route.output_file, theme.render(template, context).encode("utf-8")))
    return pages


def landing_signatures(
    data: Shared[RenderInput], theme_folder: Path, routes: list[Route]
) -> list[PageSignature]:
    """Render landing pages only to measure their text for the quality guardrails."""
    return [
        signature(page_route.key, page_route.lang, article_text(page.html))
        for page_route, page in zip(routes, render_chunk(data, theme_folder, routes), strict=True)
    ]
