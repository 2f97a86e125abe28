"""Landing pages are rendered once: the guardrails' measuring render is published when
the verdicts leave the page as it was, and only the pages they change render again."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.build
from generator.build import build_site
from generator.engine import InProcess
from generator.errors import BuildError
from generator.incremental import SignatureMemory
from generator.load import load_site
from generator.plan import Plan, plan_site
from generator.render import render_chunk
from generator.theme_layers import theme_layers

from .conftest import SiteFolder, copy_catalog
from .test_pseo import matrix_yaml, prose


def fresh_renders(root: Path) -> tuple[Plan, dict[str, bytes]]:
    """The final plan, and every page as it renders it, with no cache and no measuring render."""
    library = load_site(root).library
    assert library is not None
    plan = plan_site(library, InProcess(), theme_layers(root))
    assert plan.theme is not None
    pages = render_chunk(plan.data, plan.theme, plan.routes.routes)
    return plan, {page.output_file: page.html for page in pages}


def build_counting(root: Path, out: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list]:
    """Build; return the build's count of rendered pages and the routes the render stage rendered."""
    stage_routes: list = []
    real = generator.build._render

    def counted(engine, data, theme, routes):
        stage_routes.extend(routes)
        return real(engine, data, theme, routes)

    monkeypatch.setattr(generator.build, "_render", counted)
    result = build_site(root, out, check=False, cache_dir=cache)
    return result.rendered, stage_routes


@pytest.mark.parametrize("catalog", ["matrix", "demo", "cables"])
def test_measured_landings_are_published_as_a_fresh_render_would_make_them(
    catalog: str, site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if catalog == "matrix":  # two intents with one text: near-duplicates and thin pages held back
        site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(3)), min_unique_words=20))
        root = site.root
    else:
        root = copy_catalog(catalog, tmp_path / catalog)
    out = tmp_path / "public"
    rendered, stage_routes = build_counting(root, out, tmp_path / "cache", monkeypatch)
    plan, expected = fresh_renders(root)
    published = {name: (out / name).read_bytes() for name in expected}
    assert published == expected
    landing_files = {route.output_file for route in plan.routes.routes if route.kind == "landing"}
    assert landing_files, "the catalog has landing pages"
    again = {route.output_file for route in stage_routes} & landing_files
    assert rendered == len(expected), "pages rendered while measuring count as rendered"
    if plan.verdicts:  # a held-back page changes itself and its hreflang and related pages
        assert again, "pages the verdicts change render again"
    else:
        assert not again, "landing pages were rendered twice"


def test_measured_pages_of_a_failed_build_are_not_cached(
    site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A library with a product left out must not fill the cache: its pages were measured
    (and stored) in the plan, and are removed when the build fails."""
    measured: list = []
    keep = SignatureMemory.keep

    def counted(self, landings):
        measured.extend(landings)
        keep(self, landings)

    monkeypatch.setattr(SignatureMemory, "keep", counted)
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    site.write(
        "content/products/broken.yaml", "sku: BROKEN-1\nslug: broken\nname: {en: Broken}\nnot_a_field: 1\n"
    )
    cache = tmp_path / "cache"
    with pytest.raises(BuildError) as failed:
        build_site(site.root, tmp_path / "public", check=False, cache_dir=cache)
    assert any(error.field == "not_a_field" for error in failed.value.errors)
    assert measured, "the plan measured landing pages"
    assert not [p for p in (cache / "build" / "pages").rglob("*") if p.is_file()]
    assert not (tmp_path / "public").exists()
