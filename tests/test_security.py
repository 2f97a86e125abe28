"""Security: site values cannot inject into `_headers` or `_redirects`, the policy takes
the vendors a site uses, and `pseo serve` answers only its own host, under load too."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from generator.cli import main
from generator.preview_http import EVENTS
from generator.serve import PreviewServer

from .conftest import (
    CATEGORY_YAML,
    PAGE_AR_MD,
    PAGE_MD,
    PRODUCT_YAML,
    RFQ_PRODUCT_YAML,
    SITE_YAML,
    SiteFolder,
    snapshot,
    write_site,
)
from .test_deploy import parse_headers
from .test_pseo import matrix_yaml, prose

ENDPOINT = "https://forms.example-valves.com/inquiry"
PRODUCT = "content/products/ball-valve-dn50.yaml"
FILES = {
    "site.yaml": SITE_YAML,
    "content/categories/valves.yaml": CATEGORY_YAML,
    PRODUCT: PRODUCT_YAML,
    "content/products/gate-valve-dn80.yaml": RFQ_PRODUCT_YAML,
    "content/pages/about.md": PAGE_MD,
    "content/pages/about.ar.md": PAGE_AR_MD,
}
DIRECTIVES = {
    "default-src", "img-src", "style-src", "script-src", "font-src", "connect-src", "frame-src",
    "media-src", "form-action", "base-uri", "frame-ancestors", "object-src",
}  # fmt: skip
SOURCE = re.compile(r"'self'|'none'|'wasm-unsafe-eval'|data:|https://(\*\.)?[a-z0-9.-]+(:[0-9]+)?")


def build(site: SiteFolder, out: Path):
    return CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])


def policy(out: Path) -> dict[str, list[str]]:
    """The built Content-Security-Policy, split the way a browser splits it (`;` ends a
    directive, the first word names it), failing on an unknown or repeated directive
    or a source that is not a keyword, `data:` or a plain https origin."""
    value = parse_headers((out / "_headers").read_text())["/*"]["Content-Security-Policy"]
    parsed: dict[str, list[str]] = {}
    for directive in value.split(";"):
        name, *sources = directive.split()
        assert name in DIRECTIVES and name not in parsed, f"injected or repeated directive {name!r}"
        assert all(SOURCE.fullmatch(source) for source in sources), sources
        parsed[name] = sources
    return parsed


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteFolder, Path, dict[str, str]]:
    """One good build shared by the error cases: each must fail before touching it."""
    root = tmp_path_factory.mktemp("security")
    site = write_site(root / "site", FILES)
    result = build(site, root / "public")
    assert result.exit_code == 0, result.output
    return site, root / "public", snapshot(root / "public")


@pytest.fixture
def hostile(previous: tuple[SiteFolder, Path, dict[str, str]]) -> Iterator[SiteFolder]:
    """The shared site, restored after the test edits it."""
    site = previous[0]
    yield site
    for relative, text in FILES.items():
        site.write(relative, text)
    shutil.rmtree(site.root / "content/pseo", ignore_errors=True)


def fails_at(previous: tuple[SiteFolder, Path, dict[str, str]], expected: str) -> str:
    site, out, before = previous
    result = build(site, out)
    assert result.exit_code == 1, result.output
    assert expected in result.output, f"{expected!r} not in:\n{result.output}"
    assert "Traceback" not in result.output
    assert snapshot(out) == before, "a failed build changed the previous output"
    return result.output


def error_line(output: str, start: str) -> str:
    """The line of the build's output that reports the error at `start` (file:line:col: field)."""
    return next(line for line in output.splitlines() if line.startswith(start))


