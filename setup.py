"""Copies the top-level ``resources/`` folder into the built package as
``app/_resources`` (where app/resources.py looks in an installed wheel), so the wheel
carries every template, font, icon and licence. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "app" / "_resources"
        shutil.copytree(HERE / "resources", target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithResources})
