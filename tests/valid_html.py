"""Checks of built pages beyond what lxml parses: validity by the Nu HTML Checker (vnu),
and declared image dimensions against the real pixel size of the files they name."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from PIL import Image

from .conftest import REPO
from .optional_tools import require
from .output import BuiltSite

VNU_JAR = REPO / ".pseo-cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
"""Installed by `make test` (the `vnu` target) from the pinned npm package `vnu-jar`."""
JAVA_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1")
"""A short run does best with the quick compiler alone (half the CPU time); its deeper
stack frames need more than the default stack to evaluate the HTML schema."""


def checker_unavailable() -> str | None:
    """Why vnu cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java is missing: install a Java 17+ runtime to run the Nu HTML Checker"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(REPO)} is missing: run `make test` (needs Java and npm) to install it"
    return None


@dataclass
class CheckerReport:
    checked: set[str]
    """Every HTML file vnu read, relative to the folder."""
    problems: list[str]
    """`file:line:col: type: message` of every error and warning."""


def check_html(root: Path) -> CheckerReport:
    """Run vnu once over every HTML file under `root` (one JVM start: it is slow to start);
    `--verbose` lists the files it read, so a page it skipped cannot pass unnoticed.

    Errors and warnings are problems; plain informational messages are not. No message is
    filtered out: none of vnu's messages on pseo's pages is a known false positive."""
    require(checker_unavailable())
    pages = sorted(str(path) for path in root.rglob("*.html"))
    command = ["java", *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--verbose", *pages]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu exited {result.returncode} without a JSON report:\n{result.stderr[-3000:]}")
    checked = {
        Path(line).relative_to(root).as_posix() for line in result.stdout.splitlines() if Path(line).is_file()
    }
    problems = [
        describe(message, root)
        for message in messages
        if message["type"] != "info" or message.get("subType") == "warning"
    ]
    return CheckerReport(checked, problems)


def describe(message: dict[str, Any], root: Path) -> str:
    """One vnu message as `file:line:col: type: message [extract]`."""
    url = message.get("url", "")
    file = Path(url.removeprefix("file:")).relative_to(root).as_posix() if url.startswith("file:") else url
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    kind = message.get("subType", message["type"])
    extract = message.get("extract", "").strip()
    return f"{file}:{line}:{column}: {kind}: {message['message']}" + (f" [{extract}]" if extract else "")


def pixel_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def srcset_urls(srcset: str | None) -> list[str]:
    return [candidate.split()[0] for candidate in (srcset or "").split(",") if candidate.strip()]


def dimension_problems(site: BuiltSite) -> tuple[int, list[str]]:
    """(number of image files measured, problems): every `<img>` or `<source>` that declares
    `width` and `height` must name only files of that aspect ratio, within a pixel of
    rounding. A `<source>` without its own size shows in its `<img>`'s box, so its files
    are held to the `<img>`'s ratio. og:image width and height must be the file's exact size."""
    sizes: dict[Path, tuple[int, int]] = {}
    problems: list[str] = []

    def measure(page: str, url: str) -> tuple[int, int] | None:
        file = site.file_for(url)
        if file is None:
            problems.append(f"{page}: {url} is not a file of the site")
            return None
        if file not in sizes:
            sizes[file] = pixel_size(file)
        return sizes[file]

    for path in sorted(site.root.rglob("*.html")):
        page = path.relative_to(site.root).as_posix()
        tree = html.fromstring(path.read_bytes())
        for element in tree.xpath("//img | //source"):
            declared = (element.get("width"), element.get("height"))
            if declared == (None, None):
                continue
            if not all(value and value.isdigit() and int(value) > 0 for value in declared):
                problems.append(
                    f"{page}: <{element.tag}> declares width={declared[0]!r} height={declared[1]!r}"
                )
                continue
            width, height = int(declared[0]), int(declared[1])
            urls = [element.get("src")] if element.get("src") else []
            urls += srcset_urls(element.get("srcset"))
            if (
                element.tag == "img"
                and element.getparent() is not None
                and element.getparent().tag == "picture"
            ):
                for source in element.getparent().iterchildren("source"):
                    if source.get("width") is None and source.get("height") is None:
                        urls += srcset_urls(source.get("srcset"))
            for url in urls:
                size = measure(page, url)
                if size is None:
                    continue
                real_width, real_height = size
                if (
                    abs(real_height - real_width * height / width) > 1
                    and abs(real_width - real_height * width / height) > 1
                ):
                    problems.append(
                        f"{page}: <{element.tag}> declares {width}×{height} for {url}, "
                        f"which is {real_width}×{real_height}"
                    )
        og = {meta.get("property"): meta.get("content") for meta in tree.xpath("//meta[@property]")}
        if og.get("og:image:width") or og.get("og:image:height"):
            size = measure(page, og["og:image"])
            declared_og = (og.get("og:image:width"), og.get("og:image:height"))
            if size is not None and declared_og != (str(size[0]), str(size[1])):
                problems.append(
                    f"{page}: og:image declares {declared_og[0]}×{declared_og[1]} for {og['og:image']}, "
                    f"which is {size[0]}×{size[1]}"
                )
    return len(sizes), problems
