"""Stage 2, expand: keyword matrices → landing-page descriptors (no HTML yet).

Expansion is cheap and happens before anything is rendered, so the page count can
be estimated and capped, and colliding URLs, titles, headings and keywords are
found while they are still just strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import BuildError, ContentError
from .formatting import Formats
from .library import Library
from .models import Category, Localized, Product
from .models.base import fill, language_chain
from .models.conditions import Entities, describe, holds
from .models.ids import EntityId, LandingId
from .models.matrix import Dimension, Market, Matrix, Value
from .models.patterns import PATTERN_FIELDS
from .theme_layers import ThemeLayers
from .titles import fit_title

UnitNames = dict[str, dict[str, str]]
"""UN/CEFACT code → plural category → name, from the theme."""


@dataclass(frozen=True)
class LandingText:
    """One language version of a landing page."""

    path: str
    title: str
    description: str
    h1: str
    keyword: str


@dataclass(frozen=True)
class Landing:
    matrix: str
    key: str
    combo: tuple[tuple[str, str], ...]
    """(dimension name, value key / SKU / category slug) in dimension order."""
    texts: dict[str, LandingText]

    @property
    def id(self) -> LandingId:
        return LandingId(self.matrix, self.key)

    def value(self, dimension: str) -> str:
        return dict(self.combo)[dimension]


@dataclass(frozen=True)
class Flag:
    """Why a landing page in one language is held back."""

    matrix: str
    key: str
    lang: str
    rule: str
    """What held it back: thin, near-duplicate, keyword/title/h1 collision."""
    reason: str
    score: float | None = None
    """Exact Jaccard similarity for near-duplicates, share of own words for thin pages."""
    twin: str | None = None
    """Route key of the earlier page it collides with."""

    @property
    def page(self) -> str:
        """The page's route key, as reports show it."""
        return str(LandingId(self.matrix, self.key))


@dataclass
class Expansion:
    landings: list[Landing] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Matrix id → language → pages expanded."""
    batch: bool = False
    """Only part of the plan (`--only`, `--limit`): a preview, never the live site."""
    problems: list[ContentError] = field(default_factory=list)
    """Matrices that were not expanded, and why."""


def expand(library: Library, theme: ThemeLayers) -> Expansion:
    """Expand every matrix, in a stable order: matrices as loaded, then combinations in
    dimension order. That order decides which page of a colliding pair is the later one.
    A matrix over its page cap is left out and reported in `problems`. Quantities in
    patterns read with the unit names of `theme`, as on the page."""
    expansion = Expansion()
    thin: list[Flag] = []
    units = _unit_names(library, theme)
    for matrix in library.matrices.values():
        source = library.sources[EntityId.of_matrix(matrix.id)]
        combos = list(_combinations(library, matrix))
        languages = matrix.languages or list(library.site.language_codes)
        if len(combos) * len(languages) > matrix.quality.max_pages:
            expansion.problems.append(
                ContentError(
                    source.path,
                    source.line,
                    source.column,
                    "quality.max_pages",
                    f"matrix '{matrix.id}' would produce {len(combos) * len(languages)} pages, "
                    f"above its cap of {matrix.quality.max_pages}",
                )
            )
            continue
        counts = dict.fromkeys(languages, 0)
        for combo in combos:
            texts = {}
            for lang in languages:
                text = _landing_text(library, matrix, combo, lang, units.get(lang, {}))
                if text is not None:
                    texts[lang] = text
                    counts[lang] += 1
            if texts:
                key = ".".join(_value_key(entity) for _, entity in combo)
                pairs = tuple((name, _value_key(entity)) for name, entity in combo)
                expansion.landings.append(Landing(matrix.id, key, pairs, texts))
                thin += _thin_by_plan(matrix, key, dict(combo), texts)
        expansion.counts[matrix.id] = counts
    expansion.flags = [*thin, *_collisions(expansion.landings)]
    return expansion


def _missing_certification(entities: Entities) -> bool:
    products = [e for e in entities.values() if isinstance(e, Product)]
    markets = [e for e in entities.values() if isinstance(e, Market)]
    return any(not set(m.required_certifications) <= set(p.certifications) for p in products for m in markets)


FACTS = {
    "missing_required_certification": _missing_certification,
    "price_on_request": lambda entities: any(
        isinstance(e, Product) and e.lowest_price is None for e in entities.values()
    ),
}
"""How each fact a `rules.thin_when` condition may name is decided (see models.conditions.FACTS)."""


def _thin_by_plan(matrix: Matrix, key: str, entities: Entities, texts: dict[str, LandingText]) -> list[Flag]:
    """Every language of a page the plan's `thin_when` rule calls thin."""
    condition = matrix.rules.thin_when
    if condition is None or not holds(condition, entities, FACTS):
        return []
    reason = f"thin by the plan's rule: {describe(condition)}"
    return [Flag(matrix.id, key, lang, "thin_when", reason) for lang in texts]


