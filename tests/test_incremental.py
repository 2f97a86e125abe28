"""Incremental builds: byte-identical to a clean build, whatever changed in between."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest
from lxml import etree

from generator.build import build_site
from generator.dependencies.graph import Graph
from generator.dependencies.values import value_of
from generator.engine import InProcess
from generator.load import load_site
from generator.plan import plan_site
from generator.theme_layers import theme_layers

from .conftest import REPO, SiteFolder
from .test_pseo import ORIGIN, matrix_yaml, prose

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def incremental(site: SiteFolder, tmp_path: Path):
    """Rebuild with a persistent cache, compare with a clean build of the same input."""
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    cache = tmp_path / "cache"

    def rebuild() -> int:
        result = build_site(site.root, tmp_path / "public", check=False, cache_dir=cache)
        clean_cache = tmp_path / "clean-cache"
        shutil.rmtree(clean_cache, ignore_errors=True)
        build_site(site.root, tmp_path / "clean", check=False, cache_dir=clean_cache)
        assert tree(tmp_path / "public") == tree(tmp_path / "clean")
        return result.rendered

    first = rebuild()
    assert first > 10
    return site, rebuild, first


def test_no_change_rebuild_renders_nothing(incremental, monkeypatch):
    import generator.plan

    def measured_again(data, theme_folder, routes):
        raise AssertionError(f"quality signatures re-measured for {len(routes)} unchanged pages")

    site, rebuild, _ = incremental
    assert rebuild() == 0
    monkeypatch.setattr(generator.plan, "landing_signatures", measured_again)
    cache = site.root.parent / "cache"
    assert build_site(site.root, site.root.parent / "public", check=False, cache_dir=cache).rendered == 0


def test_price_edit_rerenders_only_pages_showing_the_product(incremental):
    site, rebuild, first = incremental
    site.replace("content/products/ball-valve-dn50.yaml", "unit_price: 15.20", "unit_price: 15.10")
    rendered = rebuild()
    assert 0 < rendered < first


def test_renamed_slug_deleted_product_and_template_change(incremental, tmp_path: Path):
    site, rebuild, _ = incremental
    site.replace(
        "content/products/ball-valve-dn50.yaml", "slug: ball-valve-dn50", "slug: ball-valve-2pc-dn50"
    )
    rebuild()
    assert not (tmp_path / "public/products/ball-valve-dn50").exists()
    assert (tmp_path / "public/products/ball-valve-2pc-dn50/index.html").exists()
    (site.root / "content/products/gate-valve-dn80.yaml").unlink()
    rebuild()
    assert not (tmp_path / "public/products/gate-valve-dn80").exists()
    site.replace(
        "themes/default/templates/page.html", '<article class="prose">', '<article class="prose page">'
    )
    rebuild()
    site.replace("site.yaml", "name: Example Valves\ntagline", "name: Example Valves Co\ntagline")
    rebuild()
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact our export desk\ndescription: Phone, email and address of the export desk, with office hours in China time.\nlayout: contact\nnav_order: 2\n---\nWrite to us.\n",
    )
    rebuild()


def test_cache_restored_into_another_folder_still_hits(incremental, tmp_path: Path):
    site, _, _ = incremental
    moved = tmp_path / "clone"
    shutil.copytree(site.root, moved, ignore=shutil.ignore_patterns(".pseo-cache"))
    result = build_site(moved, tmp_path / "moved-out", check=False, cache_dir=tmp_path / "cache")
    assert result.rendered == 0
    assert tree(tmp_path / "moved-out") == tree(tmp_path / "public")


def shown_values(root: Path) -> dict[str, dict[str, bytes]]:
    """Each page's declared dependencies with their values, as the graph sees the site."""
    library = load_site(root).library
    assert library is not None
    plan = plan_site(library, InProcess(), theme_layers(root))
    data = plan.data.get()
    graph = Graph(data)
    return {
        route.output_file: {
            repr(item): value_of(item, data, route.lang) for item in graph.dependencies(route)
        }
        for route in plan.routes.routes
    }


