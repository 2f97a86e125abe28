"""Killing a build at any instant leaves a complete output at the output path, the
previous one or the new one; the next build sweeps what the killed one left; worker
processes die with the build.

Builds run as child processes killed with SIGKILL. For precise points the child stops
itself with SIGSTOP at a chosen step (a wrapper installed by the child script, not a
hook in the product), the test sees it stopped and kills it there.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build_site

from .conftest import REPO, SiteFolder

PRODUCT = "content/products/ball-valve-dn50.yaml"

CHILD = """
import os, shutil, signal, sys
import generator.write as write

point = os.environ["STOP_AT"]
swapped = False


def stop():
    os.kill(os.getpid(), signal.SIGSTOP)


def exchange(first, second, real=write.exchange):
    global swapped
    if point == "before-exchange":
        stop()
    done = False if point == "between-renames" else real(first, second)
    swapped = True
    if point == "after-exchange":
        stop()
    return done


def rmtree(path, *args, real=shutil.rmtree, **kwargs):
    real(path, *args, **kwargs)
    if swapped and point == "mid-removal":
        stop()


def rename(old, new, real=os.rename):
    real(old, new)
    if point == "between-renames" and ".pseo-previous-" in os.fspath(new):
        stop()


write.exchange, shutil.rmtree, os.rename = exchange, rmtree, rename
from generator.cli import main

main(sys.argv[1:])
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class Builds:
    """A site with two versions of its content, the output of each from a clean build,
    and the old one built at `out`."""

    def __init__(self, site: SiteFolder, tmp_path: Path) -> None:
        self.site, self.tmp = site, tmp_path
        self.out = tmp_path / "public"
        self.text = {"old": site.read(PRODUCT)}
        self.text["new"] = self.text["old"].replace(
            "Two-piece ball valve DN50", "Two-piece ball valve DN50 PN40"
        )
        self.output = {}
        for version in ("new", "old"):
            self.use(version)
            build_site(site.root, tmp_path / version, check=False, cache_dir=tmp_path / f"cache-{version}")
            self.output[version] = snapshot(tmp_path / version)
        build_site(site.root, self.out, check=False)
        assert self.output["old"] != self.output["new"]

    def use(self, version: str) -> None:
        (self.site.root / PRODUCT).write_text(self.text[version], encoding="utf-8")

    def start(self, stop_at: str = "") -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                "build",
                "--no-check",
                "-q",
                "--site",
                str(self.site.root),
                "--out",
                str(self.out),
            ],
            env={**os.environ, "PYTHONPATH": str(REPO), "STOP_AT": stop_at},
            stderr=subprocess.PIPE,
        )

    def kill_at(self, stop_at: str) -> None:
        child = self.start(stop_at)
        _, status = os.waitpid(child.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), f"the build ended before {stop_at}: {child.stderr.read().decode()}"
        child.kill()
        child.wait()

    def run(self) -> int:
        child = self.start()
        status = child.wait()
        assert b"Traceback" not in child.stderr.read()
        return status

    def wait_for_folders(self, child: subprocess.Popen[bytes], known: set[str]) -> None:
        """Until the child build created its staging folder (or ended)."""
        while child.poll() is None and set(self.leftovers()) <= known:
            time.sleep(0.002)

    def leftovers(self) -> list[str]:
        return [p.name for p in self.tmp.iterdir() if ".pseo-" in p.name]


@pytest.fixture
def builds(site: SiteFolder, tmp_path: Path) -> Builds:
    return Builds(site, tmp_path)


def test_a_kill_at_every_step_of_the_swap_leaves_a_complete_output(builds: Builds):
    builds.use("new")
    builds.kill_at("before-exchange")
    assert snapshot(builds.out) == builds.output["old"]
    assert builds.leftovers(), "the killed build left its staging folder"

    builds.kill_at("after-exchange")
    assert snapshot(builds.out) == builds.output["new"]

    builds.use("old")
    builds.kill_at("mid-removal")
    assert snapshot(builds.out) == builds.output["old"]

    # Where the swap has to be two renames, a kill between them leaves no output but
    # the previous one aside, and the next build, even a failing one, puts it back.
    builds.use("new")
    builds.kill_at("between-renames")
    assert not builds.out.exists()
    builds.site.replace(PRODUCT, "moq: {quantity: 100", "moq: {quantity: many")
    assert builds.run() == 1
    assert snapshot(builds.out) == builds.output["old"]

    builds.use("new")
    assert builds.run() == 0
    assert snapshot(builds.out) == builds.output["new"]
    assert builds.leftovers() == []


def test_a_kill_at_random_times_leaves_a_complete_output(builds: Builds):
    """Kills spread over a whole build, from its first folder to its end, measured once."""
    builds.use("new")
    child = builds.start()
    builds.wait_for_folders(child, set())
    started = time.perf_counter()
    assert child.wait() == 0
    span = time.perf_counter() - started
    rng = random.Random(20261206)
    for attempt in range(4):
        builds.use(("old", "new")[attempt % 2])
        child = builds.start()
        builds.wait_for_folders(child, set(builds.leftovers()))
        time.sleep(rng.uniform(0, span))
        child.kill()
        child.wait()
        assert snapshot(builds.out) in (builds.output["old"], builds.output["new"]), f"attempt {attempt}"
    assert builds.run() == 0
    assert snapshot(builds.out) == builds.output["new"]
    assert builds.leftovers() == []


POOL = """
import os, threading, time
from generator.engine import ProcessPool

def pid(_):
    return os.getpid()

engine = ProcessPool(2)
seen = set()
while len(seen) < 2:  # both workers ran their initializer
    seen |= set(engine.map(pid, range(50)))
threading.Thread(target=lambda: list(engine.map(time.sleep, [600, 600])), daemon=True).start()
print(*seen, flush=True)
time.sleep(600)
"""


def test_workers_die_with_the_build():
    if sys.platform != "linux":
        pytest.skip("parent-death signals are Linux only")
    parent = subprocess.Popen(
        [sys.executable, "-c", POOL], env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE
    )
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(1000):  # bounded: the kernel signals the workers as the parent exits
        if not any(_running(pid) for pid in workers):
            break
        time.sleep(0.01)
    assert [pid for pid in workers if _running(pid)] == []


def _running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (orphans are reaped by init, later)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
