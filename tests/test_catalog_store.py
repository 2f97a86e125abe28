"""Merged UI catalogs are kept in the build cache: a rebuild in a new process reads one
pickle instead of parsing every .po file, gets exactly what parsing gives, parses again
when any catalog changed, and never keeps catalogs with mistakes (they are reported on
every build)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from lxml import html

from generator.build import build_site
from generator.errors import BuildError
from generator.render import catalogs as catalogs_module
from generator.render.catalogs import catalog_layers, parsed_catalogs_in, read_catalogs
from generator.theme_layers import theme_layers

from .conftest import REPO, SiteFolder

CABLES = REPO / "tests" / "fixtures" / "cable-catalog"
RU_OVERRIDE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : 3);\\n"

msgid "Request a quotation"
msgstr "{text}"
"""


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the catalogs this process read, as a new build process would."""
    monkeypatch.setattr(catalogs_module, "_READ", {})


def _never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("catalogs parsed again")

    monkeypatch.setattr(catalogs_module, "_merged", refuse)


def _read(store: Path) -> catalogs_module.ThemeCatalogs:
    layers = theme_layers(REPO, "default")
    with parsed_catalogs_in(store):
        return read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), [])


def test_stored_catalogs_equal_parsed_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _new_process(monkeypatch)
    parsed = _read(tmp_path)
    assert [p.name for p in tmp_path.glob("catalogs-*.pickle")], "kept in the store"
    _new_process(monkeypatch)
    _never_parsed(monkeypatch)
    assert _read(tmp_path) == parsed


def test_catalogs_with_mistakes_are_never_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    layer = tmp_path / "layer"
    path = layer / "locale" / "de" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=0;\\n"\n', encoding="utf-8")
    for _ in range(2):
        _new_process(monkeypatch)
        errors: list = []
        with parsed_catalogs_in(tmp_path / "store"):
            read_catalogs([layer], str, hashlib.sha256(), errors)
        assert any("nplurals=3" in str(error) for error in errors), "reported on every read"
    assert not list((tmp_path / "store").glob("catalogs-*"))


def _cables(tmp_path: Path) -> SiteFolder:
    site = SiteFolder(tmp_path / "cables")
    shutil.copytree(CABLES, site.root)
    return site


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("catalog", ["demo", "cables"])
def test_a_build_with_stored_catalogs_equals_a_clean_build(
    catalog: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if catalog == "demo":
        site_root = tmp_path / "demo"
        shutil.copytree(REPO / "content", site_root / "content")
        shutil.copy(REPO / "site.yaml", site_root / "site.yaml")
        shutil.copytree(REPO / "themes", site_root / "themes")
    else:
        site_root = _cables(tmp_path).root
    cache = tmp_path / "cache"
    _new_process(monkeypatch)
    build_site(site_root, tmp_path / "first", check=False, cache_dir=cache)
    assert list((cache / "build").glob("catalogs-*.pickle"))
    _new_process(monkeypatch)
    _never_parsed(monkeypatch)
    shutil.rmtree(cache / "build" / "pages")  # every page rendered again, with the stored catalogs
    build_site(site_root, tmp_path / "second", check=False, cache_dir=cache)
    assert _pages(tmp_path / "second") == _pages(tmp_path / "first")


def test_an_edited_site_catalog_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = _cables(tmp_path)
    site.write("locale/ru/LC_MESSAGES/messages.po", RU_OVERRIDE.format(text="Узнать цену"))
    out, cache = tmp_path / "public", tmp_path / "cache"
    build_site(site.root, out, check=False, cache_dir=cache)
    site.write("locale/ru/LC_MESSAGES/messages.po", RU_OVERRIDE.format(text="Получить цену"))
    _new_process(monkeypatch)
    build_site(site.root, out, check=False, cache_dir=cache)
    assert len(list((cache / "build").glob("catalogs-*.pickle"))) == 1, "the old catalogs are dropped"
    shown = {
        text
        for page in (out / "ru").rglob("index.html")
        for text in html.fromstring(page.read_bytes()).xpath("//h2/text()")
    }
    assert "Получить цену" in shown and "Узнать цену" not in shown


def test_a_catalog_mistake_fails_every_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = _cables(tmp_path)
    site.write("locale/ru/LC_MESSAGES/messages.po", RU_OVERRIDE.format(text="Узнать цену %(price)s"))
    for _ in range(2):
        _new_process(monkeypatch)
        with pytest.raises(BuildError) as failed:
            build_site(site.root, tmp_path / "public", check=False, cache_dir=tmp_path / "cache")
        assert "locale/ru/LC_MESSAGES/messages.po" in failed.value.report()
        assert "price" in failed.value.report()
