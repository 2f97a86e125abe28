"""Read every HTML page once, in parallel, and reduce it to `PageFacts` plus findings.

Pages are parsed with `lxml.html` from bytes (the parser honours `<meta charset>`). Chunks of
paths go to a `ProcessPoolExecutor`; each worker receives the site's file list once through
the pool initializer, so the per-chunk traffic is only paths in and compact facts out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..engine import die_with_parent
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


_ENV: PageEnv | None = None
_CHECKS: tuple[PageCheck, ...] = ()


def _init_worker(env: PageEnv, parent: int | None = None) -> None:
    global _ENV, _CHECKS
    from .rules import PAGE_CHECKS

    if parent is not None:
        die_with_parent(parent)

    _ENV, _CHECKS = env, PAGE_CHECKS


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


def parse_page(path: str, env: PageEnv, checks: Sequence[PageCheck]) -> tuple[Doc | None, list[RawFinding]]:
    """Parse one file and run the per-page checks; the Doc is None when the file is unreadable."""
    url = env.urls.url_of(path)
    findings: list[RawFinding] = []
    raw = (env.root / path).read_bytes()
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


def _run_chunk(paths: Sequence[str]) -> ChunkResult:
    assert _ENV is not None, "worker not initialised"
    result = ChunkResult()
    for path in paths:
        doc, findings = parse_page(path, _ENV, _CHECKS)
        result.findings.extend(findings)
        if doc is not None:
            result.facts.append(doc.facts)
            result.linked.update(doc.linked)
    return result


def crawl(paths: Sequence[str], env: PageEnv, jobs: int) -> Iterator[ChunkResult]:
    """Yield results chunk by chunk; `jobs == 1` runs in this process without a pool."""
    chunks = [paths[i : i + CHUNK_SIZE] for i in range(0, len(paths), CHUNK_SIZE)]
    workers = min(jobs or os.cpu_count() or 1, max(1, len(chunks)))
    if workers == 1:
        _init_worker(env)
        yield from map(_run_chunk, chunks)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(env, os.getpid())) as pool:
        yield from pool.map(_run_chunk, chunks)
