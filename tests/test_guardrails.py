"""pSEO guardrails you can trust: exact near-duplicate scores, verdicts independent of
batches, a report of every planned page, and the SEO check's warnings in the build."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.expand import Expansion, Landing
from generator.models.ids import LandingId
from generator.models.matrix import Quality
from generator.quality import SHINGLE, NearDuplicateMemory, judge, signature

from .conftest import SiteFolder
from .output import BuiltSite
from .test_pseo import ORIGIN, matrix_yaml, prose

REPO = Path(__file__).resolve().parent.parent


def exact_jaccard(first: str, second: str) -> float:
    """Jaccard similarity of word 5-shingle sets, computed independently of the generator."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.split()
        return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}

    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b)


def judge_texts(texts: dict[str, str], threshold: float, memory: NearDuplicateMemory | None = None):
    """Verdicts and flags of one matrix's pages (in the given order) with only the
    near-duplicate guardrail on."""
    quality = Quality(min_unique_words=0, min_unique_share=0, near_duplicate_threshold=threshold)
    library = SimpleNamespace(
        matrices={"m": SimpleNamespace(quality=quality)},
        site=SimpleNamespace(x_default=None, default_language="en"),
    )
    expansion = Expansion(landings=[Landing("m", key, (), {}) for key in texts])
    signatures = [signature(LandingId("m", key), "en", text) for key, text in texts.items()]
    return judge(library, expansion, signatures, memory)


def variant(base: list[str], replaced: int, rng: random.Random, tag: str) -> str:
    """`base` with `replaced` words, at random positions, swapped for words of its own."""
    words = list(base)
    for position in rng.sample(range(len(words)), replaced):
        words[position] = f"{tag}x{position}"
    return " ".join(words)


def test_siblings_below_the_threshold_are_kept_whatever_minhash_estimates():
    # 200 sibling pages around one template, each pair at an exact Jaccard of about 0.82:
    # MinHash estimates (64 permutations) scatter above 0.9 for some of them.
    rng = random.Random(11)
    base = [f"w{i}" for i in range(1000)]
    texts = {f"page{n:03}": variant(base, 10, rng, f"p{n}") for n in range(200)}
    values = list(texts.values())
    pairs = [exact_jaccard(values[i], values[j]) for i in range(0, 200, 20) for j in range(i + 1, 200, 37)]
    assert min(pairs) > 0.78 and max(pairs) < 0.86
    verdicts, flags = judge_texts(texts, 0.9)
    assert verdicts == {} and flags == []


@pytest.mark.parametrize("threshold", [0.5, 0.9, 0.965, 0.99, 1.0])
def test_any_threshold_decides_on_the_exact_jaccard(threshold: float):
    # Independent pairs (each with words of its own) at known similarities.
    rng = random.Random(5)
    texts: dict[str, str] = {}
    expected: dict[str, float] = {}
    for number, replaced in enumerate([0, 1, 2, 5, 12, 40, 120]):
        base = [f"pair{number}w{i}" for i in range(600)]
        first, second = " ".join(base), variant(base, replaced, rng, f"q{number}")
        texts[f"pair{number}.a"], texts[f"pair{number}.b"] = first, second
        expected[f"m:pair{number}.b"] = exact_jaccard(first, second)
    verdicts, flags = judge_texts(texts, threshold)
    held = {flag.page: flag for flag in flags}
    assert set(held) == {page for page, similarity in expected.items() if similarity >= threshold}
    assert set(verdicts) == {(page, "en") for page in held}
    for page, flag in held.items():
        assert flag.rule == "near-duplicate"
        assert flag.score == pytest.approx(expected[page], abs=1e-12)
        assert flag.twin == page.replace(".b", ".a")
        assert f"(Jaccard {expected[page]:.3f}, threshold {threshold})" in flag.reason