def _unit_names(library: Library, layers: ThemeLayers) -> dict[str, UnitNames]:
    """Unit names per site language; none when the theme is unusable (the build reports
    why and renders nothing, so expansion only has to go on to report the rest)."""
    from .render.theme import load_theme  # the renderer imports this module: import at call time

    try:
        theme = load_theme(layers)
    except BuildError:
        return {}
    site = library.site
    return {lang: theme.strings(lang, site.ui_fallback(lang)).units for lang in site.language_codes}


def select(expansion: Expansion, only: str | None, limit: int | None) -> Expansion:
    """A batch of the full plan: only matrix `only`, the first `limit` combinations of
    each matrix, with the verdicts the full plan gave those pages."""
    taken: dict[str, int] = {}
    landings = []
    for landing in expansion.landings:
        if (only and landing.matrix != only) or taken.get(landing.matrix, 0) == limit:
            continue
        taken[landing.matrix] = taken.get(landing.matrix, 0) + 1
        landings.append(landing)
    keys = {(landing.matrix, landing.key) for landing in landings}
    counts: dict[str, dict[str, int]] = {}
    for landing in landings:
        for lang in landing.texts:
            per_lang = counts.setdefault(landing.matrix, dict.fromkeys(expansion.counts[landing.matrix], 0))
            per_lang[lang] += 1
    flags = [flag for flag in expansion.flags if (flag.matrix, flag.key) in keys]
    return Expansion(landings, flags, counts, batch=True, problems=expansion.problems)


SIBLINGS_PER_DIMENSION = 3


