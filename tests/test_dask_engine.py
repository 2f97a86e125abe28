"""`--engine dask` on a real cluster: a `dask scheduler` and two `dask worker` processes on
127.0.0.1, each worker in its own working and temp folder and unable to open the site, its
cache, the output, the build's temp folder or the system's fonts. The output must equal the
build in this process byte for byte, also when a worker dies mid-build."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from distributed import Client

from generator import build as build_module
from generator import dask_engine
from generator import load as load_module
from generator.build import build_site
from generator.cli import main
from generator.dask_engine import DaskEngine, EngineUnavailable, open_dask
from generator.engine import Ref
from generator.images.fonts import FONT_DIRS
from generator.progress import Progress

from .conftest import REPO, SiteFolder, snapshot, worker_view

CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"
PRELOAD = Path(__file__).parent / "dask_worker_isolation.py"
STARTUP_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)

    def prefixes(self) -> set[str]:
        """Names of the task kinds the scheduler has seen (keys are named after stages)."""
        with Client(self.address, set_as_default=False) as client:
            return set(client.run_on_scheduler(_task_prefixes))

    def kill_worker(self, index: int) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(timeout=10)


def _task_prefixes(dask_scheduler) -> list[str]:  # type: ignore[no-untyped-def]
    return list(dask_scheduler.task_prefixes)


def _spawn(arguments: list[str], folder: str, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    log = open(Path(folder) / "log.txt", "wb")  # noqa: SIM115 -- the child holds it
    with log:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *arguments], cwd=folder, env=environment, stdout=log, stderr=log
        )


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cluster]:
    """A scheduler and two workers, each a process with its own working and temp folder
    outside `tmp_path`; the workers may open nothing below `tmp_path` (site, cache,
    output and this process's temp folder, which moves there) or in the font folders."""
    driver_temp = tmp_path / "driver-temp"
    driver_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(driver_temp))
    forbidden = os.pathsep.join([str(tmp_path), *map(str, FONT_DIRS)])
    port = free_port()
    folders = [tempfile.mkdtemp(prefix="pseo-dask-", dir="/tmp" if os.path.isdir("/tmp") else None)]
    base = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": folders[0]}
    scheduler = _spawn(
        ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], folders[0], base
    )
    running = Cluster(f"tcp://127.0.0.1:{port}", scheduler, folders=folders)
    try:
        for name in ("first", "second"):
            folder = tempfile.mkdtemp(prefix=f"pseo-dask-{name}-", dir=os.path.dirname(folders[0]))
            folders.append(folder)
            environment = {**base, "TMPDIR": folder, "PSEO_FORBIDDEN": forbidden}
            arguments = ["worker", running.address, "--name", name, "--host", "127.0.0.1", "--nthreads", "1"]
            arguments += [
                "--no-nanny",
                "--no-dashboard",
                "--local-directory",
                folder,
                "--preload",
                str(PRELOAD),
            ]
            running.workers.append(_spawn(arguments, folder, environment))
        with Client(running.address, timeout=STARTUP_TIMEOUT, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=STARTUP_TIMEOUT)
        yield running
    finally:
        for process in [*running.workers, scheduler]:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def cables(tmp_path: Path) -> Path:
    site = tmp_path / "cables"
    shutil.copytree(CABLES, site)
    shutil.copytree(REPO / "themes", site / "themes")
    return site


def cli_build(site: Path, out: Path, *options: str) -> tuple[int, str]:
    arguments = ["build", "--site", str(site), "--out", str(out), "--cache-dir", str(out) + "-cache"]
    result = CliRunner().invoke(main, [*arguments, *options])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_the_cluster_build_equals_the_build_in_process(cluster: Cluster, tmp_path, monkeypatch):
    """Content files, quality measurement, pages, images and the check all run on the
    workers, which cannot open a file of the site: tasks carry everything they need."""
    monkeypatch.setattr(load_module, "PARALLEL_FILES", 1)
    site = cables(tmp_path)
    code, output = cli_build(site, tmp_path / "local", "--jobs", "1")
    assert code == 0, output
    code, output = cli_build(site, tmp_path / "cluster", "--engine", "dask", "--scheduler", cluster.address)
    assert code == 0, output
    local, distributed = snapshot(tmp_path / "local"), snapshot(tmp_path / "cluster")
    assert len(local) > 100 and any(name.startswith("sitemap") for name in local)
    assert distributed == local
    assert {"parse_files", "landing_signatures", "render_chunk", "process_image", "check_chunk"} <= (
        cluster.prefixes()
    )
    assert all(process.poll() is None for process in cluster.workers), "a worker died"


