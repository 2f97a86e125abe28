"""Read every HTML page once, in parallel, and reduce it to `PageFacts` plus findings.

Pages are parsed with `lxml.html` from bytes (the parser honours `<meta charset>`). Chunks of
pages go to the build's `Engine` as bytes, read here as each chunk is sent, so a worker
needs no access to the output folder (a Dask worker may be on another machine); the
site's file list reaches each worker once, broadcast, and compact facts come back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..engine import Engine, Ref, chunked
from .facts import Doc, PageCheck, PageEnv, PageFacts
from .urls import normalize

RawFinding = tuple[str, str, str]
"""(rule_id, url_or_path, message) before severity overrides and hints are applied."""

COLLECTED_TAGS = ("title", "meta", "link", "a", "img", "source", "script", "h1", "main")
CHUNK_SIZE = 250
ERROR_PAGES = frozenset({"404.html", "500.html"})


@dataclass(slots=True)
class ChunkResult:
    """Facts and findings of a chunk of pages, and the files their `<a href>`s reach."""

    facts: list[PageFacts] = field(default_factory=list)
    findings: list[RawFinding] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)
    checked: int = 0
    """Pages of the chunk, parsed or not (for progress counts)."""


def _head_facts(doc: Doc) -> None:
    """Facts other rules depend on: language, robots directives, refresh, canonical."""
    facts = doc.facts
    facts.lang = (doc.root.get("lang") or "").strip()
    for meta in doc.tags("meta"):
        name = (meta.get("name") or "").strip().lower()
        if name in {"robots", "googlebot"}:
            tokens = {t.strip().lower() for t in (meta.get("content") or "").split(",")}
            facts.noindex = facts.noindex or bool(tokens & {"noindex", "none"})
        elif (meta.get("http-equiv") or "").strip().lower() == "refresh":
            facts.redirect = True
    for link in doc.tags("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href") is not None and facts.canonical is None:
            facts.canonical = normalize(urljoin(facts.url, link.get("href", "").strip()))


def parse_page(
    path: str, raw: bytes, env: PageEnv, checks: Sequence[PageCheck]
) -> tuple[Doc | None, list[RawFinding]]:
    """Parse one file's bytes and run the per-page checks; the Doc is None when they are
    not HTML."""
    url = env.urls.url_of(path)
    findings: list[RawFinding] = []
    facts = PageFacts(path=path, url=normalize(url), error_page=path.rpartition("/")[2] in ERROR_PAGES)
    try:
        root = lxml.html.document_fromstring(raw) if raw.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        findings.append(("html.parse", facts.url, "file is empty or cannot be parsed as HTML"))
        return None, findings
    elements: dict[str, list] = {tag: [] for tag in COLLECTED_TAGS}
    for element in root.iter(*COLLECTED_TAGS):
        elements[element.tag].append(element)
    doc = Doc(raw=raw, root=root, head=root.find("head"), facts=facts, elements=elements)
    _head_facts(doc)

    def emit(rule_id: str, message: str) -> None:
        findings.append((rule_id, facts.url, message))

    for check in checks:
        check(doc, env, emit)
    return doc, findings


def check_chunk(env: Ref[PageEnv], pages: Sequence[tuple[str, bytes]]) -> ChunkResult:
    """A task: parse and check each (path, bytes) page of a chunk."""
    from .rules import PAGE_CHECKS  # the rules load only where pages are checked

    result = ChunkResult(checked=len(pages))
    for path, raw in pages:
        doc, findings = parse_page(path, raw, env.get(), PAGE_CHECKS)
        result.findings.extend(findings)
        if doc is not None:
            result.facts.append(doc.facts)
            result.linked.update(doc.linked)
    return result


def crawl(paths: list[str], env: PageEnv, engine: Engine) -> Iterator[ChunkResult]:
    """Yield results chunk by chunk, each page read as its chunk is sent."""
    shared = engine.broadcast(env)
    root = env.root
    chunks = ([(path, (root / path).read_bytes()) for path in chunk] for chunk in chunked(paths, CHUNK_SIZE))
    yield from engine.map(partial(check_chunk, shared), chunks, work=len(paths))
    engine.release(shared)
