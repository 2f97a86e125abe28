"""A rebuild parses only the content files that changed: unchanged files come from the
validated cache with the positions the load looks up, and still report exact positions
when another file's edit makes them wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.load
import generator.load.source
from generator.build import build_site
from generator.errors import BuildError
from tests.conftest import SiteFolder

GATE_VALVE = "content/products/gate-valve-dn80.yaml"
BALL_VALVE = "content/products/ball-valve-dn50.yaml"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the YAML documents parsed, by the loader or to look up a position."""
    paths: list[str] = []
    original = generator.load.source.parse_yaml

    def recording(text: str, path: str, line_offset: int = 0):  # type: ignore[no-untyped-def]
        paths.append(path)
        return original(text, path, line_offset)

    monkeypatch.setattr(generator.load.source, "parse_yaml", recording)
    monkeypatch.setattr(generator.load, "parse_yaml", recording)
    return paths


def test_edit_parses_only_the_edited_file(site: SiteFolder, tmp_path: Path, parsed: list[str]):
    site.replace(GATE_VALVE, "related: [BV-DN50]\n", "related: [BV-DN50]\naliases: [/old/gate-valve/]\n")
    out = tmp_path / "out"
    build_site(site.root, out, check=False)
    assert {GATE_VALVE, BALL_VALVE} <= set(parsed)
    redirect = (out / "old/gate-valve/index.html").read_text()
    parsed.clear()

    site.replace(BALL_VALVE, "unit_price: 16.90", "unit_price: 17.20")
    result = build_site(site.root, out, check=False)

    assert result.rendered > 0
    entity_files = {path for path in parsed if path.startswith(("content/products/", "content/categories/"))}
    assert entity_files == {BALL_VALVE}
    assert (out / "old/gate-valve/index.html").read_text() == redirect


def test_unchanged_file_reports_exact_position(site: SiteFolder, tmp_path: Path, parsed: list[str]):
    out = tmp_path / "out"
    build_site(site.root, out, check=False)
    parsed.clear()

    (site.root / BALL_VALVE).unlink()
    with pytest.raises(BuildError) as failure:
        build_site(site.root, out, check=False)

    line = site.read(GATE_VALVE).splitlines().index("related: [BV-DN50]") + 1
    [error] = [e for e in failure.value.errors if e.path == GATE_VALVE]
    assert (error.line, error.column) == (line, 11)
    assert "BV-DN50" in str(error)
    assert GATE_VALVE in parsed  # read again only to place the error
