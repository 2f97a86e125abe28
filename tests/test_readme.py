"""The Chinese README is kept in step with the English one: same sections, same code and
commands, so a reader of either learns the same product."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from .conftest import REPO

ENGLISH = REPO / "README.md"
CHINESE = REPO / "README.zh-CN.md"

FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[^`]*)$")
HEADING = re.compile(r"^(?P<level>#{1,6}) (?P<title>.+)$")
COMMAND_CELL = re.compile(r"^\| (?P<command>`pseo [^|]*?(?:\\\|[^|]*?)*`) \|")
ANCHOR_LINK = re.compile(r"\]\(#(?P<anchor>[^)]+)\)")
# Comment text may be translated: a whole comment line in any block, and a trailing
# comment after code in shell and YAML, where `#` after whitespace starts a comment.
COMMENT_LINE = re.compile(r"^(?P<indent>\s*)#.*$")
TRAILING_COMMENT = re.compile(r"(?<=\s)#\s.*$")
COMMENTED_LANGUAGES = {"sh", "yaml"}


@dataclass
class Readme:
    """The parts of a README that must match across languages."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    code_blocks: list[tuple[str, list[str]]] = field(default_factory=list)
    command_rows: list[str] = field(default_factory=list)
    anchor_links: list[str] = field(default_factory=list)


def parse(text: str) -> Readme:
    readme = Readme()
    block: list[str] | None = None
    indent = info = ""
    for line in text.splitlines():
        fence = FENCE.match(line)
        if block is not None:
            if fence and fence["indent"] == indent and not fence["info"]:
                readme.code_blocks.append((info, block))
                block = None
            else:
                block.append(line.removeprefix(indent))
        elif fence:
            indent, info, block = fence["indent"], fence["info"].strip(), []
        else:
            if heading := HEADING.match(line):
                readme.headings.append((len(heading["level"]), heading["title"]))
            if command := COMMAND_CELL.match(line):
                readme.command_rows.append(command["command"])
            readme.anchor_links.extend(link["anchor"] for link in ANCHOR_LINK.finditer(line))
    assert block is None, "a code block is never closed"
    return readme


def without_comments(info: str, lines: list[str]) -> list[str]:
    """The code of a block, with comment text (which may be translated) blanked out."""
    code = []
    for line in lines:
        if comment := COMMENT_LINE.match(line):
            line = f"{comment['indent']}#"
        elif info in COMMENTED_LANGUAGES:
            line = TRAILING_COMMENT.sub("#", line)
        code.append(line.rstrip())
    return code


def github_anchor(title: str) -> str:
    """The fragment GitHub gives a heading: lowercased, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


@pytest.fixture(scope="module")
def english() -> Readme:
    return parse(ENGLISH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chinese() -> Readme:
    return parse(CHINESE.read_text(encoding="utf-8"))


def test_same_sections_in_the_same_order(english, chinese):
    assert [level for level, _ in chinese.headings] == [level for level, _ in english.headings]


def test_same_code_blocks(english, chinese):
    assert len(chinese.code_blocks) == len(english.code_blocks)
    for number, ((en_info, en_lines), (zh_info, zh_lines)) in enumerate(
        zip(english.code_blocks, chinese.code_blocks, strict=True), start=1
    ):
        assert zh_info == en_info, f"code block {number}: language differs"
        assert without_comments(zh_info, zh_lines) == without_comments(en_info, en_lines), (
            f"code block {number} ({en_lines[0] if en_lines else 'empty'!r}) differs"
        )


def test_every_command_is_listed(english, chinese):
    assert english.command_rows, "the English README lists no `pseo …` command"
    missing = [command for command in english.command_rows if command not in chinese.command_rows]
    assert not missing


@pytest.mark.parametrize("name", ["english", "chinese"])
def test_in_page_links_lead_to_a_heading(name, request):
    readme: Readme = request.getfixturevalue(name)
    anchors = {github_anchor(title) for _, title in readme.headings}
    assert [anchor for anchor in readme.anchor_links if anchor not in anchors] == []


def test_each_readme_links_the_other():
    assert ENGLISH.read_text(encoding="utf-8").splitlines()[0] == "English · [简体中文](README.zh-CN.md)"
    assert CHINESE.read_text(encoding="utf-8").splitlines()[0] == "[English](README.md) · 简体中文"
