"""What `pseo build` prints: the steps and their times, `--quiet` (errors and the final
line only), and the progress display that only an interactive terminal gets."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import PRODUCT_YAML, SiteFolder

BUILT = re.compile(
    r"^Built \d+ pages \(\d+ rendered, the rest unchanged\) and \d+ images into .+ in \d+\.\d\d s$"
)
STEPS = ("load", "expand+route", "render", "images", "sitemaps", "publish")


def run(site: SiteFolder, out: Path, *args: str):
    return CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(out), "--no-check", *args]
    )


def test_log_lists_every_step_with_its_time_and_nothing_animated(site: SiteFolder, tmp_path: Path):
    result = run(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    *_, steps, built = result.output.splitlines()
    assert [part.rsplit(" ", 2)[0] for part in steps.removeprefix("Steps: ").split(", ")] == list(STEPS)
    assert BUILT.match(built), built
    assert "\x1b[" not in result.output and "\r" not in result.output


def test_quiet_prints_only_the_final_line(site: SiteFolder, tmp_path: Path):
    result = run(site, tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    assert BUILT.match(line), line


def test_quiet_still_prints_every_error(site: SiteFolder, tmp_path: Path):
    site.write(
        "content/products/ball-valve-dn50.yaml", PRODUCT_YAML.replace("category: valves", "category: valve")
    )
    result = run(site, tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    first, last = result.output.splitlines()[0], result.output.splitlines()[-1]
    assert first.startswith("content/products/ball-valve-dn50.yaml:") and "category" in first
    assert last.startswith("Build failed: 1 error.")


def test_terminal_gets_a_transient_progress_display(site: SiteFolder, tmp_path: Path, monkeypatch):
    """With stderr on a terminal the steps are shown as they run (rich, cleared at the
    end): the output then holds the step names and still ends with the summary."""
    runner = CliRunner()
    with runner.isolation() as (stdout, stderr, _):
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        with pytest.raises(SystemExit) as exited:
            main(["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check"])
        shown = stderr.getvalue().decode() if stderr is not None else ""
        printed = stdout.getvalue().decode()
    assert exited.value.code == 0
    for step in ("loading content", "expanding matrices", "rendering", "writing images", "writing sitemaps"):
        assert step in shown, step
    assert "\x1b[" not in printed, "the summary itself is plain"
    assert BUILT.match(printed.splitlines()[-1])
