"""Digests of product and category fields kept between builds, for page keys.

A product's or category's model is made from its one file and site.yaml alone, so the
digest of a field it shows stays valid as long as neither changed. A rebuild after a
one-product edit then digests only that product's fields again; every other field's
digest is read back. Entries are plain strings, cheap to read back in bulk.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeGuard

from .dependencies.items import Dependency, Field, Whole
from .fingerprint import GENERATOR_VERSION, digest
from .library import Library
from .models.ids import EntityId

REMEMBERED_KINDS = ("product", "category")
"""Entities whose model is made from their one file alone (and site.yaml)."""

EntityKey = tuple[str, str]
"""An entity's kind and key."""
FileDigest = Callable[[str], str]
"""Content hash of a site file, by path relative to the site folder."""
ItemKey = tuple[str, str, str, str]
"""What of an entity a value is of: Field or Whole, the field's name, its role, the language."""


class ValueMemory:
    """Field digests (the strings page keys are made of) of the last build, by entity,
    each entity's entries with the digest of its file when they were made."""

    def __init__(self, folder: Path, file_digest: FileDigest, library: Library) -> None:
        self.path = folder / f"values-{digest(GENERATOR_VERSION)}.pickle"
        self.file_digest = file_digest
        self.library = library
        self.entities: dict[EntityKey, tuple[str, dict[ItemKey, str]]] = {}
        self.replaced: dict[EntityKey, dict[ItemKey, str]] = {}
        """The last build's digests of entities whose file changed since (or that are gone)."""
        try:
            scope, stored = pickle.loads(self.path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ModuleNotFoundError, ValueError):
            return
        if scope != file_digest("site.yaml"):  # the models are validated against it
            return
        for (kind, key), (file_hash, values) in stored.items():
            current = self._file_of(EntityId(kind, key))  # type: ignore[arg-type]
            if current is not None and current == file_hash:
                self.entities[kind, key] = (file_hash, values)
            else:
                self.replaced[kind, key] = values

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

    def save(self) -> None:
        for old in self.path.parent.glob("values-*.pickle"):
            if old != self.path:
                old.unlink()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        stored = (self.file_digest("site.yaml"), self.entities)
        temporary.write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, self.path)

    def _file_of(self, entity: EntityId) -> str | None:
        source = self.library.sources.get(entity)
        return self.file_digest(source.path) if source is not None else None


def remembered(item: Dependency) -> TypeGuard[Field | Whole]:
    """Whether `item` is a field (or all fields) of a product or category, named by kind and key alone."""
    if not isinstance(item, Field | Whole):
        return False
    entity = item.entity
    return entity.kind in REMEMBERED_KINDS and not entity.lang and not entity.matrix


def _item_key(item: Field | Whole, lang: str) -> ItemKey:
    return (type(item).__name__, getattr(item, "name", ""), item.role, lang)