def test_site_yaml_chooses_the_cluster_and_errors_stay_positioned(
    cluster: Cluster, site: SiteFolder, tmp_path, monkeypatch
):
    """`build:` in site.yaml picks the engine; a template error raised on a worker is
    reported with the same file, line and message as in process."""
    template = "themes/default/templates/product.html"
    heading = '<h1 id="product-name">{{ heading }}</h1>'
    line = site.read(template).split(heading)[0].count("\n") + 1
    site.replace(template, heading, heading + "{{ missing_thing }}")
    local_code, local_output = cli_build(site.root, tmp_path / "local", "--jobs", "1", "--no-check")
    site.write(
        "site.yaml", site.read("site.yaml") + f"build: {{engine: dask, scheduler: '{cluster.address}'}}\n"
    )
    code, output = cli_build(site.root, tmp_path / "cluster", "--no-check")
    assert local_code == code == 1
    errors = [line for line in output.splitlines() if template in line]
    assert errors == [line for line in local_output.splitlines() if template in line]
    assert f"{template}:{line}:1: template: 'missing_thing' is undefined" in errors
    assert "render_chunk" in cluster.prefixes()
    assert not (tmp_path / "cluster").exists()


def test_a_worker_lost_mid_build_neither_loses_nor_repeats_pages(cluster: Cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "RENDER_CHUNK", 4)  # many small tasks, so the kill lands mid-render
    site = cables(tmp_path)
    expected = build_site(site, tmp_path / "local", jobs=1, cache_dir=tmp_path / "local-cache")
    seen: list[tuple[int, int]] = []

    class KillOnFirstPage(Progress):
        """Kills a worker once the first page is rendered; records (done, total) of each page."""

        def start(self, step: str, doing: str, total: int | None = None, unit: str = "") -> None:
            super().start(step, doing, total, unit)
            self.rendering = (step == "render", total or 0)

        def advance(self, count: int = 1) -> None:
            super().advance(count)
            rendering, total = self.rendering
            if rendering:
                if not seen:
                    cluster.kill_worker(0)
                seen.append((len(seen) + count, total))

    progress = KillOnFirstPage()
    result = build_site(
        site,
        tmp_path / "cluster",
        cache_dir=tmp_path / "cluster-cache",
        engine_kind="dask",
        scheduler=cluster.address,
        progress=progress,
    )
    assert cluster.workers[0].poll() is not None and cluster.workers[1].poll() is None
    assert len(seen) > 2 and seen[-1] == (expected.rendered, expected.rendered)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    assert (result.pages, result.data_files, result.files) == (
        expected.pages,
        expected.data_files,
        expected.files,
    )
    assert snapshot(tmp_path / "cluster") == snapshot(tmp_path / "local")


def test_broadcast_values_resolve_on_the_workers(cluster: Cluster, tmp_path):
    secret = tmp_path / "site.yaml"
    secret.write_text("base_url: https://example.com\n")
    with open_dask(cluster.address, workers=0) as engine:
        assert isinstance(engine, DaskEngine) and engine.workers == 2 and engine.dashboard_link is None
        seen = set(engine.map(worker_view, [str(secret)] * 6))
        assert all(cwd != os.getcwd() and tmp == cwd and readable == "denied" for cwd, tmp, readable in seen)
        first = engine.broadcast({"name": "first"})
        assert list(engine.map(partial(_read, first), range(6))) == [("first", n) for n in range(6)]
        second = engine.broadcast(["second"])
        engine.release(first)
        assert list(engine.map(partial(_read_list, ref=second), range(3), ahead=1)) == ["second"] * 3
        with pytest.raises(ZeroDivisionError):
            list(engine.map(_divide, [1, 0]))
        assert engine.tasks_sent == 17


def test_without_a_scheduler_a_local_cluster_is_started_and_stopped(monkeypatch):
    monkeypatch.delenv(dask_engine.SCHEDULER_ENV, raising=False)
    with open_dask(None, workers=1) as engine:
        assert engine.workers == 1
        ref = engine.broadcast({"name": "local"})
        assert list(engine.map(partial(_read, ref), range(3))) == [("local", n) for n in range(3)]
        cluster = engine.cluster
        assert cluster is not None and len(cluster.workers) == 1
    assert cluster.status.name == "closed"


def test_no_scheduler_is_a_clear_error(site: SiteFolder, tmp_path, monkeypatch):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 2.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(EngineUnavailable, match="no Dask scheduler"):
        open_dask(address, workers=1).close()
    code, output = cli_build(site.root, tmp_path / "out", "--engine", "dask", "--scheduler", address)
    assert code == 2
    assert f"Error: no Dask scheduler with workers answers at {address}" in output
    assert not (tmp_path / "out").exists()


def test_an_unknown_engine_in_site_yaml_is_a_positioned_error(site: SiteFolder, tmp_path):
    site.write("site.yaml", site.read("site.yaml") + "build:\n  engine: spark\n")
    line = site.read("site.yaml").count("\n")
    code, output = cli_build(site.root, tmp_path / "out", "--no-check")
    assert code == 1
    assert f"site.yaml:{line}:11: build.engine: " in output
    assert not (tmp_path / "out").exists()


def _read(ref: Ref[dict[str, str]], number: int) -> tuple[str, int]:
    return ref.get()["name"], number


def _read_list(number: int, ref: Ref[list[str]]) -> str:
    return ref.get()[0]


def _divide(number: int) -> float:
    return 1 / number
