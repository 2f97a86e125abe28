"""`pseo --help` loads the command line only: no pipeline, no check, no heavy library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ["PIL", "babel", "cmarkgfm", "jinja2", "lxml", "pydantic", "rich", "generator.build"]
ELSEWHERE = [
    "generator.check.cli",
    "generator.deploy.cli",
    "generator.serve",
    "watchfiles",
    "generator.translate.cli",
]


def test_help_loads_no_heavy_module():
    code = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "from generator.cli import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        f"print(json.dumps([result.exit_code, result.output, sorted(set({HEAVY!r}) & set(sys.modules))]))\n"
    )
    exit_code, output, loaded = json.loads(_python(code))
    assert exit_code == 0
    for command in ("build", "check", "diff", "matrix", "new", "schemas", "serve"):
        assert f"\n  {command} " in output
    assert loaded == []


def test_build_and_check_run_without_numpy():
    """numpy is not a dependency: the guardrails' and the check's minwise hashing are pure
    Python, so importing every pipeline stage must not load it (even where it is installed)."""
    code = (
        "import json, sys\n"
        "import generator.build, generator.quality, generator.check.rules.content, generator.cli\n"
        "print(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] == 'numpy')))\n"
    )
    assert json.loads(_python(code)) == []


def test_the_pipeline_loads_no_pdf_library():
    """fpdf (half a second to import) loads only where a PDF is drawn: a rebuild that
    draws none, the one-product edit, never pays for it."""
    code = (
        "import json, sys\n"
        "import generator.build\n"
        "print(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] in ('fpdf', 'fontTools'))))\n"
    )
    assert json.loads(_python(code)) == []


def test_a_build_loads_no_other_command():
    """`pseo build` imports its own command only: the check's, deploy's, serve's and the
    translation commands load when they run (or `--help` lists them)."""
    code = (
        "import json, sys\n"
        "import generator.cli\n"
        f"print(json.dumps(sorted(set({ELSEWHERE!r}) & set(sys.modules))))\n"
    )
    assert json.loads(_python(code)) == []


def _python(code: str) -> str:
    """What `code` prints, run by a fresh interpreter that imports this checkout."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=REPO
    )
    assert run.returncode == 0, run.stderr
    return run.stdout
