"""What `pseo build`, `pseo check` and `pseo matrix` print while they work: in a log a
few plain lines per step with counts, with `--quiet` nothing but errors (and the build's
final line), and the animated display only when both streams are a terminal."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import _built_line, main, print_build_summary
from generator.expand import Expansion
from generator.progress import Progress, choose_mode
from generator.summary import BuildResult

from .conftest import PRODUCT_YAML, SiteFolder
from .test_second_catalog import FIXTURE as CABLE_CATALOG

BUILT = re.compile(
    r"^Built \d+ pages and \d+ data files \(\d+ rendered, the rest unchanged\) and \d+ images into .+ "
    r"in \d+\.\d\d s$"
)
STEPS = ("load", "expand+route", "render", "images", "documents", "search", "sitemaps", "publish")


def run(site: SiteFolder, out: Path, *args: str):
    return CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(out), "--no-check", *args]
    )


def progress_lines(output: str) -> dict[str, list[str]]:
    """Plain progress lines ("step: text") by step, in order."""
    lines: dict[str, list[str]] = {}
    for line in output.splitlines():
        step, colon, text = line.partition(": ")
        if colon and re.fullmatch(r"[a-z]+", step):
            lines.setdefault(step, []).append(text)
    return lines


def test_log_lists_every_step_with_its_time_and_nothing_animated(site: SiteFolder, tmp_path: Path):
    result = run(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    *_, steps, built = result.output.splitlines()
    assert [part.rsplit(" ", 2)[0] for part in steps.removeprefix("Steps: ").split(", ")] == list(STEPS)
    assert BUILT.match(built), built
    assert "\x1b[" not in result.output and "\r" not in result.output


def test_log_shows_each_step_as_it_runs_with_counts(site: SiteFolder, tmp_path: Path):
    result = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    shown = progress_lines(result.output)
    assert list(shown) == ["load", "expand", "render", "images", "search", "sitemaps", "check", "publish"]
    out = tmp_path / "out"
    pages = len(list(out.rglob("*.html")))
    data_files = len(list(out.glob("**/compare/data/*.json")))
    assert data_files > 0
    assert re.search(rf"^Built {pages} pages and {data_files} data files \(", result.output, re.MULTILINE)
    rendered = pages + data_files
    assert shown["render"][0] == f"started ({rendered} pages and data files)"
    assert re.fullmatch(
        rf"done, {rendered}/{rendered} pages and data files, \d+\.\d\d s", shown["render"][-1]
    )
    files = len(list((site.root / "content").glob("[cp]*/*.yaml")))  # categories, products, pseo
    assert re.fullmatch(rf"done, {files}/{files} files, \d+\.\d\d s", shown["load"][-1])
    checked = re.search(r"^(\d+) pages checked", result.output, re.MULTILINE)
    assert checked is not None and shown["check"][-1].startswith(f"done, {checked[1]}/{checked[1]} pages")
    assert re.fullmatch(r"done, (\d+)/\1 images and cards, \d+\.\d\d s", shown["images"][-1])
    for step, lines in shown.items():
        assert lines[0].startswith("started") and lines[-1].startswith("done"), step
        assert len(lines) <= 6, (step, lines)  # start, total, three quarters, done
    assert "\x1b[" not in result.output and "\r" not in result.output


def test_a_failed_build_reports_no_step_done(site: SiteFolder, tmp_path: Path):
    site.write(
        "content/products/ball-valve-dn50.yaml", PRODUCT_YAML.replace("category: valves", "category: valve")
    )
    result = run(site, tmp_path / "out")
    assert result.exit_code == 1
    shown = progress_lines(result.output)
    assert shown["load"][-1].startswith("done") and "publish" not in shown
    assert result.output.splitlines()[-1].startswith("Build failed: 1 error.")


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
    """With stdout and stderr on a terminal the steps are shown as they run (rich, cleared
    at the end): the output then holds the step names and still ends with the summary."""
    runner = CliRunner()
    with runner.isolation() as (stdout, stderr, _):
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
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
    assert "load: started" not in shown, "a terminal gets the display, not the log lines"


def test_check_shows_its_step_and_is_quiet_on_request(site: SiteFolder, tmp_path: Path):
    out = tmp_path / "out"
    assert run(site, out).exit_code == 0
    checked = CliRunner().invoke(main, ["check", str(out), "--site", str(site.root)])
    lines = progress_lines(checked.stderr)["check"]
    pages = re.search(r"^(\d+) pages checked", checked.stdout, re.MULTILINE)
    assert pages is not None and lines[-1].startswith(f"done, {pages[1]}/{pages[1]} pages")
    quiet = CliRunner().invoke(main, ["check", str(out), "--site", str(site.root), "--quiet"])
    assert quiet.stderr == "" and quiet.stdout == checked.stdout


def test_matrix_shows_its_steps_and_is_quiet_on_request(tmp_path: Path):
    """On the second catalog, whose matrices expand to pages in four languages."""
    cables = shutil.copytree(CABLE_CATALOG, tmp_path / "cables")
    explained = CliRunner().invoke(main, ["matrix", "--site", str(cables)])
    assert explained.exit_code == 0, explained.output
    shown = progress_lines(explained.stderr)
    assert list(shown) == ["load", "expand", "sample"]
    measured = re.fullmatch(r"done, (\d+)/\1 landing pages, \d+\.\d\d s", shown["expand"][-1])
    assert measured is not None and int(measured[1]) > 0
    assert all(lines[-1].startswith("done") for lines in shown.values())
    assert "Estimated render time" in explained.stdout
    quiet = CliRunner().invoke(main, ["matrix", "--site", str(cables), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and "Estimated render time" in quiet.stdout


def test_a_large_step_logs_a_handful_of_lines(capsys: pytest.CaptureFixture[str]):
    """A 7,000-page step in a log: the start, each quarter and the end, on stderr."""
    shown = Progress("plain")
    shown.start("render", "rendering pages", 7000, "pages")
    for _ in shown.track(range(7000)):
        pass
    shown.close()
    printed = capsys.readouterr()
    lines = printed.err.splitlines()
    assert lines[:4] == [
        "render: started (7,000 pages)",
        "render: 1,750/7,000 pages",
        "render: 3,500/7,000 pages",
        "render: 5,250/7,000 pages",
    ]
    assert len(lines) == 5 and re.fullmatch(r"render: done, 7,000/7,000 pages, \d+\.\d\d s", lines[4])
    assert printed.out == ""


def test_the_mode_follows_the_streams_and_quiet(monkeypatch: pytest.MonkeyPatch):
    runner = CliRunner()
    with runner.isolation():
        assert choose_mode(quiet=False) == "plain" and choose_mode(quiet=True) == "quiet"
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        assert choose_mode(quiet=False) == "plain", "stdout is still a log"
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        assert choose_mode(quiet=False) == "live" and choose_mode(quiet=True) == "quiet"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (
            0,
            "Built 0 pages and 2 data files (0 rendered, the rest unchanged) and 0 images into out (0 files)",
        ),
        (1, "Built 1 page and 2 data files (1 rendered, the rest unchanged) and 1 image into out (1 file)"),
        (
            2,
            "Built 2 pages and 2 data files (2 rendered, the rest unchanged) and 2 images into out (2 files)",
        ),
    ],
)
def test_the_summary_counts_in_good_english(capsys: pytest.CaptureFixture[str], count: int, expected: str):
    """It printed "1 pages", "1 images" and "1 pages expanded"."""
    expansion = Expansion(counts={"export": {"en": count}})
    result = BuildResult(count, 2, count, count, count, 1.5, expansion, [], None)
    print_build_summary(result, Path("out"), None, quiet=False)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"pSEO matrix export: {count} page{'' if count == 1 else 's'} expanded, 0 held back"
    assert lines[-1] == f"{expected} in 1.50 s"


def test_a_build_that_changed_nothing_counts_in_good_english():
    result = BuildResult(1, 1, 0, 1, 1, 0.5, Expansion(), [], None, unchanged=True)
    assert _built_line(result, Path("out"), None) == (
        "Nothing changed: out already holds these 1 page, 1 data file and 1 image (1 file), checked in 0.50 s"
    )