def sibling_index(landings: list[Landing]) -> dict[LandingId, tuple[LandingId, ...]]:
    """For each landing, landings of its matrix that differ from it in exactly one
    dimension: the next few in each dimension's group, in linear time."""
    groups: dict[tuple[str, int, tuple[tuple[str, str], ...]], list[LandingId]] = {}
    for landing in landings:
        for position in range(len(landing.combo)):
            rest = landing.combo[:position] + landing.combo[position + 1 :]
            groups.setdefault((landing.matrix, position, rest), []).append(landing.id)
    siblings: dict[LandingId, list[LandingId]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for index, key in enumerate(members):
            following = (members[(index + step) % len(members)] for step in range(1, len(members)))
            siblings.setdefault(key, []).extend(itertools.islice(following, SIBLINGS_PER_DIMENSION))
    return {key: tuple(values) for key, values in siblings.items()}


def hub_index(library: Library, landings: list[Landing]) -> dict[tuple[str, str], tuple[LandingId, ...]]:
    """The landings of each hub, by (matrix, value of its hub dimension), in expansion
    order: one pass, so that rendering and dating every hub stays linear."""
    members: dict[tuple[str, str], list[LandingId]] = {}
    for landing in landings:
        value = landing.value(library.matrices[landing.matrix].hub.dimension)
        members.setdefault((landing.matrix, value), []).append(landing.id)
    return {key: tuple(ids) for key, ids in members.items()}


def resolve(library: Library, matrix: Matrix, dimension: str, key: str) -> Product | Category | Value:
    """The catalog entity or inline value a landing's combo names."""
    spec = matrix.dimension(dimension)
    if spec.source == "products":
        return library.products[key]
    if spec.source == "categories":
        return library.categories[key]
    return next(value for value in spec.inline if value.key == key)


def _value_key(entity: Product | Category | Value) -> str:
    if isinstance(entity, Product):
        return entity.sku
    return entity.slug if isinstance(entity, Category) else entity.key


def _candidates(library: Library, dimension: Dimension) -> list[Any]:
    if dimension.source is None:
        return dimension.inline
    pool: dict[str, Any] = library.products if dimension.source == "products" else library.categories
    return [entity for entity in pool.values() if _matches(entity, dimension.where)]


def _matches(entity: Any, where: dict[str, list[Any]]) -> bool:
    for name, allowed in where.items():
        actual = getattr(entity, name)
        if isinstance(actual, list):
            if not set(map(str, actual)) & set(map(str, allowed)):
                return False
        elif str(actual) not in set(map(str, allowed)) and actual not in allowed:
            return False
    return True


def _combinations(library: Library, matrix: Matrix) -> Iterator[tuple[tuple[str, Any], ...]]:
    axes = [[(d.name, entity) for entity in _candidates(library, d)] for d in matrix.dimensions]
    rules = matrix.rules
    for combo in itertools.product(*axes):
        keys = {name: _value_key(entity) for name, entity in combo}
        if rules.include and not any(_subset(pattern, keys) for pattern in rules.include):
            continue
        if any(_subset(pattern, keys) for pattern in rules.exclude):
            continue
        products = [e for _, e in combo if isinstance(e, Product)]
        markets = [e for _, e in combo if hasattr(e, "required_certifications")]
        if rules.priced_only and any(p.price_on_request for p in products):
            continue
        if any(len(p.specs) < rules.min_specs for p in products):
            continue
        if rules.certified_for_market and any(
            not set(m.required_certifications) <= set(p.certifications) for p in products for m in markets
        ):
            continue
        yield combo


def _subset(pattern: dict[str, str], keys: dict[str, str]) -> bool:
    return all(keys.get(name) == value for name, value in pattern.items())


def _exact(text: Localized | None, lang: str) -> str | None:
    """Text in `lang` or its base language, never in another language."""
    if text is None:
        return None
    return text.for_language(language_chain(lang))


def _landing_text(
    library: Library, matrix: Matrix, combo: tuple[tuple[str, Any], ...], lang: str, units: UnitNames
) -> LandingText | None:
    """The page's strings in `lang`, or None when a pattern or a value lacks that language."""
    chain = language_chain(lang)
    values: dict[str, str] = {"site": _exact(library.site.name, lang) or ""}
    slugs: dict[str, str] = {}
    for name, entity in combo:
        if isinstance(entity, Product | Category) and lang not in library.languages_of(entity):
            return None
        if isinstance(entity, Value) and entity.languages and lang not in entity.languages:
            return None
        label = _exact(entity.name, lang)
        if label is None:
            return None
        values[name] = label
        if isinstance(entity, Value):
            values.update((f"{name}.{form}", text) for form, text in entity.name.forms_in(chain).items())
        slugs[name] = entity.slug_for(lang)
    product = next((entity for _, entity in combo if isinstance(entity, Product)), None)
    market = next((entity for _, entity in combo if isinstance(entity, Market)), None)
    values.update(page_data(library, product, market, Formats(lang, units)))
    on_request = product is not None and product.lowest_price is None
    patterns = {}
    for field_name in PATTERN_FIELDS:
        instead = getattr(matrix.patterns.on_request, field_name, None) if on_request else None
        pattern = _exact(instead, lang) or _exact(getattr(matrix.patterns, field_name), lang)
        if pattern is None:
            return None
        patterns[field_name] = pattern
    path = fill(patterns["path"], {**slugs, "site": ""}).strip("/").lower()
    return LandingText(
        path=path + "/",
        title=fit_title(patterns["title"], lambda text: fill(text, values)),
        description=fill(patterns["description"], values),
        h1=fill(patterns["h1"], values),
        keyword=fill(patterns["keyword"], values),
    )


def page_data(
    library: Library, product: Product | None, market: Market | None, fmt: Formats
) -> dict[str, str]:
    """The page's data for patterns, formatted for its language (see PAGE_DATA); prices
    converted with the market's rounding, as in the page's tier table."""
    data = {}
    if product is not None:
        currency = product.currency or library.site.currency
        if product.lowest_price is not None:
            price, shown_in = product.lowest_price, currency
            if market is not None and market.converts(currency, library.site.currency):
                price, shown_in = market.price(price, library.site.rounding), market.currency
            data["price_from"] = fmt.money(price, shown_in)
        lead = product.lead_time
        data["sku"] = product.sku
        data["moq"] = fmt.quantity(product.moq.quantity, product.moq.unit)
        data["lead_time"] = f"{fmt.number(lead.min_days)}–{fmt.number(lead.max_days)}"
        data["brand"] = product.brand or library.site.organization.name
    if market is not None:
        data["transit_min"] = fmt.number(market.transit.min_days)
        data["transit_max"] = fmt.number(market.transit.max_days)
        ports = [port.for_language(library.site.fallback_chain(fmt.lang)) or "" for port in market.ports]
        data["port"] = ports[0]
        data["ports"] = ", ".join(ports)
    return data


def _collisions(landings: list[Landing]) -> list[Flag]:
    """Keyword cannibalization: later pages whose keyword, title or h1 repeat an earlier one."""
    flags: list[Flag] = []
    seen: dict[tuple[str, str, str], str] = {}
    for landing in landings:
        for lang, text in landing.texts.items():
            for kind, value in (("keyword", text.keyword), ("title", text.title), ("h1", text.h1)):
                marker = (lang, kind, " ".join(value.casefold().split()))
                if marker in seen:
                    twin = seen[marker]
                    reason = f"{kind} collides with {twin}"
                    flags.append(
                        Flag(landing.matrix, landing.key, lang, f"{kind} collision", reason, twin=twin)
                    )
                    break
                seen[marker] = f"{landing.matrix}:{landing.key}"
    return flags
