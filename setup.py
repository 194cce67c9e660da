"""Build hook: the repository's ``rules/`` folder (the source of truth) goes into the wheel as
``screening/_rules``, so an installed package screens from any folder. Everything else is in
pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RULES = Path(__file__).resolve().parent / "rules"


class BuildWithRules(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads rules/ in place (screening.settings finds it)
        target = Path(self.build_lib) / "screening" / "_rules"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RULES, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithRules})