def _field_edits(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(kind, file, old, new): one edit of one field each, with random new text."""
    word = rng.choice(["forged", "certified", "export", "compact", "heavy-duty"])
    return [
        (
            "price",
            "content/products/ball-valve-dn50.yaml",
            "unit_price: 16.90",
            f"unit_price: {rng.randint(1530, 1840) / 100:.2f}",
        ),
        (
            "product name",
            "content/products/ball-valve-dn50.yaml",
            "  en: Two-piece ball valve DN50\n",
            f"  en: Two-piece {word} ball valve DN50\n",
        ),
        (
            "spec",
            "content/products/ball-valve-dn50.yaml",
            "value: DN50}",
            f"value: DN50 PN{rng.randint(16, 64)}}}",
        ),
        (
            "category name",
            "content/categories/valves.yaml",
            "{en: Industrial valves,",
            f"{{en: Industrial {word} valves,",
        ),
        ("page body", "content/pages/about.md", "since 2006.", f"since {rng.randint(1990, 2005)}."),
        ("matrix pattern", "content/pseo/export.yaml", "from the factory.", f"from the {word} factory."),
    ]


@pytest.mark.parametrize("seed", [7, 2026])
def test_field_edits_rerender_what_the_graph_says(incremental, seed: int, capsys):
    """Random field-level edits, one after another: the incremental build equals a clean
    build byte for byte, and re-renders exactly the pages a declared dependency of
    which changed value."""
    site, rebuild, _ = incremental
    rng = random.Random(seed)
    edits = _field_edits(rng)
    rng.shuffle(edits)
    counts = {}
    for kind, relative, old, new in edits:
        before = shown_values(site.root)
        site.replace(relative, old, new)
        after = shown_values(site.root)
        changed = {page for page, values in after.items() if values != before.get(page)}
        rendered = rebuild()
        assert rendered == len(changed), f"{kind}: rendered {rendered}, the graph says {sorted(changed)}"
        assert changed, f"{kind}: no page shows the edited field"
        counts[kind] = rendered
    with capsys.disabled():
        print(f"\npages re-rendered per field edit of {len(before)} (seed {seed}): {counts}")
    assert counts["page body"] == 1  # the about page in English; its title is what the footer shows
    assert counts["price"] < counts["product name"]


@pytest.fixture
def dated(incremental, tmp_path: Path):
    """The sitemap lastmod of every URL after a build; edits follow."""
    site, rebuild, _ = incremental

    def lastmods() -> dict[str, str]:
        rebuild()
        found = {}
        for sitemap in sorted((tmp_path / "public" / "sitemaps").glob("*.xml")):
            for url in etree.parse(str(sitemap)).getroot():
                loc, modified = url.findtext(f"{{{NS}}}loc"), url.findtext(f"{{{NS}}}lastmod")
                found[loc.removeprefix(ORIGIN)] = modified
        return found

    return site, lastmods


def moved(site, lastmods, relative: str, old: str, new: str) -> set[str]:
    before = lastmods()
    site.replace(relative, old, new)
    after = lastmods()
    assert after.keys() == before.keys()
    return {url for url in after if after[url] != before[url]}


def test_lastmod_of_a_product_edit_moves_the_pages_showing_it(dated):
    site, lastmods = dated
    urls = moved(
        site, lastmods, "content/products/ball-valve-dn50.yaml", "updated: 2026-10-01", "updated: 2026-11-20"
    )
    product_pages = {"/products/ball-valve-dn50/", "/ar/products/ball-valve-dn50/"}
    landings = {url for url in lastmods() if "ball-valve-dn50" in url and url.count("/") > 3}
    listings = {"/", "/ar/", "/categories/valves/", "/ar/categories/valves/", "/products/gate-valve-dn80/"}
    listings |= {"/products/"}  # the products index (Arabic has one product, so no index)
    hubs = {
        "/export-markets/",
        "/export-markets/germany/",
        "/ar/export-markets/",
        "/ar/export-markets/almania/",
    }
    assert landings
    assert urls == product_pages | landings | listings | hubs
    assert all(date == "2026-11-20" for url, date in lastmods().items() if url in urls)


def test_lastmod_of_a_category_edit_moves_its_pages_not_the_navigation(dated):
    site, lastmods = dated
    site.replace("content/categories/valves.yaml", "slug: valves\n", "slug: valves\nupdated: 2026-11-11\n")
    urls = moved(
        site, lastmods, "content/categories/valves.yaml", "updated: 2026-11-11", "updated: 2026-11-25"
    )
    # Shown on the category pages and in the products' breadcrumbs; menus name it on every page.
    pages = {"/categories/valves/", "/ar/categories/valves/", "/", "/ar/"}
    pages |= {"/products/"}  # the products index heads its cards by category (none in Arabic: one product)
    products = {"/products/ball-valve-dn50/", "/ar/products/ball-valve-dn50/", "/products/gate-valve-dn80/"}
    assert urls == pages | products
    assert "/about/" not in urls


def test_lastmod_of_a_page_edit_moves_that_page_only(dated):
    site, lastmods = dated
    site.replace("content/pages/about.md", "nav_order: 1\n", "nav_order: 1\nupdated: 2026-11-11\n")
    urls = moved(site, lastmods, "content/pages/about.md", "updated: 2026-11-11", "updated: 2026-11-28")
    assert urls == {"/about/"}


def test_lastmod_of_landings_and_hubs_follows_their_entities_not_the_matrix(dated):
    site, lastmods = dated
    dates = lastmods()
    landings = [url for url in dates if url.startswith(("/export/", "/ar/tasdir/"))]
    assert landings and all(dates[url] == "2026-10-01" for url in landings)  # the product's `updated`
    assert dates["/export-markets/germany/"] == "2026-10-01"  # the newest landing it lists
    urls = moved(site, lastmods, "content/pseo/export.yaml", "from the factory.", "from our factory.")
    assert not urls  # the matrix has no date of its own here, and its products did not change


DEMO_EDITS = {
    "price": ("content/products/ht-bv3-dn25.yaml", "unit_price: 13.20", "unit_price: 13.10", 30),
    "product name": (
        "content/products/ht-bv3-dn25.yaml",
        "  en: 3-Piece Ball Valve",
        "  en: Three-Piece Ball Valve",
        70,
    ),
    "category name": (
        "content/categories/gate-valves.yaml",
        "  en: Gate Valves",
        "  en: Gate Valves (DIN)",
        40,
    ),
}
"""Edits of the demo with the most pages the graph may re-render for each."""


@pytest.mark.parametrize("kind", DEMO_EDITS)
def test_demo_edit_touches_a_bounded_share_of_pages(kind: str, tmp_path: Path, capsys):
    relative, old, new, most = DEMO_EDITS[kind]
    site = tmp_path / "demo"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", ".pseo-cache", "tests", "generator"))
    before = shown_values(site)
    path = site / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    after = shown_values(site)
    changed = sorted(page for page, values in after.items() if values != before[page])
    with capsys.disabled():
        print(f"\ndemo, {kind} edit: {len(changed)} of {len(after)} pages to re-render")
    assert 0 < len(changed) <= most, changed
    if kind == "price":  # the product's pages in every language, and listings showing its price
        assert {"products/3-piece-ball-valve-dn25-iso-5211/index.html"} <= set(changed)
        assert not any(page.startswith(("about/", "certifications/")) for page in changed)
