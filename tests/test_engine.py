"""The engine seam: a build in a pool of worker processes equals the build in this
process byte for byte, and its workers need nothing from the build's file system."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from generator import engine as engine_module
from generator import load as load_module
from generator.cli import main
from generator.engine import InProcess, ProcessPool
from generator.errors import ContentError
from generator.images import plan_sources, process_image, process_tasks
from generator.images.fonts import FONT_DIRS
from generator.images.process import Processed
from generator.load import _parse_files
from generator.models.site import ImageSettings
from generator.render import landing_signatures, render_chunk

from .conftest import REPO, SiteFolder, snapshot, worker_view

CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"

START_WORKER = engine_module.start_worker
_FORBIDDEN: tuple[str, ...] = ()
"""Folders a worker of `isolated_worker` may not open anything in (set before it forks)."""


def isolated_worker(parent: int, barrier: Any) -> None:
    """A worker as on another machine: its own current and temp folders, and no access
    to the site, the cache, the output or the system's fonts."""
    private = tempfile.mkdtemp(prefix="pseo-worker-")
    os.environ["TMPDIR"] = private
    tempfile.tempdir = None
    os.chdir(private)
    sys.addaudithook(_deny_forbidden)
    START_WORKER(parent, barrier)


def _deny_forbidden(event: str, args: tuple[Any, ...]) -> None:
    if event not in ("open", "os.listdir", "os.scandir") or not isinstance(args[0], (str, Path)):
        return
    path = os.path.abspath(args[0])
    if any(path == root or path.startswith(root + os.sep) for root in _FORBIDDEN):
        raise PermissionError(f"a worker opened {path}")


@pytest.fixture
def pool_only(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every map of a `--jobs 2` build runs in the pool, however small; the functions
    sent to worker processes are recorded."""
    monkeypatch.setattr(engine_module, "SMALL_BUILD", 0)
    sent: list[Any] = []

    class RecordingPool(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            sent.append(fn.func if isinstance(fn, partial) else fn)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(engine_module, "ProcessPoolExecutor", RecordingPool)
    return sent


def cli_build(site: Path, out: Path, cache: Path, jobs: int) -> None:
    arguments = ["build", "--site", str(site), "--out", str(out), "--cache-dir", str(cache)]
    result = CliRunner().invoke(main, [*arguments, "--jobs", str(jobs), "--no-check"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def in_process_and_pooled(site: Path, tmp_path: Path, pool_only: list[Any]) -> tuple[dict[str, str], ...]:
    """Snapshots of the site built with `--jobs 1`, then in a two-worker pool."""
    cli_build(site, tmp_path / "serial", tmp_path / "serial-cache", jobs=1)
    assert pool_only == []
    cli_build(site, tmp_path / "pooled", tmp_path / "pooled-cache", jobs=2)
    return snapshot(tmp_path / "serial"), snapshot(tmp_path / "pooled")


def test_small_site_in_a_pool_equals_the_build_in_process(site: SiteFolder, tmp_path, pool_only):
    serial, pooled = in_process_and_pooled(site.root, tmp_path, pool_only)
    assert {render_chunk, process_image} <= set(pool_only)
    assert any(name.endswith(".jpg") and "-card." in name for name in serial)
    assert pooled == serial


def test_second_catalog_in_a_pool_equals_the_build_in_process(tmp_path, pool_only, monkeypatch):
    """Content files are parsed in the pool too."""
    monkeypatch.setattr(load_module, "PARALLEL_FILES", 1)
    site = tmp_path / "cables"
    shutil.copytree(CABLES, site)
    shutil.copytree(REPO / "themes", site / "themes")
    serial, pooled = in_process_and_pooled(site, tmp_path, pool_only)
    assert {_parse_files, landing_signatures, render_chunk, process_image} <= set(pool_only)
    assert len(serial) > 100
    assert pooled == serial


def test_workers_need_no_shared_file_system(site: SiteFolder, tmp_path, pool_only, monkeypatch):
    """Workers run in their own empty folder with their own temp folder, and may open
    nothing of the site, its cache, its output or the system's fonts: content files,
    pages, photos and social cards come out the same as in process, so tasks carry all
    they need."""
    monkeypatch.setattr(load_module, "PARALLEL_FILES", 1)
    monkeypatch.setattr(sys.modules[__name__], "_FORBIDDEN", (str(tmp_path), *map(str, FONT_DIRS)))
    monkeypatch.setattr(engine_module, "start_worker", isolated_worker)
    with ProcessPool(2) as engine:
        seen = set(engine.map(worker_view, [str(site.root / "site.yaml")] * 8))
    assert all(cwd != os.getcwd() and tmp == cwd and readable == "denied" for cwd, tmp, readable in seen)
    pool_only.clear()
    serial, pooled = in_process_and_pooled(site.root, tmp_path, pool_only)
    assert {_parse_files, render_chunk, process_image} <= set(pool_only)
    assert pooled == serial


def test_a_broadcast_value_reaches_every_worker_once(monkeypatch):
    monkeypatch.setattr(engine_module, "SMALL_BUILD", 0)
    with ProcessPool(2) as engine:
        first = engine.broadcast({"name": "first"})
        assert list(engine.map(partial(_read, first), range(6))) == ["first"] * 6
        second = engine.broadcast({"name": "second"})
        engine.release(first)
        assert list(engine.map(partial(_read, second), range(6))) == ["second"] * 6
        with pytest.raises(RuntimeError, match="never shipped to this worker"):
            list(engine.map(partial(_read, first), range(2)))
        assert engine.tasks_sent == 14
    assert list(InProcess().map(partial(_read, InProcess().broadcast({"name": "here"})), range(2))) == [
        "here",
        "here",
    ]


def _read(ref: engine_module.Ref[dict[str, str]], _: int) -> str:
    return ref.get()["name"]


def test_pool_workers_collect_their_garbage_when_forked_with_the_collector_paused(monkeypatch):
    """The build pauses the collector while it loads, and forks its workers then: a
    worker left with it off keeps every cycle its pages make (+230 MB each at 10k pages)."""
    monkeypatch.setattr(engine_module, "SMALL_BUILD", 0)
    gc.disable()
    try:
        with ProcessPool(2) as engine:
            assert list(engine.map(_collecting, range(4))) == [True] * 4
    finally:
        gc.enable()


def _collecting(_: int) -> bool:
    return gc.isenabled()


def test_an_image_that_changed_after_planning_is_reported_not_cached(tmp_path):
    """Renditions are cached under the digest the plan measured: bytes that no longer
    match it (the file was replaced mid-build) must not be encoded under that key."""
    Image.new("RGB", (800, 600), (30, 90, 160)).save(tmp_path / "photo.jpg")
    plan, _ = plan_sources(tmp_path, ["photo.jpg"], ImageSettings())
    task = replace(plan.tasks[0], data=b"not the planned photo")
    assert process_image(None, task) == Processed(
        (), ContentError("content/photo.jpg", 1, 1, "", "changed while the build ran; build again")
    )
    [fresh] = process_tasks(InProcess(), plan.tasks, plan)
    assert fresh.problem is None
    assert len(fresh.outputs) == len(plan.tasks[0].renditions)
