"""The plan of a build: expand every matrix, route, and judge the landing pages with the
pSEO guardrails, before any page is rendered for output. `pseo build` and `pseo matrix`
share it, so a page gets one verdict whichever command asks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from .compare_shards import shard_members
from .engine import Engine, Ref, chunked
from .errors import ContentError
from .expand import Expansion, Flag, expand, hub_index, select, sibling_index
from .images import ImagePlan, plan_images
from .incremental import SignatureMemory
from .library import Library
from .load.prune import leave_out
from .models.ids import EntityId
from .progress import NO_PROGRESS, Progress
from .quality import judge
from .render import RenderInput, ThemeBundle, landing_signatures, read_theme
from .route import RouteTable, build_routes
from .theme_layers import ThemeLayers

RENDER_CHUNK = 200
"""Pages per render task: large enough to hide a task's overhead, small enough to spread."""


@dataclass(frozen=True)
class Plan:
    """Everything decided before the first output byte is written."""

    library: Library
    expansion: Expansion
    routes: RouteTable
    data: Ref[RenderInput]
    theme: Ref[ThemeBundle] | None
    """None when no page can render: the theme or the logo is unusable."""
    held_back: list[Flag]
    verdicts: dict[tuple[str, str], str]
    """(landing route key, language) → "drop" or "noindex"; pages not in it are published."""
    problems: list[ContentError]
    """Unusable images, matrices over their cap, URL collisions: left out of the plan."""


def plan_site(
    library: Library,
    engine: Engine,
    layers: ThemeLayers,
    only: str | None = None,
    limit: int | None = None,
    images: ImagePlan | None = None,
    remembered: SignatureMemory | None = None,
    progress: Progress = NO_PROGRESS,
) -> Plan:
    """Expand every matrix, route, and apply the pSEO guardrails (which need rendered
    text) to the full plan; `only`/`limit` then keep a batch of it, so each page of a
    batch gets the verdict the full build gives it. Render inputs and the theme are
    broadcast on `engine`; signatures of landing pages whose inputs did not change
    come from `remembered`, which also keeps the pages measured for the render stage.
    Products with an unusable image are left out of `library`; every problem met is in
    the plan's `problems`. `progress` counts the landing pages measured for the
    guardrails."""
    unknown = []
    if only is not None and only not in library.matrices:
        message = f"--only names no matrix '{only}' (have: {', '.join(library.matrices) or 'none'})"
        unknown.append(ContentError("content/pseo", 1, 1, "id", message))
    images = images or plan_images(library)
    leave_out(library, _with_unusable_images(library, images))
    bundle, _ = read_theme(layers)
    usable = bundle if library.site.organization.logo in images.images else None
    theme = engine.broadcast(usable) if usable is not None else None
    expansion = expand(library, layers)
    landings = {f"{landing.matrix}:{landing.key}": landing for landing in expansion.landings}
    siblings = sibling_index(expansion.landings)
    hubs = hub_index(library, expansion.landings)
    shards = shard_members(library.products)

    def render_input(routes: RouteTable) -> Ref[RenderInput]:
        return engine.broadcast(
            RenderInput(library, routes, images.images, landings, siblings, hubs, images.cards, shards)
        )

    draft = build_routes(library, expansion)
    data = render_input(draft)
    landing_routes = [route for route in draft.routes if route.kind == "landing"]
    known = remembered.recall(data.get()) if remembered else {}
    missing = [route for route in landing_routes if theme and (route.key, route.lang) not in known]
    if theme is not None:
        measure = partial(landing_signatures, data, theme)
        progress.total(len(missing), "landing pages")
        chunks = engine.map(measure, chunked(missing, RENDER_CHUNK), work=len(missing))
        fresh = []
        for chunk in progress.track(chunks, size=len):
            fresh += [measured.signature for measured in chunk]
            if remembered:
                remembered.keep(chunk)
    else:
        fresh = []
    signatures = [*known.values(), *fresh]
    verdicts, flags = judge(library, expansion, signatures, remembered.judgement if remembered else None)
    judged = Expansion(expansion.landings, flags, expansion.counts)
    if only is not None or limit is not None:
        judged = select(judged, only, limit)
    routes = build_routes(library, judged, verdicts) if verdicts or judged.batch else draft
    if routes is not draft:
        engine.release(data)
        data = render_input(routes)
    problems = [*unknown, *images.problems, *expansion.problems, *draft.problems]
    return Plan(library, judged, routes, data, theme, judged.flags, verdicts, problems)


def _with_unusable_images(library: Library, images: ImagePlan) -> set[EntityId]:
    """Products and articles showing an image the plan could not measure (it reports why)."""
    return {
        EntityId.product(sku)
        for sku, product in library.products.items()
        if any(image.src not in images.images for image in product.images)
    } | {
        EntityId("article", key)
        for key, article in library.articles.items()
        if article.image and article.image not in images.images
    }
