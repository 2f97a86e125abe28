"""Page keys and sitemap dates that cost what changed.

A page's key digests the values of everything it shows (see `dependencies`); its
lastmod is the newest date among them. Computing both for every page means declaring
every page and digesting every value: seconds at 10,000 pages, for an edit that touches
a handful. So the last build's declarations are kept per routing table (`KeyRecord`),
as numbered value keys: the next build over the same table compares the values of what
pages show with the record (a product's or category's fields by its file, through
`ValueMemory`; everything else by value), and declares and digests again only the
pages that show something that changed. Any other change (the routing table, the theme,
the generator, the day offers count from) builds the keys of every page afresh.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .dependencies.graph import Graph
from .dependencies.items import Dependency, Field, Listed, PartName, Whole
from .dependencies.lastmod import Dates, Lastmod
from .dependencies.values import LANGUAGE_BOUND, ROUTE_BOUND, value_of
from .fingerprint import GENERATOR_VERSION, digest
from .incremental import FileHashes
from .models.ids import EntityId
from .render.views import RenderInput
from .route import Route
from .theme_layers import ThemeLayers
from .value_memory import ValueMemory, remembered

ValueKey = tuple[Dependency, str]
"""A dependency and the language its value is taken in ('' when not language bound)."""


@dataclass
class Entry:
    """What one page or shared part shows, as numbers of the record's value keys."""

    own: tuple[int, ...]
    parts: tuple[int, ...]
    key: str = ""
    """The page's key (pages only)."""
    lastmod: date | None = None


@dataclass
class KeyRecord:
    """The keys, dates and declarations of one routing table's pages, as one build made them."""

    base: str
    values: list[ValueKey] = field(default_factory=list)
    digests: list[str | None] = field(default_factory=list)
    """Of each value key, the digest string the keys were made of; None for product and
    category fields, which `ValueMemory` keeps by their entity's file."""
    pages: dict[str, Entry] = field(default_factory=dict)
    """By output file."""
    part_names: list[PartName] = field(default_factory=list)
    parts: list[Entry] = field(default_factory=list)
    dates: dict[EntityId, date] = field(default_factory=dict)
    """The library's entity dates the lastmods were taken from."""


class PageKeys:
    """Cache keys of every route, by output file: the digest of the values of what the
    page shows (see `dependencies`), the whole theme with the site's catalog overrides
    (which templates a page includes is not tracked: a template edit re-renders every
    page), the build date where offers count their validity from it, and the generator
    version. The draft plan, the final plan (the same routes unless the guardrails drop
    a page) and the sitemap dates share the work of one routing table."""

    def __init__(
        self,
        layers: ThemeLayers,
        hashes: FileHashes,
        memory: ValueMemory | None = None,
        folder: Path | None = None,
    ) -> None:
        self.layers = layers
        self.hashes = hashes
        self.memory = memory
        """Field digests of the last build, read back instead of digested again."""
        self._unchanged = set(memory.entities) if memory is not None else set()
        """Products and categories whose file did not change since the last build."""
        self.path = folder / f"page-keys-{digest(GENERATOR_VERSION)}.pickle" if folder else None
        self._stored: dict[str, KeyRecord] | None = None
        self._tables: dict[int, _Table] = {}
        self._settled: dict[ValueKey, str] = {}
        """Digests of values no routing decision changes, shared by the draft and final plan."""

    def __call__(self, inputs: RenderInput) -> dict[str, str]:
        return self._table(inputs).keys

    def dates(self, inputs: RenderInput) -> Dates:
        """The sitemap date of each route of `inputs`."""
        return self._table(inputs).lastmod

    def save(self) -> None:
        """Keep the records of this build's routing tables for the next build."""
        if self.path is None:
            return
        records = {table.digest: table.finished() for table in self._tables.values()}
        for old in self.path.parent.glob("page-keys-*.pickle"):
            if old != self.path:
                old.unlink()
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, self.path)

    def _table(self, inputs: RenderInput) -> _Table:
        found = self._tables.get(id(inputs))
        if found is None or found.inputs is not inputs:
            found = _Table(inputs, self._base(inputs), self._settled, self.memory, self._unchanged)
            found.make_keys(self._record(found.digest, found.base))
            self._tables = {key: t for key, t in self._tables.items() if t.digest != found.digest}
            self._tables[id(inputs)] = found
        return found

    def _base(self, inputs: RenderInput) -> str:
        library = inputs.library
        hashes = self.hashes
        return digest(
            GENERATOR_VERSION,
            self.layers.fingerprint(),
            hashes.folder("locale"),
            repr(sorted(library.drafts)),  # a preview marks drafts
            library.today.isoformat() if library.site.pricing.valid_days else "",  # offers' priceValidUntil
        )

    def _record(self, table: str, base: str) -> KeyRecord | None:
        if self._stored is None:
            self._stored = {}
            if self.path is not None:
                try:
                    self._stored = pickle.loads(self.path.read_bytes())
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ModuleNotFoundError):
                    self._stored = {}
        record = self._stored.get(table)
        return record if record is not None and record.base == base else None


