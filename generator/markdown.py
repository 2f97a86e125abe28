"""Markdown to HTML, the same way for every piece of content.

GitHub Flavored Markdown through cmark-gfm (C): tables, strikethrough and autolinks,
about ten times faster than a pure-Python parser, which matters when a catalog has
100,000 descriptions. Raw HTML and `javascript:` links in content are dropped, not
passed through: content editors cannot inject scripts, and Markdown covers what
product copy needs. In the body of a page or article they are an error at their line
(`unpublished`), since the editor meant them to show.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cmarkgfm
from cmarkgfm.cmark import Options


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render Markdown; a `#` heading becomes h2 because the page owns the only h1.

    Replacing the tags is safe: with raw HTML dropped, `<h1` can only come from a heading.
    """
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_SMART)
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


OMITTED = "<!-- raw HTML omitted -->"
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
"""An HTML tag as CommonMark reads one (comments are left out: they are notes meant unseen)."""
SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|file|data):)", re.IGNORECASE)


def unpublished(text: str) -> tuple[int, str] | None:
    """(index, message) of the first thing in `text` that the safe renderer would drop
    without a word, a raw HTML tag or a script link, or None: the editor meant it to show."""
    html = render_markdown(text)
    if OMITTED not in html and 'href=""' not in html:
        return None
    offset, fenced = 0, None
    for line in text.splitlines(keepends=True):
        fence = FENCE.match(line)
        if fence and (fenced is None or fence.group(1)[0] == fenced):
            fenced = None if fenced else fence.group(1)[0]
        elif fenced is None:
            visible = CODE_SPAN.sub(lambda span: " " * len(span.group()), line)
            tag = TAG.search(visible) if OMITTED in html else None
            if tag:
                message = f"raw HTML ({tag.group()[:40]}) is not published: write it in Markdown"
                return offset + tag.start(), message
            link = SCRIPT_LINK.search(visible)
            if link:
                message = f"a link to '{link.group(1)}' is not published: link to a web address"
                return offset + link.start(1), message
        offset += len(line)
    return None
