"""Markdown to HTML, the same way for every piece of content.

GitHub Flavored Markdown through cmark-gfm (C): tables, strikethrough and autolinks,
about ten times faster than a pure-Python parser, which matters when a catalog has
100,000 descriptions. Raw HTML and `javascript:` links in content are dropped, not
passed through: content editors cannot inject scripts, and Markdown covers what
product copy needs. In the body of a page or article (`unpublished`) a script link is an
error at its line and raw HTML a warning: the build goes on without it, as it did for
pages written for a tool that passes HTML through.
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


def unpublished(text: str) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """(index, message) of the first script link and of the first raw HTML tag in `text`
    (outside code), each None when there is none: the safe renderer drops both without a
    word, though the editor meant them to show."""
    html = render_markdown(text)
    look_for_tags, look_for_links = OMITTED in html, 'href=""' in html
    tag_found = link_found = None
    offset, fenced = 0, None
    for line in text.splitlines(keepends=True):
        if not (look_for_tags or look_for_links):
            break
        fence = FENCE.match(line)
        if fence and (fenced is None or fence.group(1)[0] == fenced):
            fenced = None if fenced else fence.group(1)[0]
        elif fenced is None:
            visible = CODE_SPAN.sub(lambda span: " " * len(span.group()), line)
            tag = TAG.search(visible) if look_for_tags else None
            if tag:
                message = f"raw HTML ({tag.group()[:40]}) is left out of the page: write it in Markdown"
                tag_found, look_for_tags = (offset + tag.start(), message), False
            link = SCRIPT_LINK.search(visible) if look_for_links else None
            if link:
                message = f"a link to '{link.group(1)}' is not published: link to a web address"
                link_found, look_for_links = (offset + link.start(1), message), False
        offset += len(line)
    return link_found, tag_found
