"""Stage 4, render: routes → HTML and the compare pages' data files, as a pure
function over chunks of routes.

`render_chunk` takes only picklable values (the library and the theme as broadcast
`Ref`s) and returns bytes, so an engine can run it in any worker. A page whose
template fails comes back with the positioned error instead of HTML, so one run
reports every broken template.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Ref
from ..errors import BuildError, ContentError
from ..quality import PageSignature, article_text, signature
from ..route import Route
from .pages import render_route
from .theme import ThemeBundle, compiled, read_theme, theme_problems
from .views import PageBuilder, RenderInput

__all__ = [
    "MeasuredLanding",
    "RenderInput",
    "RenderedPage",
    "ThemeBundle",
    "landing_signatures",
    "read_theme",
    "render_chunk",
    "theme_problems",
]


@dataclass(frozen=True)
class RenderedPage:
    output_file: str
    html: bytes
    problems: tuple[ContentError, ...] = ()
    """Why the page could not be rendered (then `html` is empty)."""


def render_chunk(
    shared: Ref[RenderInput], bundle: Ref[ThemeBundle], routes: list[Route]
) -> list[RenderedPage]:
    data = shared.get()
    theme = compiled(bundle.get())
    pages = []
    for route in routes:
        try:
            html = render_route(PageBuilder(data, theme, route), route)
        except BuildError as exc:
            pages.append(RenderedPage(route.output_file, b"", tuple(exc.errors)))
            continue
        pages.append(RenderedPage(route.output_file, html))
    return pages


@dataclass(frozen=True)
class MeasuredLanding:
    """A landing page of the draft plan, rendered to measure its text: its signature for
    the guardrails, and its bytes for the render stage, which renders it again only when
    the verdicts change what it shows."""

    signature: PageSignature
    html: bytes


def landing_signatures(
    data: Ref[RenderInput], bundle: Ref[ThemeBundle], routes: list[Route]
) -> list[MeasuredLanding]:
    """Render landing pages to measure their text for the quality guardrails. Pages that
    fail to render get no signature: the render stage reports them."""
    return [
        MeasuredLanding(signature(page_route.ref, page_route.lang, article_text(page.html)), page.html)
        for page_route, page in zip(routes, render_chunk(data, bundle, routes), strict=True)
        if not page.problems
    ]
