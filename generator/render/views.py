"""Template contexts: everything a template shows, resolved to one language.

Templates only lay out what they are given; choosing translations, formatting money
and building URLs and structured data all happen here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from markupsafe import Markup

from .. import jsonld
from ..collections import FEEDS, INDEXES
from ..documents.paths import document_of
from ..expand import Landing
from ..formatting import Formats, og_locale
from ..images import ImageInfo, Rendition, card_key
from ..library import Library
from ..markdown import render_markdown
from ..models import Category, PriceTier, Product
from ..models.ids import EntityId, LandingId, PageKey
from ..models.matrix import Market
from ..route import TRUST_PAGES, Route, RouteTable, matrix_of
from ..titles import fit_title
from . import buyer
from .compare import LIMIT as COMPARE_LIMIT
from .strings import Strings
from .theme import Theme

DESCRIPTION_LIMIT = 155


@dataclass(frozen=True)
class RenderInput:
    """Everything a render worker needs; plain, picklable data."""

    library: Library
    routes: RouteTable
    images: dict[str, ImageInfo]
    landings: dict[str, Landing]
    """Landing pages by route key (the text form of their LandingId)."""
    siblings: dict[LandingId, tuple[LandingId, ...]]
    """Route keys of landing pages that differ from a landing page in one dimension."""
    hubs: dict[tuple[str, str], tuple[LandingId, ...]]
    """The landing pages of each hub, by (matrix, hub value) (see `expand.hub_index`)."""
    cards: dict[str, Rendition] = field(default_factory=dict)
    """Social card (og:image) of each product page, by `card_key(lang, sku)`."""
    compare_shards: tuple[tuple[str, ...], ...] = ()
    """The SKUs of each shard file of the compare pages (see `compare_shards`)."""


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class SpecRow:
    name: str
    value: str
    unit: str
    neutral: bool
    """The value is language-neutral data (a pressure class, a range of °C): the theme
    isolates it left to right, so right-to-left pages keep its order."""


class PageBuilder:
    """Builds the context of one route."""

    def __init__(self, data: RenderInput, theme: Theme, route: Route) -> None:
        self.data = data
        self.library = data.library
        self.site = data.library.site
        self.routes = data.routes
        self.route = route
        self.lang = route.lang
        self.chain = self.site.fallback_chain(route.lang)
        self.theme = theme
        self.t: Strings = theme.strings(route.lang, self.site.ui_fallback(route.lang))
        self.fmt = Formats(route.lang, self.t.units)

    def text(self, value: Any) -> str:
        return value.for_language(self.chain) if value is not None else ""

    def spec_rows(self, product: Product) -> list[SpecRow]:
        return [
            SpecRow(self.text(spec.name), self.text(spec.value), spec.unit or "", spec.value.is_neutral)
            for spec in product.specs
        ]

    def href(self, kind: str, key: PageKey) -> str | None:
        target = self.routes.find(kind, key, self.route.lang)
        return target.path if target else None

    def image(self, src: str, alt: str) -> dict[str, Any]:
        """What the `picture` macro needs; `url` (absolute, largest fallback rendition)
        is the one for structured data and feeds."""
        info = self.data.images[src]
        return {
            "alt": alt,
            "src": info.fallback,
            "srcset": info.srcset,
            "sources": [{"type": mime, "srcset": srcset} for mime, srcset in info.sources],
            "width": info.width,
            "height": info.height,
            "url": self.routes.absolute(info.fallback),
        }

    def social_card(self) -> dict[str, Any] | None:
        """The og:image of a product page; other pages have none and share the logo
        or a product photo instead."""
        wanted = card_key(self.route.lang, self.route.key)
        card = self.data.cards.get(wanted) if self.route.kind == "product" else None
        if card is None:
            return None
        return {"url": self.routes.absolute(card.url), "width": card.width, "height": card.height}

    def from_templates(
        self, kind: str, title_values: dict[str, str], description_values: dict[str, str]
    ) -> tuple[str, str]:
        """Title and description from the site's per-type templates."""
        seo, values = self.site.seo, {"site": self.text(self.site.name)}
        pattern = getattr(seo.titles, kind).for_language(self.chain)
        title = fit_title(pattern, lambda text: text.format(**values, **title_values), kind == "home")
        description = getattr(seo.descriptions, kind).for_language(self.chain)
        return title, description.format(**values, **description_values)

    def base(self, title: str, description: str) -> dict[str, Any]:
        route, site = self.route, self.site
        languages = {language.code: language for language in site.languages}
        switcher = [
            {"label": languages[lang].name, "url": other.path, "lang": lang, "current": lang == route.lang}
            for lang, other in self.routes.translations(route).items()
        ]
        logo = self.image(site.organization.logo, site.organization.name)
        return {
            "lang": route.lang,
            "og_locale": og_locale(route.lang),
            "dir": languages[route.lang].text_direction,
            "t": self.t,
            **self.t.callables,
            "fmt": self.fmt,
            "route": route,
            "site_name": self.text(site.name),
            "tagline": self.text(site.tagline),
            "title": title,
            "description": clip(description, DESCRIPTION_LIMIT),
            "canonical": self.routes.url(route),
            "robots": "noindex, follow" if route.noindex else "index, follow",
            "alternates": self.routes.hreflang_alternates(route),
            "switcher": switcher,
            "home_url": self.routes.find("home", "home", route.lang).path,  # type: ignore[union-attr]
            "navigation": self.navigation(),
            "footer_pages": self.footer_pages() + self.trust_links(),
            "organization": site.organization,
            "logo": logo,
            "og_image": logo["url"],
            "social_card": self.social_card(),
            "og_type": "website",
            "assets": self.theme.assets,
            "breadcrumbs": [],
            "graph": [],
            "draft": self.is_draft(),
            "feeds": self.feeds(),
            "contacts": buyer.contact_links(self, title),
            "basket_url": self.href("basket", "basket"),
            "compare_url": self.href("compare", "compare"),
            "compare_limit": COMPARE_LIMIT,
            "search_url": self.href("products", "1") if site.search.enabled else None,
            "search_panel": None,  # the catalog page's: where the search index is
            "quote_url": buyer.quote_url(self),
            "tracking": site.tracking,
            "document": self.document(),
        }

    def document(self) -> dict[str, str] | None:
        """The PDF the page links (a datasheet, a catalog), if the site makes one for it."""
        ref = document_of(self.library, self.route)
        return {"url": ref.path, "lang": self.lang} if ref else None

    def is_draft(self) -> bool:
        """Whether the page exists only because drafts are shown (a preview): it is a
        draft, or a landing or hub page of a draft matrix or made from a draft."""
        drafts, route = self.library.drafts, self.route
        if not drafts:
            return False
        if route.kind in ("product", "category"):
            return EntityId(route.kind, route.key) in drafts
        if route.kind in ("page", "article"):
            return EntityId(route.kind, route.key, lang=route.lang) in drafts
        if route.kind not in ("landing", "hub", "hubs"):
            return False
        matrix = self.library.matrices[matrix_of(route)]
        landing = self.data.landings.get(route.key) if route.kind == "landing" else None
        kinds = {"products": "product", "categories": "category"}
        made_of = {
            EntityId(kinds[source], key)  # type: ignore[arg-type]
            for name, key in (landing.combo if landing else ())
            if (source := matrix.dimension(name).source) in kinds
        }
        return EntityId.of_matrix(matrix.id) in drafts or bool(made_of & drafts)

    def feeds(self) -> list[dict[str, str]]:
        """The language's article feeds, announced in the head of each of its pages."""
        index = self.routes.find("articles", "1", self.lang)
        if index is None:
            return []
        title = f"{self.text(self.site.name)}: {self.t('Articles').striptags()}"
        return [
            {"type": mime, "url": index.path + name, "title": f"{title} ({label})"}
            for name, (mime, label) in FEEDS.items()
        ]

    def navigation(self) -> list[Link]:
        links = []
        for item in self.site.navigation:
            target = item.entity
            if item.target in INDEXES:
                url = self.href(item.target, "1")
            elif item.target in TRUST_PAGES:
                url = self.href(item.target, item.target)
            else:
                url = self.href(target.kind, target.key) if target else self.href("home", "home")
            if url:
                links.append(Link(self.text(item.label), url, url == self.route.path))
        return links

    def trust_links(self) -> list[Link]:
        """Footer links to the trust pages that exist in the page's language."""
        names = {
            "certificates": self.t("Certificates and approvals"),
            "factory": self.t("Our factory"),
            "cases": self.t("Customer cases"),
        }
        return [
            Link(label, url, url == self.route.path)
            for kind, label in names.items()
            if (url := self.href(kind, kind))
        ]

    def footer_pages(self) -> list[Link]:
        pages = sorted(
            (p for p in self.library.pages.values() if p.nav_order is not None), key=lambda p: p.nav_order
        )
        links = []
        for page in pages:
            text = page.translations.get(self.route.lang)
            url = self.href("page", page.key)
            if text and url:
                links.append(Link(text.title, url, url == self.route.path))
        return links

    def trail(self, *steps: tuple[str, str]) -> list[Link]:
        """Breadcrumb links from home through `steps` (label, path)."""
        home = Link(self.t("Home").striptags(), self.href("home", "home") or "/")
        links = [home, *(Link(label, path) for label, path in steps)]
        return [Link(link.label, link.url, index == len(links) - 1) for index, link in enumerate(links)]

    def category_steps(self, slug: str) -> list[tuple[str, str]]:
        steps = []
        for category in self.library.category_trail(slug):
            url = self.href("category", category.slug)
            if url:
                steps.append((self.text(category.name), url))
        return steps

    def with_breadcrumbs(self, context: dict[str, Any], crumbs: list[Link]) -> None:
        """Crumbs labelled by a UI message keep its language mark on the page; the
        structured data gets their plain text."""
        context["breadcrumbs"] = crumbs
        absolute = self.routes.absolute
        items = [
            (c.label.striptags() if isinstance(c.label, Markup) else c.label, absolute(c.url)) for c in crumbs
        ]
        context["graph"].append(jsonld.breadcrumb_list(items))

    def product_card(self, product: Product, with_category: bool = False) -> dict[str, Any] | None:
        url = self.href("product", product.sku)
        if url is None:
            return None
        name = self.text(product.name)
        image = product.images[0] if product.images else None
        price = None
        if product.lowest_price is not None:
            currency = product.currency or self.site.currency
            price = self.t(
                "From %(price)s per %(unit)s",
                price=self.fmt.money(product.lowest_price, currency),
                unit=self.fmt.unit_name(1, product.moq.unit),
            )
        return {
            "name": name,
            "url": url,
            "summary": self.text(product.summary),
            "image": self.image(image.src, self.text(image.alt)) if image else None,
            "moq": self.fmt.quantity(product.moq.quantity, product.moq.unit),
            "price": price,
            "sku": product.sku,
            "category": self.text(self.library.categories[product.category].name) if with_category else None,
            "basket_item": buyer.basket_item(self, product),
        }

    def price_table(self, item: Product, market: Market | None = None) -> tuple[list[dict[str, str]], str]:
        """Rows of the tier table and the note under it; with a market, each row also
        shows the price converted to the market's currency at the matrix's FX rate."""
        fmt, t = self.fmt, self.t
        currency, unit = item.currency or self.site.currency, item.moq.unit
        rows = []
        for tier in item.price_tiers:
            quantity = t.once(
                ("tier", tier.min_qty, tier.max_qty, unit), partial(self._tier_quantity, tier, unit)
            )
            row = {"quantity": quantity, "price": fmt.money(tier.unit_price, currency)}
            if market is not None and market.converts(currency, self.site.currency):
                converted = market.price(tier.unit_price, self.site.rounding)
                row["converted"] = fmt.money(converted, market.currency)
            rows.append(row)
        incoterm = item.incoterms[0].value if item.incoterms else None
        note = t.once(
            ("price note", unit, incoterm, currency), partial(self._price_note, unit, incoterm, currency)
        )
        if market is not None and market.converts(currency, self.site.currency):
            note += " " + t(
                "Converted prices are indicative, at 1 %(base)s = %(rate)s %(currency)s; "
                "quotations are issued in %(base)s.",
                rate=fmt.number(market.fx_rate),
                currency=market.currency,
                base=currency,
            )
        return rows, note

    def _tier_quantity(self, tier: PriceTier, unit: str) -> Markup:
        """A tier's quantities: "100 – 499 pieces", "500 pieces or more"."""
        fmt, t = self.fmt, self.t
        if tier.max_qty is None:
            return t("%(min)s or more", min=fmt.quantity(tier.min_qty, unit))
        return t("%(min)s – %(max)s", min=fmt.number(tier.min_qty), max=fmt.quantity(tier.max_qty, unit))

    def _price_note(self, unit: str, incoterm: str | None, currency: str) -> Markup:
        """What the prices of a tier table are: per which unit, under which Incoterm."""
        unit_one = self.fmt.unit_name(1, unit)
        if incoterm:
            return self.t(
                "Prices are per %(unit)s, %(incoterm)s, in %(currency)s, excluding shipping.",
                unit=unit_one,
                incoterm=incoterm,
                currency=currency,
            )
        return self.t(
            "Prices are per %(unit)s, in %(currency)s, excluding shipping.", unit=unit_one, currency=currency
        )

    def category_card(self, category: Category) -> dict[str, Any] | None:
        url = self.href("category", category.slug)
        if url is None:
            return None
        return {"name": self.text(category.name), "url": url, "summary": self.text(category.summary)}

    def form(self, sku: str = "", product_name: str = "", kind: str = "quote") -> dict[str, Any]:
        """The inquiry form; `kind` (quote, basket) tells the thank-you page's conversion
        event which form sent the lead."""
        inquiry = self.site.inquiry
        fields = [
            {
                "name": field.name,
                "label": self.text(field.label),
                "type": field.type,
                "required": field.required,
                "autocomplete": field.autocomplete,
                "options": [self.text(option) for option in field.options],
            }
            for field in inquiry.fields
        ]
        consent = self.text(inquiry.consent)
        fields_html = self.theme.fragment(
            "inquiry_fields.html",
            ("inquiry", self.lang, repr(fields), consent),
            {"fields": fields, "consent": consent, "t": self.t, **self.t.callables},
        )
        thanks = self.href("thanks", "thanks")
        hidden = {"sku": sku, "product": product_name} if kind != "basket" else {}
        return {
            "endpoint": inquiry.endpoint,
            "fields_html": fields_html,
            "consent": consent,
            "kind": kind,
            "multipart": inquiry.multipart,
            "hidden": {
                **hidden,
                "page_url": self.routes.url(self.route),
                "language": self.route.lang,
                **({inquiry.redirect_field: self.routes.absolute(thanks)} if thanks else {}),
            },
        }


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def markdown(text: str) -> Markup:
    return Markup(render_markdown(text))
