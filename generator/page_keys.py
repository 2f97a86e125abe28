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

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .dependencies.graph import Graph
from .dependencies.items import Dependency, Field, Listed, PartName, SocialCard, Url, Whole
from .dependencies.lastmod import Dated, Dates, Lastmod
from .dependencies.values import LANGUAGE_BOUND, ROUTE_BOUND, value_of
from .fingerprint import GENERATOR_VERSION, digest
from .incremental import FileHashes
from .models.ids import EntityId
from .pickled import read_pickled, write_pickled
from .render.views import RenderInput
from .route import Route
from .theme_layers import ThemeLayers
from .value_memory import REMEMBERED_KINDS, ValueMemory, remembered

ValueKey = tuple[Dependency, str]
"""A dependency and the language its value is taken in ('' when not language bound)."""
Encoded = tuple
"""A value key as plain values (see `_encode`): cheap to store and to read back."""
EntityKey = tuple[str, str, str, str]
"""An entity id as plain values: kind, key, language, matrix."""
PageEntry = tuple[tuple[int, ...], tuple[int, ...], str, date | None]
"""What a page shows (numbers of value keys, numbers of parts), its key and its lastmod."""
PartEntry = tuple[tuple[int, ...], tuple[int, ...], str, Dated | None]
"""What a shared part shows, its digest and its dates (None: not dated by that build)."""


