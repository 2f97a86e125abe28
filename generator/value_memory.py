"""Digests of product and category fields kept between builds, for page keys.

A product's or category's model is made from its one file and site.yaml alone, so the
digest of a field it shows stays valid as long as neither changed. A rebuild after a
one-product edit then digests only that product's fields again; every other field's
digest is read back. Entries are plain strings, cheap to read back in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeGuard

from .dependencies.items import Dependency, Field, Whole
from .fingerprint import GENERATOR_VERSION, digest
from .library import Library
from .models.ids import EntityId
from .pickled import read_pickled, write_pickled

REMEMBERED_KINDS = ("product", "category")
"""Entities whose model is made from their one file alone (and site.yaml)."""

EntityKey = tuple[str, str]
"""An entity's kind and key."""
FileDigest = Callable[[str], str]
"""Content hash of a site file, by path relative to the site folder."""
ItemKey = tuple[str, str, str, str]
"""What of an entity a value is of: Field or Whole, the field's name, its role, the language."""


RECENT_ENTITIES = 200
"""Most entities changed since the whole memory was written that are kept in a file of
their own before all are written again."""

Stored = dict[EntityKey, tuple[str, dict[ItemKey, str]]]


class ValueMemory:
    """Field digests (the strings page keys are made of) of the last build, by entity,
    each entity's entries with the digest of its file when they were made. Saved as the
    whole memory and a file of the entities changed since (None: gone), so a one-product
    edit writes that product's digests, not the catalog's."""

    def __init__(self, folder: Path, file_digest: FileDigest, library: Library) -> None:
        self.path = folder / f"values-{digest(GENERATOR_VERSION)}.pickle"
        self.recent_path = self.path.with_suffix(".recent.pickle")
        self.file_digest = file_digest
        self.library = library
        self.entities: Stored = {}
        self.replaced: dict[EntityKey, dict[ItemKey, str]] = {}
        """The last build's digests of entities whose file changed since (or that are gone)."""
        self._recent: dict[EntityKey, tuple[str, dict[ItemKey, str]] | None] = {}
        self._changed: set[EntityKey] = set()
        """Entities learned or dropped since the memory was read: what `save` writes."""
        scope = file_digest("site.yaml")  # the models are validated against it
        stored = _read(self.path, scope)
        self._based = stored is not None
        """The whole memory on disk is of this site.yaml, so the changed entities can go next to it."""
        if stored is None:
            return
        self._recent = _read(self.recent_path, scope) or {}
        for entity, entry in {**stored, **self._recent}.items():
            if entry is None:
                continue
            current = self._file_of(EntityId(*entity))  # type: ignore[arg-type]
            if current is not None and current == entry[0]:
                self.entities[entity] = entry
            else:
                self._changed.add(entity)
                self.replaced[entity] = entry[1]

    def get(self, item: Dependency, lang: str) -> str | None:
        """The digest string kept for `item` shown in `lang` ('' when not language bound)."""
        if not remembered(item):
            return None
        found = self.entities.get((item.entity.kind, item.entity.key))
        return found[1].get(_item_key(item, lang)) if found else None

    def replaced_value(self, item: Field | Whole, lang: str) -> str | None:
        """The digest string the last build had for `item` of an entity whose file changed since."""
        found = self.replaced.get((item.entity.kind, item.entity.key))
        return found.get(_item_key(item, lang)) if found else None

    def learn(self, item: Dependency, lang: str, value: str) -> None:
        """Keep `value`, just digested, for the next build."""
        if not remembered(item):
            return
        entity = (item.entity.kind, item.entity.key)
        if entity not in self.entities:
            file_hash = self._file_of(item.entity)
            if file_hash is None:
                return
            self.entities[entity] = (file_hash, {})
        self.entities[entity][1][_item_key(item, lang)] = value
        self._changed.add(entity)

    def save(self) -> None:
        """Write what changed since the memory was read: nothing when nothing did, the
        changed entities alone while they are few, else the whole memory."""
        scope = self.file_digest("site.yaml")
        if not self._changed and self._based:
            return
        recent = {**self._recent, **{entity: self.entities.get(entity) for entity in self._changed}}
        if self._based and len(recent) <= RECENT_ENTITIES:
            write_pickled(self.recent_path, (scope, recent))
        else:
            for old in self.path.parent.glob("values-*.pickle"):
                if old != self.path:
                    old.unlink()
            write_pickled(self.path, (scope, self.entities))
            recent = {}
        self._recent, self._changed, self._based = recent, set(), True

    def _file_of(self, entity: EntityId) -> str | None:
        source = self.library.sources.get(entity)
        return self.file_digest(source.path) if source is not None else None


def _read(path: Path, scope: str) -> dict | None:
    """The entities pickled in `path` for this `scope`, None when missing, of other code or another scope."""
    match read_pickled(path):
        case (stored_scope, dict() as stored) if stored_scope == scope:
            return stored
    return None


def remembered(item: Dependency) -> TypeGuard[Field | Whole]:
    """Whether `item` is a field (or all fields) of a product or category, named by kind and key alone."""
    if not isinstance(item, Field | Whole):
        return False
    entity = item.entity
    return entity.kind in REMEMBERED_KINDS and not entity.lang and not entity.matrix


def _item_key(item: Field | Whole, lang: str) -> ItemKey:
    return (type(item).__name__, getattr(item, "name", ""), item.role, lang)