def test_an_incremental_judgement_equals_a_clean_one_and_compares_only_what_changed():
    # Siblings of one template at Jaccard 0.5-1.0 of each other: edits move pages across
    # the threshold both ways, so kept pages become duplicates and duplicates' twins change.
    rng = random.Random(21)
    base = [f"w{i}" for i in range(400)]
    texts = {f"page{n:03}": variant(base, rng.choice([0, 3, 8, 25, 80]), rng, f"p{n}") for n in range(150)}
    memory = NearDuplicateMemory()
    assert judge_texts(texts, 0.9, memory) == judge_texts(texts, 0.9)
    assert memory.compared == 150
    assert judge_texts(texts, 0.9, memory) == judge_texts(texts, 0.9)
    assert memory.compared == 0, "nothing changed: every outcome is reused"
    for edit in range(8):
        before = dict(texts)
        for key in rng.sample(sorted(texts), rng.choice([1, 3])):
            texts[key] = variant(base, rng.choice([0, 0, 3, 8, 25, 80]), rng, f"e{edit}{key}")
        clean = judge_texts(texts, 0.9)
        assert judge_texts(texts, 0.9, memory) == clean
        edited = sum(texts[key] != before[key] for key in texts)
        assert edited <= memory.compared < 40
    lower = judge_texts(texts, 0.8)
    assert judge_texts(texts, 0.8, memory) == lower and lower != clean
    assert memory.compared == 150, "another threshold starts afresh"


def test_signatures_are_identical_across_processes():
    code = (
        "import json; from generator.quality import signature; from generator.models.ids import LandingId; "
        "s = signature(LandingId('m', 'a'), 'en', 'alpha beta gamma delta epsilon zeta eta theta iota kappa'); "
        "print(json.dumps([list(s.shingles), s.minhash.hex()]))"
    )
    runs = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        output = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
        assert output.returncode == 0, output.stderr
        runs.append(json.loads(output.stdout))
    assert runs[0] == runs[1]