def yaml_text(value: str) -> str:
    """`value` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("https://forms.example;script-src-elem 'self' 'unsafe-inline';/x", "must not contain ';'"),
        ("https://forms.example 'unsafe-inline'", "must not contain spaces or control characters"),
        ("https://forms.example/\nscript-src *", "must not contain spaces or control characters"),
        ("https://forms.example/\tx", "must not contain spaces or control characters"),
        ("https://forms.example/\u00a0x", "must not contain spaces or control characters"),
        ("https://forms.example/\u200bx", "must not contain spaces or control characters"),
        ("https://forms.example/'unsafe-inline'", 'must not contain "\'"'),
        ('https://forms.example/"x"', "must not contain '\"'"),
        ("https://forms.example/a,b", "must not contain ','"),
        ("data:", "must be an https:// URL, not a data: URL"),
        ("javascript:alert(1)", "must be an https:// URL, not a javascript: URL"),
        ("http://forms.example/inquiry", "must use https://, not http://"),
        ("ftp://forms.example/inquiry", "must use https://, not ftp://"),
        ("https://forms.example/inquiry#top", "must not have a #fragment"),
        ("https://user:secret@forms.example/inquiry", "must not contain a user name or password"),
        ("https://forms.example:99999/inquiry", "has an invalid port"),
        ("https://[::1]/inquiry", "IPv6 addresses cannot be used"),
        ("https://forms_example.com/inquiry", "is not a valid host name"),
        ("https:///inquiry", "is not a valid host name"),
        ("https://xn--zz.example/inquiry", "is not a valid host name"),
        ("//evil.example/inquiry", "must be a path starting with one /"),
        ("/\\evil.example/inquiry", "must not contain '\\\\'"),
        ("/inquiry%zz", "has a % that does not start a %XX escape"),
        ("forms.example/inquiry", "must be an https:// URL"),
    ],
)
def test_hostile_endpoint_is_a_positioned_error(previous, hostile: SiteFolder, endpoint: str, message: str):
    hostile.replace("site.yaml", ENDPOINT, yaml_text(endpoint))
    output = fails_at(previous, f"site.yaml:19:13: inquiry.endpoint: '{endpoint[:12]}")
    line = next(line for line in output.splitlines() if "inquiry.endpoint" in line)
    assert message in line, line


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("'unsafe-inline'", "is a keyword; only https origins can be added"),
        ("'self' 'unsafe-eval'", "is a keyword"),
        ("https://cdn.example 'unsafe-inline'", "must not contain spaces"),
        ("https://cdn.example;script-src *", "must not contain ';'"),
        ("https://cdn.example/\nscript-src *", "must not contain spaces"),
        ("https://cdn.example/js/", "must be an origin (scheme and host), without path, query or fragment"),
        ("https://cdn.example/?v=1", "must be an origin"),
        ("https://cdn.example/#x", "must be an origin"),
        ("https://tag@cdn.example", "must not contain a user name or password"),
        ("http://cdn.example", "must use https://, not http://"),
        ("data:", "must be an https:// URL, not a data: URL"),
        ("blob:", "must be an https:// URL, not a blob: URL"),
        ("javascript:", "must be an https:// URL, not a javascript: URL"),
        ("*", "must be an https:// URL"),
        ("https://*", "may use * only as the first label"),
        ("https://cdn.*.example", "may use * only as the first label"),
        ("https://*.com", "must keep at least two labels after *."),
        ("https:", "must be an https:// URL"),
    ],
)
def test_hostile_policy_source_is_a_positioned_error(
    previous, hostile: SiteFolder, source: str, message: str
):
    hostile.write(
        "site.yaml", SITE_YAML + f"security:\n  csp:\n    frame_src:\n      - {yaml_text(source)}\n"
    )
    line = SITE_YAML.count("\n") + 4
    expected = f"site.yaml:{line}:9: security.csp.frame_src[0]: "
    output = fails_at(previous, expected)
    assert message in error_line(output, expected), output


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("https://user:secret@www.example-valves.com", "must not contain a user name or password"),
        ('"https://www.example-valves\'.com"', 'must not contain "\'"'),
        ("https://www_example-valves.com", "is not a valid host name"),
    ],
)
def test_base_url_is_checked_like_the_policy_origins(
    previous, hostile: SiteFolder, base_url: str, message: str
):
    hostile.replace("site.yaml", "base_url: https://www.example-valves.com", f"base_url: {base_url}")
    output = fails_at(previous, "site.yaml:1:11: base_url: ")
    assert message in error_line(output, "site.yaml:1:11: base_url: "), output


def test_unknown_directive_suggests_the_right_one(previous, hostile: SiteFolder):
    hostile.write("site.yaml", SITE_YAML + "security:\n  csp:\n    scripts_src: [https://cdn.example]\n")
    line = SITE_YAML.count("\n") + 3
    fails_at(
        previous,
        f"site.yaml:{line}:5: security.csp.scripts_src: unknown key 'scripts_src' (did you mean 'script_src'?)",
    )


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("/*", "must not contain spaces, control characters, ?, #, \\, *, : or empty segments"),
        ("/old/:slug", "must not contain spaces, control characters"),
        ("/old\\x00page", "control character U+0000 in the text"),  # refused as YAML is read
        ("/old\\npage", "must not contain spaces, control characters"),
    ],
)
def test_alias_cannot_add_redirect_or_header_rules(previous, hostile: SiteFolder, alias: str, message: str):
    text = hostile.read(PRODUCT).rstrip("\n") + "\n"
    hostile.write(PRODUCT, f'{text}aliases:\n  - "{alias}"\n')
    output = fails_at(previous, f"{PRODUCT}:{text.count(chr(10)) + 2}:5: aliases[0]: ")
    assert message in output


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ('{en: "items/*\\n  X-Frame-Options: ALLOWALL"}', "18: sections.products.en"),
        ('"items /*"', "13: sections.products"),
    ],
)
def test_section_segment_must_be_a_slug(previous, hostile: SiteFolder, value: str, where: str):
    hostile.write("site.yaml", SITE_YAML + f"sections:\n  products: {value}\n")
    shown = value.split('"')[1]
    fails_at(
        previous, f"site.yaml:{SITE_YAML.count(chr(10)) + 2}:{where}: '{shown}' is not a lowercase ASCII slug"
    )


def test_matrix_path_must_be_plain_url_characters(previous, hostile: SiteFolder):
    matrix = matrix_yaml((prose(3), prose(4)))
    hostile.write("content/pseo/export.yaml", matrix.replace('en: "export/', 'en: "export\\n  X: y/'))
    line = next(n for n, text in enumerate(matrix.splitlines(), 1) if text.startswith("  path:"))
    fails_at(
        previous,
        f"content/pseo/export.yaml:{line}:14: patterns.path.en: 'export\\n  X: y/{{market}}/{{product}}-{{intent}}' "
        "may hold only letters, digits, - _ . ~ and {placeholders} between single slashes",
    )


def test_policy_takes_the_vendors_from_site_yaml(site: SiteFolder, tmp_path: Path):
    site.replace("site.yaml", ENDPOINT, "https://Formulare.Bücher.example:443/senden?f=1")
    site.write(
        "site.yaml",
        site.read("site.yaml")
        + "security:\n  csp:\n"
        + "    script_src: [https://www.googletagmanager.com, 'https://*.Intercom.io/']\n"
        + "    connect_src: [https://www.google-analytics.com, https://region1.google-analytics.com:8443,"
        + " https://www.google-analytics.com]\n"
        + "    frame_src: [https://www.youtube-nocookie.com]\n"
        + "    img_src: [https://www.google-analytics.com]\n"
        + "    style_src: [https://fonts.googleapis.com]\n"
        + "    font_src: [https://fonts.gstatic.com]\n",
    )
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    csp = policy(tmp_path / "out")
    assert csp == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://www.google-analytics.com"],
        "style-src": ["'self'", "https://fonts.googleapis.com"],
        "script-src": [
            "'self'",
            "'wasm-unsafe-eval'",
            "https://*.intercom.io",
            "https://www.googletagmanager.com",
        ],
        "font-src": ["'self'", "https://fonts.gstatic.com"],
        "connect-src": [
            "'self'",
            "https://region1.google-analytics.com:8443",
            "https://www.google-analytics.com",
        ],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com"],
        "form-action": ["'self'", "https://formulare.xn--bcher-kva.example"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
    page = html.fromstring((tmp_path / "out/products/ball-valve-dn50/index.html").read_bytes())
    assert page.xpath("//form[@class='inquiry']/@action") == [
        "https://formulare.xn--bcher-kva.example/senden?f=1"
    ]


def test_default_policy_and_a_form_on_the_site(site: SiteFolder, tmp_path: Path):
    site.replace("site.yaml", ENDPOINT, "/api/inquiry")
    assert build(site, tmp_path / "out").exit_code == 0
    csp = policy(tmp_path / "out")
    assert csp["form-action"] == ["'self'"] and csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert not {"font-src", "connect-src", "frame-src", "media-src"} & set(csp), "default-src covers them"


# `pseo serve`


@pytest.fixture
def preview(site: SiteFolder, tmp_path: Path) -> Iterator[PreviewServer]:
    with PreviewServer(site.root, port=0, cache_dir=tmp_path / "cache") as server:
        yield server


def get(server: PreviewServer, path: str, host: str | None) -> tuple[int, str]:
    address, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(address, port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_serve_answers_only_its_own_host(preview: PreviewServer):
    port = preview.httpd.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, page = get(preview, "/", host)
        assert status == 200 and "<h1" in page, host
    for host in ("evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}", "127.0.0.1:1"):
        status, page = get(preview, "/", host)
        assert status == 421, host
        assert f"This preview answers {preview.url} only" in page and "Example Valves" not in page
    status, page = get(preview, "/", None)
    assert status == 400 and "Exactly one Host header is required." in page
    status, _ = get(preview, EVENTS, "evil.example")
    assert status == 421, "the event stream is guarded too"


def test_serve_answers_200_parallel_requests(preview: PreviewServer):
    """A burst deeper than the old accept queue of 5, with live-reload streams open."""
    address, port = preview.httpd.server_address[:2]
    streams = []
    for _ in range(10):
        stream = http.client.HTTPConnection(address, port, timeout=30)
        stream.request("GET", f"{EVENTS}?since=1")
        assert stream.getresponse().status == 200
        streams.append(stream)
    statuses: list[int | str] = []
    start = threading.Barrier(200)

    def request() -> None:
        start.wait()
        try:
            statuses.append(get(preview, "/products/ball-valve-dn50/", f"127.0.0.1:{port}")[0])
        except OSError as error:
            statuses.append(type(error).__name__)

    threads = [threading.Thread(target=request) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for stream in streams:
        stream.close()
    assert statuses == [200] * 200, sorted(set(map(str, statuses)))