class _Table:
    """The keys and dates of one routing table, made from a record of the same table
    where there is one."""

    def __init__(
        self,
        inputs: RenderInput,
        base: str,
        settled: dict[ValueKey, str],
        memory: ValueMemory | None,
        unchanged: set[tuple[str, str]],
    ) -> None:
        self.inputs = inputs
        self.base = base
        self.digest = digest(
            *(f"{r.kind}\0{r.key}\0{r.lang}\0{r.path}\0{r.noindex}" for r in inputs.routes.routes)
        )
        self.graph = Graph(inputs)
        self.settled = settled
        self.memory = memory
        self.unchanged = unchanged
        self.routed: dict[ValueKey, str] = {}
        self.part_digests: dict[PartName, str] = {}
        library = inputs.library
        self.chains = {lang: library.site.fallback_chain(lang) for lang in library.site.language_codes}
        self.record = KeyRecord(base)
        self.numbers: dict[ValueKey, int] = {}
        self.part_numbers: dict[PartName, int] = {}
        self.keys: dict[str, str] = {}
        self._dates = Lastmod(self.graph)

    def make_keys(self, previous: KeyRecord | None) -> None:
        routes = self.inputs.routes.routes
        if previous is None:
            changed = routes
        else:
            self._adopt(previous)
            changed = self._changed(previous)
        for route in changed:
            self.keys[route.output_file] = self._key(route)
        if previous is not None:
            for route in routes:
                self.keys.setdefault(route.output_file, previous.pages[route.output_file].key)

    def lastmod(self, route: Route) -> date | None:
        entry = self.record.pages[route.output_file]
        if entry.key == "":  # declared afresh: dated on first ask
            entry.lastmod = self._dates(route)
            entry.key = self.keys[route.output_file]
        return entry.lastmod

    def finished(self) -> KeyRecord:
        """The record of this table, every page dated."""
        for route in self.inputs.routes.routes:
            self.lastmod(route)
        self.record.dates = dict(self.inputs.library.lastmod)
        return self.record

    def _adopt(self, previous: KeyRecord) -> None:
        record = self.record
        record.values, record.digests = list(previous.values), list(previous.digests)
        record.pages = dict(previous.pages)
        record.part_names, record.parts = list(previous.part_names), list(previous.parts)
        self.numbers = {value: number for number, value in enumerate(record.values)}
        self.part_numbers = {name: number for number, name in enumerate(record.part_names)}

    def _changed(self, previous: KeyRecord) -> list[Route]:
        """The routes showing a value that differs from the record's, or dated by an
        entity whose date changed (a hub also by the pages it lists)."""
        redated = {
            entity
            for entity in previous.dates.keys() | self.inputs.library.lastmod.keys()
            if previous.dates.get(entity) != self.inputs.library.lastmod.get(entity)
        }
        memory = self.memory
        dirty = set()
        for number, (item, lang) in enumerate(previous.values):
            stored = previous.digests[number]
            if stored is None:  # a product's or category's field: unchanged while its file is
                entity = item.entity  # type: ignore[union-attr]
                if (entity.kind, entity.key) in self.unchanged:
                    if entity in redated:
                        dirty.add(number)
                    continue
                stored = memory.replaced_value(item, lang) if memory is not None else None  # type: ignore[arg-type]
            if self._value(item, lang) != stored or _dated_by(item) in redated:
                dirty.add(number)
        for number in dirty:
            if previous.digests[number] is not None:
                item, lang = previous.values[number]
                self.record.digests[number] = self._value(item, lang)
        routes = self.inputs.routes.routes
        changed: dict[str, Route] = {}
        while dirty:
            dirty_parts = self._dirty_parts(previous, dirty)
            more = []
            for route in routes:
                entry = previous.pages[route.output_file]
                if route.output_file not in changed and (
                    not dirty.isdisjoint(entry.own) or not dirty_parts.isdisjoint(entry.parts)
                ):
                    more.append(route)
            changed.update((route.output_file, route) for route in more)
            listed = {Listed(route.ref) for route in more if route.kind == "landing"}  # type: ignore[arg-type]
            dirty = {number for number, (item, _) in enumerate(previous.values) if listed and item in listed}
        return list(changed.values())

    @staticmethod
    def _dirty_parts(previous: KeyRecord, dirty: set[int]) -> set[int]:
        found: set[int] = set()
        while True:
            more = {
                number
                for number, part in enumerate(previous.parts)
                if number not in found
                and (not dirty.isdisjoint(part.own) or not found.isdisjoint(part.parts))
            }
            if not more:
                return found
            found |= more

    def _key(self, route: Route) -> str:
        declared = self.graph.declare(route)
        parts = sorted(self._part(name) for name in declared.parts)
        parts += sorted(self._value(item, route.lang) for item in declared.own)
        key = digest(self.base, route.kind, route.key, route.lang, route.path, str(route.noindex), *parts)
        own = tuple(self._number(item, route.lang) for item in declared.own)
        self.record.pages[route.output_file] = Entry(own, tuple(map(self._part_number, declared.parts)))
        return key

    def _part(self, name: PartName) -> str:
        if name not in self.part_digests:
            shared = self.graph.parts[name]
            inner = sorted(self._part(inner) for inner in shared.parts)
            own = sorted(self._value(item, name[2]) for item in shared.own)
            self.part_digests[name] = digest(*inner, *own)
            entry = Entry(
                tuple(self._number(item, name[2]) for item in shared.own),
                tuple(map(self._part_number, shared.parts)),
            )
            self._part_number(name)
            self.record.parts[self.part_numbers[name]] = entry
        return self.part_digests[name]

    def _value(self, item: Dependency, lang: str) -> str:
        key = (item, lang if isinstance(item, LANGUAGE_BOUND) else "")
        values = self.routed if isinstance(item, ROUTE_BOUND) else self.settled
        if key not in values:
            memory = self.memory
            kept = memory.get(item, key[1]) if memory is not None else None
            if kept is None:
                lang = lang or self.inputs.library.site.default_language  # a value of any language
                kept = f"{item!r}={digest(value_of(item, self.inputs, lang, self.chains[lang]))}"
                if memory is not None:
                    memory.learn(item, key[1], kept)
            values[key] = kept
        return values[key]

    def _number(self, item: Dependency, lang: str) -> int:
        key = (item, lang if isinstance(item, LANGUAGE_BOUND) else "")
        number = self.numbers.get(key)
        stored = None if remembered(item) else self._value(item, lang)
        if number is None:
            number = self.numbers[key] = len(self.record.values)
            self.record.values.append(key)
            self.record.digests.append(stored)
        else:
            self.record.digests[number] = stored
        return number

    def _part_number(self, name: PartName) -> int:
        number = self.part_numbers.get(name)
        if number is None:
            number = self.part_numbers[name] = len(self.record.part_names)
            self.record.part_names.append(name)
            self.record.parts.append(Entry((), ()))
        return number


def _dated_by(item: Dependency) -> EntityId | None:
    """The entity whose date dates a page showing `item` (see `Lastmod`)."""
    if not isinstance(item, Field | Whole) or item.role == "navigation":
        return None
    entity = item.entity
    return EntityId.of_matrix(entity.matrix) if entity.kind == "value" else entity