def second_matrix() -> str:
    """A matrix whose English wholesale page repeats the first matrix's text and whose
    Arabic keywords repeat the first matrix's: its verdicts depend on the other matrix."""
    text = matrix_yaml((prose(3), prose(9)), title="{product} {intent} to {market}")
    for old, new in (
        ("id: export", "id: export2"),
        ("export-markets", "more-markets"),
        ("Export markets", "More markets"),
        ("ball valves for importers", "valves for importers"),
        ('"export/{market}', '"export2/{market}'),
        ('"tasdir/{market}', '"tasdir2/{market}'),
        ("from the factory.", "direct from the plant."),
        ("Ball valves for buyers in", "Valves for buyers in"),
        ("من المصنع.", "مباشرة."),
        ("صمامات كروية للمستوردين", "صمامات للمستوردين"),
        ("صمامات كروية للمشترين", "صمامات للمشترين"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture
def two_matrices(site: SiteFolder) -> SiteFolder:
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    site.write("content/pseo/export2.yaml", second_matrix())
    return site


def build(site: SiteFolder, *options: str) -> str:
    result = CliRunner().invoke(main, ["build", "--site", str(site.root), *options])
    assert result.exit_code == 0, result.output
    return result.output


def report(path: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        return {(row["matrix"], row["key"], row["language"]): row for row in csv.DictReader(stream)}


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("options", [("--only", "matrix:export2", "--limit", "1"), ("--limit", "1")])
def test_a_batch_is_a_checked_preview_with_the_full_builds_verdicts(two_matrices: SiteFolder, options):
    site = two_matrices
    build(site)
    full = report(site.root / "pseo-report/matrix-report.csv")
    held = {key: row for key, row in full.items() if row["verdict"] != "publish"}
    assert {key[0] for key in held} == {"export2"}, "the second matrix's verdicts depend on the first"
    live = snapshot(site.root / "public")

    output = build(site, *options)  # the SEO check runs, and passes
    assert f"the live output {site.root / 'public'} was not touched" in output
    assert snapshot(site.root / "public") == live
    batch = report(site.root / "pseo-report/matrix-report-preview.csv")
    assert batch and all(batch[key] == full[key] for key in batch)
    assert report(site.root / "pseo-report/matrix-report.csv") == full
    matrices = {"export2"} if "--only" in options else {"export", "export2"}
    assert {key[0] for key in batch} == matrices and len({key[:2] for key in batch}) == len(matrices)
    preview = BuiltSite(site.root / "preview", ORIGIN).pages()
    landings = {
        f"{ORIGIN}/{path.removesuffix('index.html')}"
        for path in preview
        if re.match(r"(ar/)?(export2?|tasdir2?)/", path)
    }
    assert landings == {row["url"] for row in batch.values() if row["verdict"] != "drop"}


def test_a_batch_never_replaces_the_live_output(two_matrices: SiteFolder):
    site = two_matrices
    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--limit", "1", "--out", str(site.root / "public")]
    )
    assert result.exit_code == 2
    assert "a --only/--limit batch is a preview and never replaces the live output" in result.output
    assert not (site.root / "public").exists()


def many_thin_pages(count: int) -> str:
    """A matrix of `count` intents whose pages are all thin (their own text is one word)."""
    intents = "\n".join(
        f"      - {{key: intent{n}, name: {{en: intent {n}, ar: نية {n}}}, text: {{en: Short., ar: Short.}}}}"
        for n in range(count)
    )
    text = matrix_yaml(("Short.", "Tiny."))
    start = text.index("    values:\n") + len("    values:\n")
    return text[:start] + intents + "\n" + text[text.index("rules:") :]


def test_every_held_back_page_is_in_the_report_and_the_terminal_summarises(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", many_thin_pages(15))
    for name in ("pages.csv", "pages.json"):
        result = CliRunner().invoke(
            main, ["matrix", "--site", str(site.root), "--report", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
        assert f"Every planned page with its verdict: {tmp_path / name}" in result.output
    assert "  thin ×30\n" in result.output and "    … and 27 more\n" in result.output
    assert result.output.count("thin: ") == 3
    with (tmp_path / "pages.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows == [
        {k: "" if v is None else str(v) for k, v in row.items()}
        for row in json.loads((tmp_path / "pages.json").read_text(encoding="utf-8"))
    ]
    assert len(rows) == 30 and {(row["key"], row["language"]) for row in rows} == {
        (f"BV-DN50.germany.intent{n}", lang) for n in range(15) for lang in ("en", "ar")
    }
    first = next(row for row in rows if row["key"] == "BV-DN50.germany.intent0" and row["language"] == "en")
    assert first["url"] == f"{ORIGIN}/export/germany/ball-valve-dn50-intent0/"
    assert first["title"] == first["keyword"] == "Two-piece ball valve DN50 intent 0 for Germany"
    assert (first["verdict"], first["rule"]) == ("noindex", "thin")
    assert first["reason"].startswith("thin: ") and 0 <= float(first["score"]) < 0.2

    result = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check"]
    )
    assert result.exit_code == 0, result.output
    written = site.root / "pseo-report/matrix-report.csv"
    assert f"Every planned page with its verdict: {written}" in result.output
    assert "  thin ×30\n" in result.output and result.output.count("thin: ") == 3
    with written.open(encoding="utf-8") as stream:
        assert list(csv.DictReader(stream)) == rows
    assert not [p for p in (tmp_path / "out").rglob("*") if "report" in p.name], "never deployed"


def test_report_files_need_a_known_format(site: SiteFolder, tmp_path: Path):
    result = CliRunner().invoke(
        main, ["matrix", "--site", str(site.root), "--report", str(tmp_path / "r.txt")]
    )
    assert result.exit_code == 2
    assert "Invalid value for --report: must end in .csv or .json" in result.output


def test_the_build_shows_the_checks_warnings(site: SiteFolder, tmp_path: Path):
    site.write("content/pseo/export.yaml", matrix_yaml((prose(3), prose(4))))
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out)])
    assert built.exit_code == 0, built.output
    checked = CliRunner().invoke(main, ["check", str(out), "--site", str(site.root), "--format", "json"])
    summary = json.loads(checked.stdout)
    assert summary["errors"] == 0 and summary["warnings"] > 0
    assert f"pages checked: 0 errors, {summary['warnings']} warning" in built.output
    for rule, count in summary["summary"].items():
        assert f"WARNING {rule} ×{count}: " in built.output
    logged = CliRunner().invoke(
        main, ["build", "--site", str(site.root), "--out", str(out), "--log-format", "json"]
    )
    record = json.loads(logged.stdout.splitlines()[-1])
    assert record["check"] == {"errors": 0, "warnings": summary["warnings"], "by_rule": summary["summary"]}


def test_a_batch_of_an_unknown_matrix_is_an_error(two_matrices: SiteFolder):
    result = CliRunner().invoke(main, ["build", "--site", str(two_matrices.root), "--only", "matrix:exprot"])
    assert result.exit_code == 1
    assert "content/pseo:1:1: id: --only names no matrix 'exprot' (have: export, export2)" in result.output
    assert not (two_matrices.root / "preview").exists()
