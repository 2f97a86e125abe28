"""Killing a build at any instant leaves a complete output at the output path, the
previous one or the new one; the next build sweeps what the killed one left; worker
processes die with the build. A small change is published in place under a journal:
killed before the journal's commit the previous output is complete, killed after it
the next pseo command (a build, `pseo diff`) finishes it into exactly the new output,
and no file is ever half-written.

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
SMALL = (PRODUCT, "Two-piece ball valve DN50", "Two-piece ball valve DN50 PN40")
"""A one-product edit: published in place."""
LARGE = ("site.yaml", "name: Example Valves\n", "name: Example Valves Europe\n")
"""The site's name, on every page: published by swapping a full staging folder in."""

CHILD = """
import os, shutil, signal, sys
import generator.write as write

point = os.environ["STOP_AT"]
swapped = False
replaced = 0


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


def commit(out, staging, renames, deletions, real=write.commit):
    if point == "before-commit":
        stop()
    real(out, staging, renames, deletions)
    if point == "after-commit":
        stop()


def replace(source, target, real=os.replace):
    global replaced
    real(source, target)
    if point == "mid-journal" and ".pseo-staging-" in os.fspath(source):
        replaced += 1
        if replaced == 2:
            stop()


write.exchange, shutil.rmtree, os.rename = exchange, rmtree, rename
write.commit, os.replace = commit, replace
from generator.cli import main

main(sys.argv[1:])
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class Builds:
    """A site with two versions of one of its files, the output of each from a clean
    build, and the old one built at `out`."""

    def __init__(self, site: SiteFolder, tmp_path: Path, edit: tuple[str, str, str] = SMALL) -> None:
        self.site, self.tmp = site, tmp_path
        self.out = tmp_path / "public"
        self.file, old, new = edit
        self.text = {"old": site.read(self.file)}
        self.text["new"] = self.text["old"].replace(old, new)
        assert self.text["new"] != self.text["old"]
        self.output = {}
        for version in ("new", "old"):
            self.use(version)
            build_site(site.root, tmp_path / version, check=False, cache_dir=tmp_path / f"cache-{version}")
            self.output[version] = snapshot(tmp_path / version)
        build_site(site.root, self.out, check=False)
        assert self.output["old"] != self.output["new"]

    def use(self, version: str) -> None:
        (self.site.root / self.file).write_text(self.text[version], encoding="utf-8")

    def start(self, stop_at: str = "", command: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
        command = command or (
            "build",
            "--no-check",
            "-q",
            "--site",
            str(self.site.root),
            "--out",
            str(self.out),
        )
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, *command],
            env={**os.environ, "PYTHONPATH": str(REPO), "STOP_AT": stop_at},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def kill_at(self, stop_at: str) -> None:
        child = self.start(stop_at)
        _, status = os.waitpid(child.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), f"the build ended before {stop_at}: {child.stderr.read().decode()}"
        child.kill()
        child.wait()

    def run(self, *command: str) -> int:
        child = self.start(command=command)
        status = child.wait()
        assert b"Traceback" not in child.stderr.read()
        return status

    def read_output(self) -> int:
        """A pseo command that only reads the output (and finishes a pending publish)."""
        return self.run("diff", str(self.out), str(self.out))

    def wait_for_folders(self, child: subprocess.Popen[bytes], known: set[str]) -> None:
        """Until the child build created its staging folder (or ended)."""
        while child.poll() is None and set(self.leftovers()) <= known:
            time.sleep(0.002)

    def leftovers(self) -> list[str]:
        return [p.name for p in self.tmp.iterdir() if ".pseo-" in p.name]


@pytest.fixture
def builds(site: SiteFolder, tmp_path: Path) -> Builds:
    return Builds(site, tmp_path)


def test_a_kill_at_every_step_of_the_swap_leaves_a_complete_output(site: SiteFolder, tmp_path: Path):
    builds = Builds(site, tmp_path, LARGE)
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

    builds.site.replace(PRODUCT, "moq: {quantity: many", "moq: {quantity: 100")
    builds.use("new")
    assert builds.run() == 0
    assert snapshot(builds.out) == builds.output["new"]
    assert builds.leftovers() == []


def test_a_kill_at_every_step_of_an_in_place_publish_ends_in_one_complete_output(builds: Builds):
    builds.use("new")
    builds.kill_at("before-commit")
    assert snapshot(builds.out) == builds.output["old"], "nothing published before the commit"
    assert builds.read_output() == 0
    assert snapshot(builds.out) == builds.output["old"]

    builds.kill_at("after-commit")
    assert snapshot(builds.out) == builds.output["old"], "committed, not yet applied"
    assert builds.read_output() == 0
    assert snapshot(builds.out) == builds.output["new"]

    builds.use("old")
    builds.kill_at("after-commit")
    builds.run("check", str(builds.out), "--site", str(builds.site.root))  # its exit code is the check's
    assert snapshot(builds.out) == builds.output["old"]

    builds.use("new")
    builds.kill_at("mid-journal")
    halfway = snapshot(builds.out)
    assert halfway not in (builds.output["old"], builds.output["new"]), "killed between two renames"
    for name, data in halfway.items():  # every file whole: the old one or the new one
        assert data in (builds.output["old"].get(name), builds.output["new"].get(name)), name
    assert builds.run() == 0, "the next build finishes the publish first"
    assert snapshot(builds.out) == builds.output["new"]
    assert builds.leftovers() == []

    # the same kill, finished by a failing build: it publishes nothing of its own
    builds.use("old")
    builds.kill_at("mid-journal")
    builds.site.replace(PRODUCT, "moq: {quantity: 100", "moq: {quantity: many")
    assert builds.run() == 1
    assert snapshot(builds.out) == builds.output["old"]
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
        assert builds.read_output() == 0
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
