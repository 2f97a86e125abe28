"""What rendering reads is what `dependencies(route)` declares.

Every model class the library holds gets a recording `__getattribute__` (installed by
a fixture, nothing in the product code), and each route of the demo and of the cable
catalog is rendered in this process: every (entity, field) a page reads must be
declared for it, and every field declared for a page kind must be read by some page
of that kind.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.dependencies.graph import dependencies
from generator.dependencies.items import Field, Setting, Whole
from generator.engine import InProcess
from generator.library import TRUST_TABLES, Article, Library, Page, PageText
from generator.load import load_site
from generator.models import Category, Product, Site, trust
from generator.models.ids import EntityId
from generator.models.matrix import Matrix, Value
from generator.plan import plan_site
from generator.render import compiled
from generator.render.pages import render_route
from generator.render.views import PageBuilder
from generator.theme_layers import theme_layers

REPO = Path(__file__).resolve().parent.parent
CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"
SITE = EntityId("alias", "site.yaml")
"""Stands for the site settings in recorded reads."""
CONTAINERS = {(Page, "translations"), (Page, "key"), (Article, "translations"), (Article, "key")}
"""Lookups through which the language versions of a page or article are reached: their reads
are recorded."""
TRUST_MODELS = (trust.Certificate, trust.Factory, trust.Case, trust.Testimonial)
INDEXED = {("product", "category"), ("category", "parent"), ("category", "order")}
"""Read once per library, by the index of products per category that listings use and
by the order of the products index."""


@dataclass
class Recorder:
    """(entity, field) reads of the entity models, per page being rendered."""

    owners: dict[int, EntityId] = field(default_factory=dict)
    reads: set[tuple[EntityId, str]] = field(default_factory=set)
    depth: int = 0

    def getattribute(self, original: Any) -> Any:
        recorder = self

        def read(obj: Any, name: str) -> Any:
            owner = recorder.owners.get(id(obj)) if not name.startswith("_") else None
            if owner is None or recorder.depth or (type(obj), name) in CONTAINERS:
                return original(obj, name)
            recorder.depth += 1  # a property's own reads are the property's
            try:
                value = original(obj, name)
            finally:
                recorder.depth -= 1
            if not callable(value) or name in type(obj).__dict__.get("model_fields", {}):
                recorder.reads.add((owner, name))
            return value

        return read


def _owners(library: Library) -> Iterator[tuple[Any, EntityId]]:
    yield library.site, SITE
    yield from ((p, EntityId.product(sku)) for sku, p in library.products.items())
    yield from ((c, EntityId.category(slug)) for slug, c in library.categories.items())
    for matrix_id, matrix in library.matrices.items():
        yield matrix, EntityId.of_matrix(matrix_id)
        for dimension in matrix.dimensions:
            yield from ((value, EntityId.value(matrix_id, value.key)) for value in dimension.inline)
    for key, page in library.pages.items():
        yield page, EntityId("page", key)
        yield from ((text, EntityId.page(key, lang)) for lang, text in page.translations.items())
    for key, article in library.articles.items():
        yield article, EntityId("article", key)
        yield from ((text, EntityId.article(key, lang)) for lang, text in article.translations.items())
    for kind, table in TRUST_TABLES.items():
        yield from ((item, EntityId(kind, slug)) for slug, item in getattr(library, table).items())  # type: ignore[arg-type]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recording = Recorder()
    for cls in (Product, Category, Matrix, Value, Site, Page, PageText, Article, *TRUST_MODELS):
        monkeypatch.setattr(cls, "__getattribute__", recording.getattribute(cls.__getattribute__))
    return recording


def _covers(declared: set[Any], entity: EntityId, name: str) -> bool:
    if entity == SITE:
        return Setting(name) in declared
    if entity.kind == "value":  # inline values are part of their matrix
        matrix = EntityId.of_matrix(entity.matrix)
        if any(isinstance(d, Whole) and d.entity == matrix for d in declared):
            return True
    return any(
        (isinstance(d, Field) and d.entity == entity and d.name == name)
        or (isinstance(d, Whole) and d.entity == entity)
        for d in declared
    )


def _site(name: str, tmp_path: Path) -> Path:
    if name == "demo":
        return REPO
    site = tmp_path / "cables"
    shutil.copytree(CABLES, site)
    shutil.copytree(REPO / "themes", site / "themes")
    return site


@pytest.mark.parametrize("name", ["demo", "cables"])
def test_render_reads_only_declared_dependencies(name: str, recorder: Recorder, tmp_path: Path):
    root = _site(name, tmp_path)
    library = load_site(root).library
    assert library is not None
    plan = plan_site(library, InProcess(), theme_layers(root))
    data, theme = plan.data.get(), compiled(plan.theme.get())
    recorder.owners = {id(obj): entity for obj, entity in _owners(library)}
    undeclared: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    read_by_kind: dict[str, set[tuple[str, str]]] = defaultdict(set)
    declared_by_kind: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for route in plan.routes.routes:
        declared = set(dependencies(route, data))
        recorder.reads = set()
        render_route(PageBuilder(data, theme, route), route)
        for entity, field_name in recorder.reads:
            if not _covers(declared, entity, field_name):
                undeclared[route.kind].setdefault((entity.kind, field_name), f"{entity} on {route.path}")
            read_by_kind[route.kind].add((entity.kind, field_name))
        declared_by_kind[route.kind] |= {(d.entity.kind, d.name) for d in declared if isinstance(d, Field)}
    assert not undeclared, "\n".join(f"{k}: {sorted(v.items())}" for k, v in undeclared.items())
    unread = {kind: fields - read_by_kind[kind] - INDEXED for kind, fields in declared_by_kind.items()}
    assert not any(unread.values()), f"declared but never read: {unread}"
    assert set(read_by_kind) == {route.kind for route in plan.routes.routes}
