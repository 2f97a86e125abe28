"""Markdown to HTML, the same way for every piece of content.

Raw HTML in content is escaped, not passed through: content editors should not be
able to inject scripts, and Markdown covers what product copy needs.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": True})
    parser.enable(["table", "strikethrough", "replacements", "smartquotes"]).use(deflist_plugin)
    return parser


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render Markdown; a `#` heading becomes h2 because the page owns the only h1."""
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    return parser.renderer.render(tokens, parser.options, {})