@dataclass
class KeyRecord:
    """The keys, dates and declarations of one routing table's pages, as one build made them."""

    base: str
    values: list[Encoded] = field(default_factory=list)
    digests: list[str | None] = field(default_factory=list)
    """Of each value key, the digest string the keys were made of; None for product and
    category fields, which `ValueMemory` keeps by their entity's file."""
    pages: dict[str, PageEntry] = field(default_factory=dict)
    """By output file."""
    part_names: list[PartName] = field(default_factory=list)
    parts: list[PartEntry] = field(default_factory=list)
    dates: dict[EntityKey, date] = field(default_factory=dict)
    """The library's entity dates the lastmods were taken from."""
    by_entity: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """Numbers of the value keys of fields of each entity (by kind and key)."""
    others: list[int] = field(default_factory=list)
    """Numbers of the value keys `ValueMemory` does not keep: compared by value."""
    cards: str = ""
    """Digest of the social cards planned: while it holds, no card's value changed."""


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
        self._table_now: _Table | None = None
        self._finished: dict[str, KeyRecord] = {}
        """Records of the routing tables made before the current one (the draft plan's)."""
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
        records = dict(self._finished)
        if self._table_now is not None:
            records[self._table_now.digest] = self._table_now.finished()
        for old in self.path.parent.glob("page-keys-*.pickle"):
            if old != self.path:
                old.unlink()
        write_pickled(self.path, records)

    def _table(self, inputs: RenderInput) -> _Table:
        if self._table_now is None or self._table_now.inputs is not inputs:
            if self._table_now is not None:  # the draft plan's: only its record is kept
                self._finished[self._table_now.digest] = self._table_now.finished()
            self._table_now = _Table(inputs, self._base(inputs), self._settled, self.memory, self._unchanged)
            self._table_now.make_keys(self._record(self._table_now.digest, self._table_now.base))
            self._finished.pop(self._table_now.digest, None)
        return self._table_now

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
            self._stored = (read_pickled(self.path) if self.path is not None else None) or {}
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
        library = inputs.library
        self.chains = {lang: library.site.fallback_chain(lang) for lang in library.site.language_codes}
        self.record = KeyRecord(base, cards=digest(repr(sorted(inputs.cards.items()))))
        self.numbers: dict[Encoded, int] = {}
        self.part_numbers: dict[PartName, int] = {}
        self.part_digests: dict[PartName, str] = {}
        self.reused: set[int] = set()
        """Parts of the record that nothing changed in: their digests and dates hold."""
        self.keys: dict[str, str] = {}
        self._dates: Lastmod | None = None

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
                self.keys.setdefault(route.output_file, previous.pages[route.output_file][2])

    def lastmod(self, route: Route) -> date | None:
        return self.record.pages[route.output_file][3]

    def finished(self) -> KeyRecord:
        """The record of this table, every part dated."""
        if self._dates is not None:
            for name, dated in self._dates.parts.items():
                number = self.part_numbers.get(name)
                if number is not None and number not in self.reused:
                    own, parts, part_digest, _ = self.record.parts[number]
                    self.record.parts[number] = (own, parts, part_digest, dated)
        self.record.dates = {_entity_key(e): day for e, day in self.inputs.library.lastmod.items()}
        return self.record

    def _lastmod(self) -> Lastmod:
        if self._dates is None:
            known = {}
            for number in self.reused:
                dated = self.record.parts[number][3]
                if dated is not None:
                    known[self.record.part_names[number]] = dated
            self._dates = Lastmod(self.graph, known)
        return self._dates

    def _adopt(self, previous: KeyRecord) -> None:
        record = self.record
        record.values, record.digests = list(previous.values), list(previous.digests)
        record.pages = dict(previous.pages)
        record.part_names, record.parts = list(previous.part_names), list(previous.parts)
        record.by_entity = {entity: list(numbers) for entity, numbers in previous.by_entity.items()}
        record.others = list(previous.others)
        self.numbers = {value: number for number, value in enumerate(record.values)}
        self.part_numbers = {name: number for number, name in enumerate(record.part_names)}

    def _changed(self, previous: KeyRecord) -> list[Route]:
        """The routes showing a value that differs from the record's, or dated by an
        entity whose date changed (a hub also by the pages it lists). Only the fields of
        entities whose file changed and the values `ValueMemory` does not keep are
        looked at; URLs not at all, the routing table being the record's."""
        now = {_entity_key(entity): day for entity, day in self.inputs.library.lastmod.items()}
        redated = {e for e in previous.dates.keys() | now.keys() if previous.dates.get(e) != now.get(e)}
        cards_unchanged = previous.cards == self.record.cards
        dirty = set()
        for number in previous.others:
            code = previous.values[number]
            if code[0] == "O" and (type(code[1]) is Url or (cards_unchanged and type(code[1]) is SocialCard)):
                continue
            if _dated_by(code) in redated or self._value(*_decode(code)) != previous.digests[number]:
                dirty.add(number)
        for entity in {(kind, key) for kind, key, _, _ in redated}:
            numbers = previous.by_entity.get(entity, ())
            dirty.update(n for n in numbers if _dated_by(previous.values[n]) in redated)
        for entity, numbers in previous.by_entity.items():
            if entity[0] in REMEMBERED_KINDS and entity not in self.unchanged:
                dirty.update(n for n in numbers if previous.digests[n] is None and self._replaced(n))
        for number in dirty:
            if previous.digests[number] is not None:
                self.record.digests[number] = self._value(*_decode(previous.values[number]))
        routes = self.inputs.routes.routes
        changed: dict[str, Route] = {}
        dirty_parts: set[int] = set()
        while dirty:
            dirty_parts |= self._dirty_parts(previous, dirty, dirty_parts)
            more = []
            for route in routes:
                own, parts, _, _ = previous.pages[route.output_file]
                if route.output_file not in changed and (
                    not dirty.isdisjoint(own) or not dirty_parts.isdisjoint(parts)
                ):
                    more.append(route)
            changed.update((route.output_file, route) for route in more)
            listed = {Listed(route.ref) for route in more if route.kind == "landing"}  # type: ignore[arg-type]
            dirty = {n for n in previous.others if listed and previous.values[n][1] in listed}
        self.reused = set(range(len(previous.parts))) - dirty_parts
        return list(changed.values())

    def _replaced(self, number: int) -> bool:
        """Whether a field of an entity whose file changed shows another value than before."""
        item, lang = _decode(self.record.values[number])
        before = self.memory.replaced_value(item, lang) if self.memory is not None else None  # type: ignore[arg-type]
        return self._value(item, lang) != before

    @staticmethod
    def _dirty_parts(previous: KeyRecord, dirty: set[int], known: set[int]) -> set[int]:
        found = set(known)
        while True:
            more = {
                number
                for number, part in enumerate(previous.parts)
                if number not in found and (not dirty.isdisjoint(part[0]) or not found.isdisjoint(part[1]))
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
        parts_shown = tuple(map(self._part_number, declared.parts))
        self.record.pages[route.output_file] = (own, parts_shown, key, self._lastmod().page(route, declared))
        return key

    def _part(self, name: PartName) -> str:
        if name in self.part_digests:
            return self.part_digests[name]
        number = self._part_number(name)
        if number in self.reused:  # nothing it shows changed: not even declared
            self.part_digests[name] = self.record.parts[number][2]
            return self.part_digests[name]
        shared = self.graph.part(name)
        inner = sorted(self._part(inner) for inner in shared.parts)
        own = sorted(self._value(item, name[2]) for item in shared.own)
        self.part_digests[name] = digest(*inner, *own)
        numbers = tuple(self._number(item, name[2]) for item in shared.own)
        parts = tuple(map(self._part_number, shared.parts))
        self.record.parts[number] = (numbers, parts, self.part_digests[name], None)
        self._lastmod().date_part(name, shared)  # its inner parts are dated by now
        return self.part_digests[name]

    def _value(self, item: Dependency, lang: str) -> str:
        key = (item, lang if isinstance(item, LANGUAGE_BOUND) else "")
        values = self.routed if isinstance(item, ROUTE_BOUND) else self.settled
        if key not in values:
            memory = self.memory
            kept = memory.get(item, key[1]) if memory is not None else None
            if kept is None:
                lang = lang or self.inputs.library.site.default_language  # a value of any language
                kept = digest(repr(item), value_of(item, self.inputs, lang, self.chains[lang]))
                if memory is not None:
                    memory.learn(item, key[1], kept)
            values[key] = kept
        return values[key]

    def _number(self, item: Dependency, lang: str) -> int:
        lang = lang if isinstance(item, LANGUAGE_BOUND) else ""
        code = _encode(item, lang)
        number = self.numbers.get(code)
        stored = None if remembered(item) else self._value(item, lang)
        if number is None:
            number = self.numbers[code] = len(self.record.values)
            self.record.values.append(code)
            self.record.digests.append(stored)
            if code[0] != "O":
                self.record.by_entity.setdefault((code[1], code[2]), []).append(number)
            if stored is not None:
                self.record.others.append(number)
        else:
            self.record.digests[number] = stored
        return number

    def _part_number(self, name: PartName) -> int:
        number = self.part_numbers.get(name)
        if number is None:
            number = self.part_numbers[name] = len(self.record.part_names)
            self.record.part_names.append(name)
            self.record.parts.append(((), (), "", None))
        return number


def _encode(item: Dependency, lang: str) -> Encoded:
    if type(item) is Field:
        entity = item.entity
        return ("F", entity.kind, entity.key, entity.lang, entity.matrix, item.name, item.role, lang)
    if type(item) is Whole:
        entity = item.entity
        return ("W", entity.kind, entity.key, entity.lang, entity.matrix, item.role, lang)
    return ("O", item, lang)


def _decode(code: Encoded) -> ValueKey:
    if code[0] == "F":
        return Field(EntityId(code[1], code[2], code[3], code[4]), code[5], code[6]), code[7]
    if code[0] == "W":
        return Whole(EntityId(code[1], code[2], code[3], code[4]), code[5]), code[6]
    return code[1], code[2]


def _entity_key(entity: EntityId) -> EntityKey:
    return (entity.kind, entity.key, entity.lang, entity.matrix)


def _dated_by(code: Encoded) -> EntityKey | None:
    """The entity whose date dates a page showing the encoded value key (see `Lastmod`)."""
    if code[0] == "O" or code[-2] == "navigation":
        return None
    return ("matrix", code[4], "", "") if code[1] == "value" else (code[1], code[2], code[3], code[4])
