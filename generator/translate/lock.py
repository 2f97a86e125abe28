"""`translations.lock`: which default-language text each imported translation was made from.

A translation only goes stale when the text it translates changes, and the content files
cannot tell: they hold the new source beside the old translation. The import records a
digest of each source text it wrote a translation for, per language and field; export and
status compare it with the current text. The file sits beside `site.yaml`, outside the
build's inputs (an import does not re-render the site for it), and is committed with the
content so the record travels through git and CI. Texts translated by hand have no entry
and are taken as current.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import ContentError

LOCK_FILE = "translations.lock"
FORMAT = 1

Lock = dict[str, dict[str, str]]
"""Language → msgctxt (`content/products/x.yaml::name`) → digest of the source text."""


def source_digest(text: str) -> str:
    """Digest of a source text, blind to whitespace a tool may reflow."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def read_lock(root: Path, errors: list[ContentError]) -> Lock:
    """The recorded digests; empty (with the reason in `errors`) when the file is unreadable."""
    path = root / LOCK_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        errors.append(ContentError(LOCK_FILE, 1, 1, "", f"cannot be read ({exc})"))
        return {}
    languages = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(languages, dict) or data.get("format") != FORMAT:
        errors.append(ContentError(LOCK_FILE, 1, 1, "format", f"expected format {FORMAT} with 'languages'"))
        return {}
    return {
        str(lang): {str(key): str(value) for key, value in fields.items()}
        for lang, fields in languages.items()
        if isinstance(fields, dict)
    }


def locked_text(lock: Lock, lang: str, digests: dict[str, str]) -> str:
    """The lock file's text with `digests` recorded for `lang` (sorted: stable diffs)."""
    merged = {tag: dict(fields) for tag, fields in lock.items()}
    merged.setdefault(lang, {}).update(digests)
    ordered = {tag: dict(sorted(fields.items())) for tag, fields in sorted(merged.items())}
    return json.dumps({"format": FORMAT, "languages": ordered}, ensure_ascii=False, indent=1) + "\n"
