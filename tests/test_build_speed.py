"""What makes a build cheaper keeps its results: UI strings looked up once per worker,
catalogs parsed once per process, output paths checked without the file system, and
page keys built from parts many pages share."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.dependencies.graph import Graph
from generator.dependencies.items import Field
from generator.engine import InProcess
from generator.load import load_site
from generator.plan import plan_site
from generator.published import Verified
from generator.render.catalogs import catalog_layers, read_catalogs
from generator.render.strings import Strings, catalog_chain
from generator.theme_layers import theme_layers
from generator.write import Output

from .conftest import REPO

CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Plural-Forms: {forms}\\n"\n\n'
)


def _catalog(folder: Path, lang: str, forms: str, body: str) -> None:
    path = folder / "locale" / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PO_HEADER.format(forms=forms) + body, encoding="utf-8")


@pytest.mark.parametrize("relative", ["../x.html", "a/../../x.html", "/etc/x.html", ".."])
def test_output_refuses_paths_out_of_the_output_folder(tmp_path: Path, relative: str):
    output = Output(tmp_path / "out", tmp_path / "staging", Verified({}))
    with pytest.raises(ValueError, match="escapes the output folder"):
        output.write(relative, b"<p>x</p>")
    assert not list(tmp_path.rglob("x.html"))


def test_output_writes_each_file_into_its_folder(tmp_path: Path):
    staging = tmp_path / "staging"
    output = Output(tmp_path / "out", staging, Verified({}))
    for relative in ["a/b/index.html", "a/b/c.html", "a/./d/index.html", "e.xml"]:
        output.write(relative, relative.encode())
    found = {p.relative_to(staging).as_posix(): p.read_bytes() for p in staging.rglob("*") if p.is_file()}
    assert found == {
        "a/b/index.html": b"a/b/index.html",
        "a/b/c.html": b"a/b/c.html",
        "a/d/index.html": b"a/./d/index.html",
        "e.xml": b"e.xml",
    }


def _strings(tmp_path: Path) -> Strings:
    _catalog(tmp_path, "de", "nplurals=2; plural=(n != 1);", 'msgid "Quote"\nmsgstr "Angebot"\n')
    _catalog(
        tmp_path,
        "en",
        "nplurals=2; plural=(n != 1);",
        'msgid "Quote"\nmsgstr "Quote"\n\n'
        'msgid "100%% tested"\nmsgstr "100%% tested"\n\nmsgid "Hello %(name)s"\nmsgstr "Hello %(name)s"\n',
    )
    errors: list = []
    catalogs = read_catalogs([tmp_path], str, hashlib.sha256(), errors)
    assert errors == []
    chain = catalog_chain([catalogs.compiled["de"]])
    return Strings("de", chain, ("en", catalog_chain([catalogs.compiled["en"]])))


def test_strings_give_the_same_markup_on_every_lookup(tmp_path: Path):
    t = _strings(tmp_path)
    for _ in range(2):  # the second lookup comes from the cache
        assert t("Quote") == "Angebot"
        assert t("100%% tested") == '<span lang="en" dir="ltr">100% tested</span>'
        assert t("Hello %(name)s", name="<b>") == '<span lang="en" dir="ltr">Hello &lt;b&gt;</span>'
        assert t("Hello %(name)s", name="Ana") == '<span lang="en" dir="ltr">Hello Ana</span>'
        assert t.lang_attribute("100%% tested") == ' lang="en"'
    assert t.units is t.units


def test_catalogs_read_twice_report_and_hash_the_same(tmp_path: Path):
    _catalog(tmp_path, "de", "nplurals=2; plural=(n != 1);", 'msgid "Quote"\nmsgstr "Angebot %(x)s"\n')
    reads = []
    for _ in range(2):
        errors: list = []
        hasher = hashlib.sha256()
        catalogs = read_catalogs([tmp_path], str, hasher, errors)
        reads.append((catalogs, [str(e) for e in errors], hasher.hexdigest()))
    assert reads[0] == reads[1]
    assert "placeholder %(x)s is not in the msgid" in reads[0][1][0]


def test_a_changed_catalog_is_read_again(tmp_path: Path):
    _catalog(tmp_path, "de", "nplurals=2; plural=(n != 1);", 'msgid "Quote"\nmsgstr "Angebot"\n')
    first = read_catalogs([tmp_path], str, hashlib.sha256(), [])
    _catalog(tmp_path, "de", "nplurals=2; plural=(n != 1);", 'msgid "Quote"\nmsgstr "Anfrage"\n')
    second = read_catalogs([tmp_path], str, hashlib.sha256(), [])
    assert first.compiled["de"] != second.compiled["de"]
    assert b"Anfrage" in second.compiled["de"]


def test_the_shipped_catalogs_read_as_before_when_cached():
    layers = theme_layers(REPO, "default")
    first = read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), [])
    again = read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), [])
    assert first is again and len(first.compiled) >= 25


@pytest.mark.parametrize("name", ["demo", "cables"])
def test_pages_of_a_language_share_their_parts(name: str, tmp_path: Path):
    """Every products index page and every product page of a language names the same
    shared parts for what they all show, instead of declaring it again per page."""
    root = REPO
    if name == "cables":
        root = tmp_path / "cables"
        shutil.copytree(CABLES, root)
        shutil.copytree(REPO / "themes", root / "themes")
    library = load_site(root).library
    assert library is not None
    data = plan_site(library, InProcess(), theme_layers(root)).data.get()
    graph = Graph(data)
    lang = library.site.default_language
    routes = [r for r in data.routes.routes if r.lang == lang]
    index = [graph.declare(r) for r in routes if r.kind == "products"]
    products = [graph.declare(r) for r in routes if r.kind == "product"]
    assert index and products
    assert all(("products order", None, lang) in d.parts for d in index)
    assert all(("articles naming products", None, lang) in d.parts for d in products)
    assert all(
        not any(d.entity.kind == "product" for d in p.own if isinstance(d, Field) and d.name == "category")
        for p in index
    ), "each product's category is in the shared part"
