"""Build hook: the default theme and the demo site live at the top of the repository,
where a site keeps them; the wheel carries them inside the package (generator/themes,
generator/demo), where `pseo` finds them with importlib.resources. Everything else is
declared in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PACKAGED = {"themes": "themes", "site.yaml": "demo/site.yaml", "content": "demo/content"}
"""Repository path → its place inside the package."""


class BuildWithSiteFiles(build_py):
    def run(self) -> None:
        super().run()
        package = Path(self.build_lib) / "generator"
        for source, target in PACKAGED.items():
            destination = package / target
            if Path(source).is_dir():
                shutil.copytree(source, destination, dirs_exist_ok=True)
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)


setup(cmdclass={"build_py": BuildWithSiteFiles})
